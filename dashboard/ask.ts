/**
 * The page's one way to the data: `POST /v1/questions/<name>`, typed by the catalogue itself (the
 * type-only import below is erased when the module is served), so the page and an agent read the
 * same answers. A server with tokens answers 401: the page asks for a token (token.ts) and tries
 * once more.
 */
import type { AnswerOf, InputOf, QuestionName } from '../access/catalogue.ts';
import { askForToken, storedToken } from './token.ts';

/** A refusal, with the problem document's code and detail (serve/problem.ts). */
export class AskError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** How long a 429 says to wait. */
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, status: number, code: string | undefined, retryAfterSeconds?: number) {
    super(message);
    this.name = 'AskError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function headers(): Record<string, string> {
  const token = storedToken();
  return { 'Content-Type': 'application/json', Accept: 'application/json', ...(token === null ? {} : { Authorization: `Bearer ${token}` }) };
}

/** GETs or POSTs `path` as JSON; a 401 asks for a token once and tries again. */
export async function fetchJson<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const sentWith = storedToken();
    const response = await fetch(path, { method: body === undefined ? 'GET' : 'POST', headers: headers(), ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal === undefined ? {} : { signal }) });
    // Refused with a token older than the one given since (another request asked meanwhile): try the new one.
    if (response.status === 401 && attempt === 0 && (storedToken() !== sentWith || (await askForToken()))) continue;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AskError(`${path}: HTTP ${response.status}, not JSON`, response.status, undefined);
    }
    if (response.ok) return parsed as T;
    const problem = parsed as { detail?: string; code?: string; retryAfterSeconds?: number };
    const retryAfter = problem.retryAfterSeconds ?? (Number(response.headers.get('Retry-After')) || undefined);
    throw new AskError(problem.detail ?? `${path}: HTTP ${response.status}`, response.status, problem.code, retryAfter);
  }
}

/** One question of the catalogue. */
export function ask<N extends QuestionName>(name: N, input: InputOf<N>, signal?: AbortSignal): Promise<AnswerOf<N>> {
  return fetchJson<AnswerOf<N>>(`/v1/questions/${encodeURIComponent(name)}`, input, signal);
}
