import type { GuardOptions } from './guard.ts';

/**
 * How a guard retries, breaks and limits, as numbers declared in configuration: a store's
 * `SinkSettings` and the actuator's `ActuatorSettings` extend it, and both take their guard
 * options from {@link guardOptionsFrom}, so one setting means the same thing everywhere and is
 * described here once. A write is one call of the guarded function: a sink's batch write, the
 * actuator's batch of commands (one per issue or channel).
 */
export interface GuardSettings {
  /**
   * Attempts per write in all, on retriable errors, before its failed records are dead-lettered
   * (a partial failure retries only the records that failed); 0 retries until the target takes
   * them, so an outage of any length backs up Kafka and dead-letters nothing. Permanent errors
   * are dead-lettered at once either way.
   */
  readonly retryMaxAttempts: number;
  /** Ceiling of the first retry's wait, in ms (exponential, full jitter). */
  readonly retryInitialDelayMs: number;
  /** No retry waits longer, in ms; default 30 s. */
  readonly retryMaxDelayMs?: number;
  /** Failure percentage over the rolling window that opens the breaker. */
  readonly breakerErrorPercent: number;
  /** Calls seen in the window before the breaker may open. */
  readonly breakerVolumeThreshold: number;
  /** How long the breaker stays open before a trial call, in ms. */
  readonly breakerResetMs: number;
  /** Most writes per second; 0 or absent: unlimited. */
  readonly rateLimitPerSecond?: number;
}

/**
 * The retry, breaker and limiter options of {@link guard} that `settings` declare; the caller
 * adds the node's name, flow control and scheduler.
 *
 * @example
 * batches.pipe(guard(write, { ...guardOptionsFrom(settings), name: 'sink:postgres', flow, scheduler }))
 */
export function guardOptionsFrom(settings: GuardSettings): Pick<GuardOptions, 'retry' | 'breaker' | 'limiter'> {
  const perSecond = settings.rateLimitPerSecond ?? 0;
  return {
    retry: {
      maxAttempts: settings.retryMaxAttempts === 0 ? Number.POSITIVE_INFINITY : settings.retryMaxAttempts,
      initialDelayMs: settings.retryInitialDelayMs,
      maxDelayMs: settings.retryMaxDelayMs ?? 30_000,
    },
    breaker: { errorThresholdPercentage: settings.breakerErrorPercent, volumeThreshold: settings.breakerVolumeThreshold, resetTimeout: settings.breakerResetMs },
    // Options, not an instance: guard builds the limiter when the sub-topology runs, not when
    // the graph is traced or described.
    limiter: perSecond > 0 ? { reservoir: perSecond, reservoirRefreshAmount: perSecond, reservoirRefreshInterval: 1_000, maxConcurrent: 1 } : false,
  };
}
