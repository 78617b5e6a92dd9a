/**
 * What went wrong calling Jira or Slack, classified for `guard` (operators/errors.ts trusts
 * `retriable`): 429 (after the gate's own waits), 5xx and network errors are retriable; so is 401
 * (Slack: `invalid_auth` and the like), since bad credentials are the host's problem, not the
 * command's — dead-lettering would throw away every command until someone fixed the token, while
 * retrying opens the breaker and lets the backlog wait in Kafka. Any other 4xx, and a Slack
 * `ok: false` that says the request itself is wrong, are permanent and go to the dead-letter
 * topic with the status and the response body (redacted) in the message.
 *
 * `applied` says whether the target may have acted: `no` when it answered with a rejection (the
 * ledger then forgets the claim), `maybe` when the answer was a 5xx or never came, or when a
 * check of an earlier attempt failed (the next attempt checks the target before acting again).
 */
import { SwitchyardError } from '../operators/index.ts';
import { bodyForMessage } from './redact.ts';

export type Target = 'jira' | 'slack';

export interface UpstreamErrorOptions {
  readonly target: Target;
  /** What was called, without secrets: `POST /rest/api/3/issue/PROJ-1/comment`, `chat.postMessage`. */
  readonly call: string;
  /** HTTP status; null when no response came. */
  readonly status: number | null;
  /** The response body, or Slack's error code; already redacted. */
  readonly body: string;
  readonly retriable: boolean;
  readonly applied: 'no' | 'maybe';
  readonly cause?: unknown;
}

export class UpstreamError extends SwitchyardError {
  override readonly name: string = 'UpstreamError';
  readonly target: Target;
  readonly call: string;
  readonly status: number | null;
  readonly body: string;
  readonly applied: 'no' | 'maybe';

  constructor(options: UpstreamErrorOptions) {
    const answered = options.status === null ? 'got no answer' : `answered ${options.status}`;
    super(`${options.target} ${options.call} ${answered}: ${options.body}`, options.retriable ? 'SWY_UPSTREAM_RETRIABLE' : 'SWY_UPSTREAM_REJECTED', {
      retriable: options.retriable,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.target = options.target;
    this.call = options.call;
    this.status = options.status;
    this.body = options.body;
    this.applied = options.applied;
  }
}

/** The classification of an HTTP answer that was not a success. */
export function httpError(target: Target, call: string, status: number, body: string, secrets: readonly string[]): UpstreamError {
  const retriable = status === 429 || status === 401 || status >= 500;
  return new UpstreamError({ target, call, status, body: bodyForMessage(body, secrets), retriable, applied: status >= 500 ? 'maybe' : 'no' });
}

/** No answer at all (refused, reset, timed out): the request may or may not have been applied. */
export function networkError(target: Target, call: string, cause: unknown, secrets: readonly string[]): UpstreamError {
  const reason = cause instanceof Error ? `${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ''}` : String(cause);
  // The cause is kept for its class, but its text could carry a URL with a secret: not chained.
  return new UpstreamError({ target, call, status: null, body: bodyForMessage(reason, secrets), retriable: true, applied: 'maybe' });
}

/** A command the target cannot carry out as asked (no such transition…): permanent, nothing applied. */
export function rejected(target: Target, call: string, reason: string): UpstreamError {
  return new UpstreamError({ target, call, status: null, body: reason, retriable: false, applied: 'no' });
}

/**
 * Runs a read-back of an earlier, uncertain attempt (a marker, a status, Slack's history). Any
 * answer that stops the check leaves that attempt's outcome unknown, so its error is `maybe`
 * and retriable whatever the status: a 4xx or 429 here, classified as a rejection, released the
 * claim, and the next attempt acted without looking — a second comment, or a message that may
 * have been posted dead-lettered.
 */
export async function checking<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof UpstreamError) || (error.applied === 'maybe' && error.retriable)) throw error;
    throw new UpstreamError({ target: error.target, call: `${error.call} (checking an earlier attempt)`, status: error.status, body: error.body, retriable: true, applied: 'maybe', cause: error });
  }
}
