/**
 * What goes wrong when a question is asked, as errors with codes from the one list
 * (operators/errors.ts `ErrorCodes.access…`) and the HTTP status each maps to. MCP answers the same
 * errors as tool results with `isError`, so an agent reads the same sentence a person does.
 */
import { ErrorCodes, SwitchyardError, type ErrorCode } from '../operators/errors.ts';

export interface AccessErrorDetails {
  /** For bad input: each problem's JSON path (`input.period.from`) and what it must be. */
  readonly problems?: readonly { readonly path: string; readonly message: string }[];
  /** For an unknown question: the closest names. */
  readonly closest?: readonly string[];
  /** For a store down: which. */
  readonly store?: string;
  /** For a rate limit: seconds until the next request is allowed. */
  readonly retryAfterSeconds?: number;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCodes.accessBadInput]: 400,
  [ErrorCodes.unknownProject]: 404,
  [ErrorCodes.accessUnauthorized]: 401,
  [ErrorCodes.accessRefused]: 403,
  [ErrorCodes.accessUnknownQuestion]: 404,
  [ErrorCodes.accessTooLarge]: 413,
  [ErrorCodes.accessRateLimited]: 429,
  [ErrorCodes.accessBadOutput]: 500,
  [ErrorCodes.accessStoreUnavailable]: 503,
  [ErrorCodes.accessWorkerUnavailable]: 503,
  [ErrorCodes.accessTimeout]: 504,
};

export class AccessError extends SwitchyardError {
  override readonly name: string = 'AccessError';
  readonly details: AccessErrorDetails;

  constructor(message: string, code: ErrorCode, details: AccessErrorDetails = {}, cause?: unknown) {
    super(message, code, { cause, retriable: code === ErrorCodes.accessStoreUnavailable || code === ErrorCodes.accessWorkerUnavailable || code === ErrorCodes.accessTimeout || code === ErrorCodes.accessRateLimited });
    this.details = details;
  }

  /** The HTTP status this error answers with. */
  get status(): number {
    return statusOf(this);
  }
}

/** The HTTP status of any error a question may throw (an UnknownProjectError is a 404 too). */
export function statusOf(error: unknown): number {
  if (error instanceof SwitchyardError) return STATUS[error.code as ErrorCode] ?? 500;
  return 500;
}
