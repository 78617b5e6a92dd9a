import type { GuardOptions, IsolateOptions } from './guard.ts';

/**
 * How a guard retries, breaks and limits, as numbers declared in configuration: a store's
 * `SinkSettings` and the actuator's `ActuatorSettings` extend it, and both take their guard
 * options from {@link guardOptionsFrom}, so one setting means the same thing everywhere and is
 * described here once. A write is one call of the guarded function: a sink's batch write, the
 * actuator's batch of commands (one per issue or channel).
 */
export interface GuardSettings {
  /**
   * Attempts per write in all, on retryable errors, before its failed records are dead-lettered
   * (a partial failure retries only the records that failed); 0: no limit. Where the guard
   * isolates poison records (a sink: `isolateAttempts`) it only caps `isolateAttempts`, since a
   * record is then dead-lettered for failing alone, never for its batch's failures. Outages and
   * configuration errors (the target's, never a record's) count no attempt wherever the guard
   * can tell them apart (a breaker or a health check), so they back up Kafka and dead-letter
   * nothing; permanent errors are dead-lettered at once either way.
   */
  readonly retryMaxAttempts: number;
  /**
   * With a health check (a sink's): tries a failing batch gets before it is searched by halves
   * for the records that fail alone, and a record gets alone, with growing backoff and the store
   * answering its health check before each, before it is dead-lettered; default 5.
   */
  readonly isolateAttempts?: number;
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
 * The retry, breaker and limiter options of {@link guard} that `settings` declare, and its poison
 * isolation (`isolateAttempts`) when the caller gives the target's health check; the caller adds
 * the node's name, flow control and scheduler.
 *
 * @example
 * batches.pipe(guard(write, { ...guardOptionsFrom(settings, storeAnswers), name: 'sink:postgres', flow, scheduler }))
 */
export function guardOptionsFrom(settings: GuardSettings, healthy?: IsolateOptions['healthy']): Pick<GuardOptions, 'retry' | 'breaker' | 'limiter' | 'isolate'> {
  const perSecond = settings.rateLimitPerSecond ?? 0;
  return {
    ...(healthy === undefined ? {} : { isolate: { healthy, ...(settings.isolateAttempts === undefined ? {} : { attempts: settings.isolateAttempts }) } }),
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
