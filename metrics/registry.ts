/**
 * Switchyard's Prometheus metrics, in one registry (prom-client, the maintained standard for
 * Node): the worker serves it on `/metrics`. Each metric is defined once here, named
 * `switchyard_…`, with labels of bounded cardinality only (never ids, keys or free text).
 */
import { Counter, Registry } from 'prom-client';

export const registry = new Registry();

/** Webhooks of events or actions no store uses: skipped on purpose, never an error. */
export const eventsSkipped = new Counter({
  name: 'switchyard_events_skipped_total',
  help: 'Raw webhooks skipped because Switchyard does not use their event or action, by source',
  labelNames: ['source'] as const,
  registers: [registry],
});

/** Records written to the dead-letter topic, by the stage that gave up on them. */
export const deadLettered = new Counter({
  name: 'switchyard_dead_lettered_total',
  help: 'Records sent to the dead-letter topic, by stage and error class',
  labelNames: ['stage', 'error_class'] as const,
  registers: [registry],
});
