/**
 * The typed client over HTTP (`switchyard serve`'s `POST /v1/questions/<name>`), for another
 * process or a page: the same `QuestionClient` type as in process. A refusal comes back as an
 * AccessError rebuilt from the problem document (its code, status and details), so callers handle
 * both clients alike. Uses only `fetch`: no Node-only imports.
 *
 *     const client = httpClient('http://127.0.0.1:8790', { token: process.env.SWITCHYARD_TOKEN });
 *     const { user } = await client.ask('user_by_github_login', { login: 'octocat' });
 */
import { ErrorCodes, type ErrorCode } from '../operators/errors.ts';
import type { QuestionClient } from './client.ts';
import { AccessError, type AccessErrorDetails } from './errors.ts';

export interface HttpClientOptions {
  /** A bearer token (`switchyard serve token NAME` makes one); none for a loopback server without tokens. */
  readonly token?: string | undefined;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
}

const CODES = new Set<string>(Object.values(ErrorCodes));

export function httpClient(baseUrl: string, options: HttpClientOptions = {}): QuestionClient {
  const base = baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? fetch;
  return {
    async ask(name, input, askOptions) {
      const response = await send(`${base}/v1/questions/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }) },
        body: JSON.stringify(input ?? {}),
        ...(askOptions?.signal === undefined ? {} : { signal: askOptions.signal }),
      });
      const text = await response.text();
      const body = parsed(text);
      if (response.ok && body.json) return body.value as never;
      // A proxy's HTML error page, or a 200 that is not JSON: still an AccessError, quoting what came back.
      throw refusalOf(response.ok ? 502 : response.status, body.json ? body.value : { detail: `HTTP ${response.status}${response.ok ? ' but not JSON' : ''}: ${text.slice(0, 200)}` });
    },
  };
}

function parsed(text: string): { json: true; value: unknown } | { json: false } {
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false };
  }
}

/** The AccessError a problem document describes (or a plain one when the server answered something else). */
function refusalOf(status: number, body: unknown): AccessError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; detail?: unknown } & AccessErrorDetails;
  const code = (typeof problem.code === 'string' && CODES.has(problem.code) ? problem.code : status === 503 ? ErrorCodes.accessStoreUnavailable : ErrorCodes.generic) as ErrorCode;
  const detail = typeof problem.detail === 'string' ? problem.detail : `HTTP ${status}`;
  const details: AccessErrorDetails = {
    ...(problem.problems === undefined ? {} : { problems: problem.problems }),
    ...(problem.closest === undefined ? {} : { closest: problem.closest }),
    ...(problem.store === undefined ? {} : { store: problem.store }),
    ...(problem.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: problem.retryAfterSeconds }),
  };
  return new AccessError(detail, code, details);
}
