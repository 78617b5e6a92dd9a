/**
 * Every store's batch, retry, breaker and rate-limit settings, read through sinks/settings.ts
 * (which owns the rules and defaults) but with every bad variable reported at once, and a
 * misspelt `SWITCHYARD_SINK_…` variable rejected instead of silently ignored.
 */
import { envName, SINK_DEFAULTS, sinkSettings, type SinkSettings } from '../sinks/settings.ts';
import { STORES, type Store } from '../topology/routing.ts';
import { type Env, Problems, type Setting, valueOf } from './spec.ts';

/** What each setting means; keyed by the fields, so a new field cannot go undescribed. */
const DESCRIPTIONS: Readonly<Record<keyof SinkSettings, string>> = {
  batchMaxRecords: 'Largest batch written at once',
  batchMaxWaitMs: 'Longest an event waits for its batch to fill, in milliseconds',
  retryMaxAttempts: 'Attempts per batch on retriable errors before dead-lettering; 0 retries until the store takes it',
  retryInitialDelayMs: 'First retry delay ceiling in milliseconds (exponential, full jitter)',
  breakerErrorPercent: 'Failure percentage over the rolling window that opens the breaker (1-100)',
  breakerVolumeThreshold: 'Calls seen in the window before the breaker may open',
  breakerResetMs: 'How long the breaker stays open before a trial call, in milliseconds',
  rateLimitPerSecond: 'Most batch writes per second to the store; 0: unlimited',
};

const FIELDS = Object.keys(DESCRIPTIONS) as (keyof SinkSettings)[];

/** Every per-sink variable, store by store, with that store's default. */
export const SINK_SETTINGS: readonly Setting[] = STORES.flatMap((store) =>
  FIELDS.map((field) => ({ name: envName(store, field), description: `sink:${store}: ${DESCRIPTIONS[field]}`, default: String(SINK_DEFAULTS[store][field]) })),
);

const KNOWN = new Set(SINK_SETTINGS.map((s) => s.name));

export function readSinkSettings(env: Env, problems: Problems): Record<Store, SinkSettings> {
  for (const name of Object.keys(env)) {
    if (name.startsWith('SWITCHYARD_SINK_') && !KNOWN.has(name) && valueOf(env, name) !== undefined) {
      problems.add(name, `is not a setting: the stores are ${STORES.join(', ')}; see .env.example for their SWITCHYARD_SINK_<STORE>_<SETTING> variables`);
    }
  }
  const entries = STORES.map((store) => {
    // sinkSettings stops at its store's first bad variable; checking each alone finds them all.
    let valid = true;
    for (const field of FIELDS) {
      const name = envName(store, field);
      const value = valueOf(env, name);
      if (value === undefined) continue;
      try {
        sinkSettings(store, { [name]: value });
      } catch (error) {
        valid = false;
        problems.add(name, (error instanceof Error ? error.message : String(error)).replace(new RegExp(`^${name}:?\\s*`), ''));
      }
    }
    return [store, valid ? sinkSettings(store, { ...env }) : SINK_DEFAULTS[store]] as const;
  });
  return Object.fromEntries(entries) as Record<Store, SinkSettings>;
}
