/**
 * Dry-run (issue 6): with no credentials for a target, the actuator sends nothing and logs the
 * exact request it would have sent instead — method, URL, headers and body, each through
 * redact.ts, so an Authorization header reads `Basic [redacted]` and a webhook URL keeps its
 * host but not its secret path.
 *
 * It sits where the real fetch would, below the clients (Slack's WebClient serializes the call
 * itself, so what is logged is what would go on the wire), and answers with a canned success so
 * the client carries on.
 */
import type { FetchLike } from './hostGate.ts';
import { redact, redactHeaders } from '../redact.ts';

/** The few logger methods the actuator uses: pino's, and a test's recorder. */
export interface ActuatorLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** A request as it may be logged. */
export interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | null;
}

export function describeRequest(url: string | URL, init: RequestInit | undefined, secrets: readonly string[]): LoggedRequest {
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  const body = typeof init?.body === 'string' ? init.body : init?.body == null ? null : `(${typeof init.body})`;
  return {
    method: init?.method ?? 'GET',
    url: redact(String(url), secrets),
    headers: redactHeaders(headers, secrets),
    body: body === null ? null : redact(body, secrets),
  };
}

export interface DryRunOptions {
  readonly target: string;
  readonly logger: ActuatorLogger;
  /** Known secret values, replaced wherever they appear. */
  readonly secrets: readonly string[];
  /** The canned answer for a request; default 200 `{"ok":true}`. */
  readonly respond?: (url: URL, init: RequestInit | undefined) => Response;
}

/** A fetch that logs the request and sends nothing. */
export function dryRunFetch(options: DryRunOptions): FetchLike {
  return async (url, init) => {
    options.logger.info({ dryRun: true, target: options.target, request: describeRequest(url, init, options.secrets) }, `dry run: would send ${init?.method ?? 'GET'} to ${options.target}`);
    return options.respond?.(new URL(String(url)), init) ?? Response.json({ ok: true });
  };
}
