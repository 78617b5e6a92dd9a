/** How long to wait before a retry: exponential, capped, with full jitter. */
export interface RetryPolicy {
  /** Attempts in all, the first included; default 5. */
  readonly maxAttempts?: number;
  /** Ceiling of the first wait; default 100 ms. */
  readonly initialDelayMs?: number;
  /** No wait exceeds this; default 30 s. */
  readonly maxDelayMs?: number;
  /** Source of randomness in [0, 1]; injectable so tests know the delays. */
  readonly random?: () => number;
}

/**
 * The wait before attempt `attempt + 1`: uniform in [0, min(max, initial·2^(attempt−1))] ("full
 * jitter", AWS Architecture Blog): spreads the retries of many workers hitting one recovering
 * store instead of having them all come back at once.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy = {}): number {
  const initial = policy.initialDelayMs ?? 100;
  const max = policy.maxDelayMs ?? 30_000;
  const random = policy.random ?? Math.random;
  const ceiling = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return Math.floor(ceiling * Math.min(1, Math.max(0, random())));
}
