/**
 * The vector sinks' error: a SwitchyardError (operators/errors.ts) whose `retriable` says whether
 * the guard operator should try the write again — a rate limit (429), an outage (5xx) or a lost
 * connection may pass; a bad request (4xx), an oversized record or a dimension mismatch never
 * will — and which record it is about, when one record is the cause.
 */
import { SwitchyardError } from '../../operators/errors.ts';

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
  constructor(message: string, code: VectorErrorCode, options: VectorErrorOptions) {
    super(message, code, { retriable: options.retriable, ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.recordId = options.recordId;
    this.status = options.status;
  }
}

/** Rate limits, timeouts and server faults may pass; every other HTTP failure is the request's fault. */
export function retriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
