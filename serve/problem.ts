/**
 * Errors as HTTP answers: `application/problem+json` (RFC 9457), one shape for every refusal, so a
 * client reads `code` and the details without parsing the sentence:
 *
 *     { "type": "urn:switchyard:error:SWY_ACCESS_BAD_INPUT", "title": "Bad input", "status": 400,
 *       "detail": "dora_metrics: input.period.from must be an ISO date or time…", "code": "SWY_ACCESS_BAD_INPUT",
 *       "problems": [{ "path": "input.period.from", "message": "must be an ISO date or time…" }] }
 *
 * `closest` (404: the nearest question names), `store` (503: which store is down) and
 * `retryAfterSeconds` (429) are there when they apply. An error that is not ours is a 500 whose
 * detail says only that (its message may hold a driver's internals); it is logged in full.
 */
import { AccessError, statusOf } from '../access/errors.ts';
import { ErrorCodes, SwitchyardError } from '../operators/errors.ts';
import { scrubText } from '../observability/logger.ts';
import { problemDocument } from '../observability/problemDocument.ts';

export { PROBLEM_JSON } from '../observability/problemDocument.ts';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad input',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Request body too large',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Store unavailable',
  504: 'Timed out',
};

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly problems?: readonly { readonly path: string; readonly message: string }[];
  readonly closest?: readonly string[];
  readonly store?: string;
  readonly retryAfterSeconds?: number;
}

/** The problem document for `error`. */
export function problemOf(error: unknown): Problem {
  const status = statusOf(error);
  const code = error instanceof SwitchyardError ? error.code : ErrorCodes.internal;
  // Our own refusals say what happened; anything else may quote a driver's internals.
  const ours = error instanceof AccessError || (error instanceof SwitchyardError && status < 500);
  const detail = ours ? scrubText(error.message) : 'the server failed to answer; the error is in its log';
  const details = error instanceof AccessError ? error.details : {};
  return {
    ...problemDocument(status, code, detail, TITLES[status] ?? 'Error'),
    ...(details.problems === undefined ? {} : { problems: details.problems }),
    ...(details.closest === undefined ? {} : { closest: details.closest }),
    ...(details.store === undefined ? {} : { store: details.store }),
    ...(details.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: details.retryAfterSeconds }),
  };
}
