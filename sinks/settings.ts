/**
 * How each sink batches, retries, breaks and limits: declared per store (its descriptor's
 * `sinkDefaults`), applied by the shared operators (batch, guard), never coded in a sink. Every
 * setting can be overridden from the environment as `SWITCHYARD_SINK_<STORE>_<SETTING>`
 * (e.g. `SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_RECORDS=5000`), validated at start; a misspelt
 * `SWITCHYARD_SINK_…` variable is rejected rather than silently ignored.
 */
import { z } from 'zod';
import { ConfigError } from '../config/errors.ts';
import { type ConfigSection, type Env, Problems, type Setting, valueOf, wholeNumber } from '../config/spec.ts';
import type { GuardSettings } from '../operators/guardSettings.ts';
import { STORES, type Store, storeNamed } from './registry.ts';

/**
 * A store's batching and its guard's settings (described in GuardSettings). Without
 * `retryMaxDelayMs`: no variable sets it, so a store's default for it would be dropped when the
 * environment is read; sinks keep guard's 30 s.
 */
export interface SinkSettings extends Omit<GuardSettings, 'retryMaxDelayMs'> {
  /** Largest batch written at once. */
  readonly batchMaxRecords: number;
  /** Longest an event waits for its batch to fill, in ms. */
  readonly batchMaxWaitMs: number;
  /** Required here: every store declares its rate, and each is a variable (0: unlimited). */
  readonly rateLimitPerSecond: number;
  /** Required here: every sink isolates poison records (its health check is `health()`), and each store declares its tries. */
  readonly isolateAttempts: number;
}

/** Each setting: what it means and what it must be; keyed by the fields, so a new field cannot go undescribed. */
const FIELDS: Readonly<Record<keyof SinkSettings, { readonly description: string; readonly schema: z.ZodType<number> }>> = {
  batchMaxRecords: { description: 'Largest batch written at once', schema: wholeNumber(1, 1_000_000) },
  batchMaxWaitMs: { description: 'Longest an event waits for its batch to fill, in milliseconds', schema: wholeNumber(1, 3_600_000) },
  retryMaxAttempts: {
    description: 'Most tries on retryable errors (a timeout, an error no code places): caps this store’s ISOLATE_ATTEMPTS; 0: no cap. Outages and configuration errors count no try and dead-letter nothing',
    schema: wholeNumber(0, 1_000_000),
  },
  isolateAttempts: {
    description:
      'Tries a batch failing retryably gets before it is searched by halves for the records that fail alone, and a record gets alone (growing backoff, the store answering its health check before each) before it is dead-lettered',
    schema: wholeNumber(1, 100),
  },
  retryInitialDelayMs: { description: 'First retry delay ceiling in milliseconds (exponential, full jitter)', schema: wholeNumber(1, 3_600_000) },
  breakerErrorPercent: { description: 'Failure percentage over the rolling window that opens the breaker (1-100)', schema: wholeNumber(1, 100) },
  breakerVolumeThreshold: { description: 'Calls seen in the window before the breaker may open', schema: wholeNumber(1, 1_000_000) },
  breakerResetMs: { description: 'How long the breaker stays open before a trial call, in milliseconds', schema: wholeNumber(1, 3_600_000) },
  rateLimitPerSecond: { description: 'Most batch writes per second to the store; 0: unlimited', schema: wholeNumber(0, 1_000_000) },
};

const FIELD_NAMES = Object.keys(FIELDS) as (keyof SinkSettings)[];

/** The variable overriding one setting of one store, e.g. SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_RECORDS. */
export const envName = (store: Store, field: keyof SinkSettings): string => `SWITCHYARD_SINK_${store.toUpperCase()}_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** Each store's defaults, by store name (from the stores' descriptors). */
export const SINK_DEFAULTS: Readonly<Record<Store, SinkSettings>> = Object.fromEntries(STORES.map((store) => [store.name, store.sinkDefaults])) as Record<Store, SinkSettings>;

const SETTINGS: readonly Setting[] = STORES.flatMap((store) =>
  FIELD_NAMES.map((field) => ({ name: envName(store.name, field), description: `sink:${store.name}: ${FIELDS[field].description}`, default: String(store.sinkDefaults[field]) })),
);
const KNOWN = new Set(SETTINGS.map((s) => s.name));

function readStore(store: Store, env: Env, problems: Problems): SinkSettings {
  const defaults = storeNamed(store).sinkDefaults;
  const entries = FIELD_NAMES.map((field) => [field, problems.read(env, envName(store, field), FIELDS[field].schema, String(defaults[field])) ?? defaults[field]] as const);
  return Object.fromEntries(entries) as unknown as SinkSettings;
}

/** Every store's batch, retry, breaker and rate-limit settings, as one section of the configuration. */
export const sinkSettingsConfig: ConfigSection<Record<Store, SinkSettings>> = {
  title: 'Per-sink batching, retries, breaker and rate limit',
  settings: SETTINGS,
  read(env, problems) {
    for (const name of Object.keys(env)) {
      if (name.startsWith('SWITCHYARD_SINK_') && !KNOWN.has(name) && valueOf(env, name) !== undefined) {
        problems.add(name, `is not a setting: the stores are ${STORES.map((s) => s.name).join(', ')}; see .env.example for their SWITCHYARD_SINK_<STORE>_<SETTING> variables`);
      }
    }
    return Object.fromEntries(STORES.map((store) => [store.name, readStore(store.name, env, problems)])) as Record<Store, SinkSettings>;
  },
};

/** One store's settings: its defaults, overridden by the environment; a ConfigError names every bad variable. */
export function sinkSettings(store: Store, env: Env = process.env): SinkSettings {
  const problems = new Problems(SETTINGS);
  const settings = readStore(store, env, problems);
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  return settings;
}
