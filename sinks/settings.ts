/**
 * How each sink batches, retries, breaks and limits: declared here per store, applied by the
 * shared operators (batch, guard), never coded in a sink. Defaults suit each store; every
 * setting can be overridden from the environment as `SWITCHYARD_SINK_<STORE>_<SETTING>`
 * (e.g. `SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_RECORDS=5000`), validated at start.
 */
import { z } from 'zod';
import type { Store } from '../topology/routing.ts';

export interface SinkSettings {
  /** Largest batch written at once. */
  readonly batchMaxRecords: number;
  /** Longest an event waits for its batch to fill, in ms. */
  readonly batchMaxWaitMs: number;
  /**
   * Attempts per batch on retriable errors before its events are dead-lettered; 0 (the default)
   * retries until the store takes them, so an outage of any length backs up Kafka and
   * dead-letters nothing. Permanent errors are dead-lettered at once either way.
   */
  readonly retryMaxAttempts: number;
  /** First retry delay ceiling in ms (exponential, full jitter). */
  readonly retryInitialDelayMs: number;
  /** Failure percentage over the rolling window that opens the breaker. */
  readonly breakerErrorPercent: number;
  /** Calls seen in the window before the breaker may open. */
  readonly breakerVolumeThreshold: number;
  /** How long the breaker stays open before a trial call, in ms. */
  readonly breakerResetMs: number;
  /** Most batch writes per second to the store (0: unlimited). */
  readonly rateLimitPerSecond: number;
}

/**
 * Each store's defaults: big batches where the store wants them (ClickHouse); vectors at 500 events
 * (they fold into a few dozen profiles, far below Pinecone's 1,000 vectors / 2 MB per upsert, which
 * the sink chunks to anyway), limited to 5 writes/s to stay clear of its request-rate limits.
 */
export const SINK_DEFAULTS: Readonly<Record<Store, SinkSettings>> = {
  postgres: { batchMaxRecords: 500, batchMaxWaitMs: 200, retryMaxAttempts: 0, retryInitialDelayMs: 200, breakerErrorPercent: 50, breakerVolumeThreshold: 5, breakerResetMs: 10_000, rateLimitPerSecond: 0 },
  clickhouse: { batchMaxRecords: 5_000, batchMaxWaitMs: 1_000, retryMaxAttempts: 0, retryInitialDelayMs: 500, breakerErrorPercent: 50, breakerVolumeThreshold: 3, breakerResetMs: 10_000, rateLimitPerSecond: 10 },
  pinecone: { batchMaxRecords: 500, batchMaxWaitMs: 1_000, retryMaxAttempts: 0, retryInitialDelayMs: 500, breakerErrorPercent: 50, breakerVolumeThreshold: 3, breakerResetMs: 15_000, rateLimitPerSecond: 5 },
  neo4j: { batchMaxRecords: 500, batchMaxWaitMs: 200, retryMaxAttempts: 0, retryInitialDelayMs: 200, breakerErrorPercent: 50, breakerVolumeThreshold: 5, breakerResetMs: 10_000, rateLimitPerSecond: 0 },
};

const positive = z.coerce.number().int().positive();
const FIELDS: Readonly<Record<keyof SinkSettings, z.ZodType<number>>> = {
  batchMaxRecords: positive,
  batchMaxWaitMs: positive,
  retryMaxAttempts: z.coerce.number().int().min(0),
  retryInitialDelayMs: positive,
  breakerErrorPercent: z.coerce.number().int().min(1).max(100),
  breakerVolumeThreshold: positive,
  breakerResetMs: positive,
  rateLimitPerSecond: z.coerce.number().int().min(0),
};

/** The variable overriding one setting of one store, e.g. SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_RECORDS. */
export const envName = (store: Store, field: string): string => `SWITCHYARD_SINK_${store.toUpperCase()}_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** A store's settings: its defaults, overridden by the environment; a bad value names its variable. */
export function sinkSettings(store: Store, env: NodeJS.ProcessEnv = process.env): SinkSettings {
  const settings: Record<string, number> = { ...SINK_DEFAULTS[store] };
  for (const [field, schema] of Object.entries(FIELDS)) {
    const variable = envName(store, field);
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`${variable} must be ${describe(field)}, got "${raw}"`);
    settings[field] = parsed.data;
  }
  return settings as unknown as SinkSettings;
}

function describe(field: string): string {
  if (field === 'breakerErrorPercent') return 'a whole number from 1 to 100';
  if (field === 'rateLimitPerSecond' || field === 'retryMaxAttempts') return 'a whole number ≥ 0 (0: unlimited)';
  return 'a whole number ≥ 1';
}
