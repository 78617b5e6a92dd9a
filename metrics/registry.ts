/**
 * Switchyard's Prometheus metrics, in one registry (prom-client, the maintained standard for
 * Node): the worker serves it on `/metrics`. Each metric is defined once in this folder, named
 * `switchyard_…`, with labels of bounded cardinality only (never ids, keys or free text).
 *
 * - here: skipped events, dead letters, and the process's own metrics (`switchyard_process_…`,
 *   `switchyard_nodejs_…`: CPU, memory, event-loop lag, GC);
 * - `topology.ts`: records in and out per node, batch sizes, sink writes, breaker states;
 * - `consumerLag.ts`: consumer lag per group, topic and partition.
 */
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();

const SKIPPED_EVENT_NAMES_PER_SOURCE = 50;
const skippedNames = new Map<string, Set<string>>();

collectDefaultMetrics({ register: registry, prefix: 'switchyard_' });

/** Webhooks of events or actions no store uses: skipped on purpose, never an error (normalize's `events_skipped` counter, topology.ts). */
export const eventsSkipped = new Counter({
  name: 'switchyard_events_skipped_total',
  help: `Raw webhooks skipped because Switchyard does not use their event or action, by source and event name (after ${SKIPPED_EVENT_NAMES_PER_SOURCE} names per source, "other")`,
  labelNames: ['source', 'event'] as const,
  registers: [registry],
});

/**
 * Counts a skipped webhook by its source and event name (`ping`, `jira:worklog_updated`). The
 * name comes from the sender, so a source's first few distinct names get a series each and the
 * rest share `other`: a stream of made-up names cannot grow the registry without bound.
 */
export function countSkipped(source: string, event: string): void {
  let names = skippedNames.get(source);
  if (names === undefined) skippedNames.set(source, (names = new Set()));
  if (!names.has(event) && names.size < SKIPPED_EVENT_NAMES_PER_SOURCE) names.add(event);
  eventsSkipped.inc({ source, event: names.has(event) ? event : 'other' });
}

/** Records written to the dead-letter topic, by the stage that gave up on them (fed by each deadLetter node's meter, topology.ts). */
export const deadLettered = new Counter({
  name: 'switchyard_dead_lettered_total',
  help: 'Records sent to the dead-letter topic, by stage and error class',
  labelNames: ['stage', 'error_class'] as const,
  registers: [registry],
});

/** What the actuator did with each Jira command and Slack notification (its sub-topology's `actuator_actions` counter, topology.ts). */
export const actuatorActions = new Counter({
  name: 'switchyard_actuator_actions_total',
  help: 'Jira commands and Slack notifications by target and outcome: performed, found-done (an earlier attempt had), duplicate (skipped by the ledger), dry-run',
  labelNames: ['target', 'outcome'] as const,
  registers: [registry],
});
