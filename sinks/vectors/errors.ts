/**
 * The vector sinks' error: a SwitchyardError (operators/errors.ts) whose `classification` says
 * what it means for the record — a rate limit (429), a gateway's outage (502, 503, 504) or a lost
 * connection is transient, never the record's, and the guard waits for the service; a timeout
 * (408) or another server fault (500) may pass or may be the request's, which isolation decides;
 * a bad request (400, 413, 422), an oversized record or a dimension mismatch never will pass; a
 * rejected key, a forbidden action or a missing index (401, 403, 404) is the store's setup, not
 * the record's, and never dead-lettered — and which record it is about, when one record is the
 * cause. pgvector's SQLSTATEs mean what they mean for PostgreSQL (postgres/errors.ts).
 */
import { type Classification, SwitchyardError, networkErrorCode } from '../../operators/errors.ts';

export const VECTOR_ERROR_CODES = {
  /** The store answered with a failure or could not be reached. */
  store: 'SWY_VECTOR_STORE',
  /** A record breaks a documented limit of the store (size, id length) before it is sent. */
  limit: 'SWY_VECTOR_LIMIT',
  /** The embedding provider failed. */
  embedding: 'SWY_VECTOR_EMBEDDING',
} as const;
export type VectorErrorCode = (typeof VECTOR_ERROR_CODES)[keyof typeof VECTOR_ERROR_CODES];

export interface VectorErrorOptions {
  readonly retriable: boolean;
  /**
   * What it means for the record; by default from `status` when there is one, else transient for
   * a retriable failure that never reached the service ({@link unreachable}), else from `retriable`.
   */
  readonly classification?: Classification;
  readonly cause?: unknown;
  /** The record id the error is about, when one record is the cause. */
  readonly recordId?: string;
  /** The HTTP status the service answered, when there was one. */
  readonly status?: number;
}

export class VectorStoreError extends SwitchyardError {
  override readonly name: string = 'VectorStoreError';
  readonly recordId: string | undefined;
  readonly status: number | undefined;
  readonly classification: Classification;
  constructor(message: string, code: VectorErrorCode, options: VectorErrorOptions) {
    const classification =
      options.classification ??
      (options.status !== undefined ? statusClassification(options.status) : !options.retriable ? 'permanent' : unreachable(options.cause) ? 'transient' : 'retryable');
    super(message, code, { retriable: classification !== 'permanent', ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.recordId = options.recordId;
    this.status = options.status;
    this.classification = classification;
  }
}

/**
 * What an HTTP status from Pinecone (or an embeddings API) means for the record: 429 (a rate
 * limit) and 502, 503, 504 (a gateway with nothing behind it, a service down or overloaded) are
 * transient; 408 and any other 5xx (500 an internal error) may pass, or may be the request's doing,
 * so retryable; 401 (the API key), 402 (the plan), 403 (a forbidden action) and 404 (no such
 * index or namespace host) are the setup's; any other 4xx (400 bad request, 413 too large, 422
 * unprocessable) is the request's, so the record's.
 */
export function statusClassification(status: number): Classification {
  if (status === 429 || status === 502 || status === 503 || status === 504) return 'transient';
  if (status === 408 || status >= 500) return 'retryable';
  if (status === 401 || status === 402 || status === 403 || status === 404) return 'configuration';
  return 'permanent';
}

/** Whether a retry may help: a passing fault, or the setup once a person fixed it. */
export function retriableStatus(status: number): boolean {
  return statusClassification(status) !== 'permanent';
}

/** Client errors that say the request never reached the service (the Pinecone SDK's wording for a failed fetch). */
const UNREACHABLE_ERRORS: ReadonlySet<string> = new Set(['PineconeConnectionError']);

/** Whether `cause` says the service could not be reached: a network error code, or a client's error for it. */
export function unreachable(cause: unknown): boolean {
  return networkErrorCode(cause) !== undefined || (cause instanceof Error && UNREACHABLE_ERRORS.has(cause.name));
}
