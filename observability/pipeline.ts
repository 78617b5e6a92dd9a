/**
 * Builds the pipeline snapshot (observability/pipelineSnapshot.ts) from three things the worker
 * already has: the supervisor's status, the topology it runs, and Switchyard's metrics registry,
 * read with `getMetricsAsJSON()` (structured values, never the text format parsed back).
 *
 * Which nodes count, read off the node kinds `describe()` prints (operators/instrumentation.ts
 * says what each node's records in and out are):
 *
 * - records in: `switchyard_records_in_total` of its source nodes (role `source`): what it consumed;
 * - records out: of its last nodes, the role `sink` nodes that are not `deadLetter`:
 *   - `to` (normalize's outputs): `switchyard_records_out_total`, the records it produced;
 *   - `guard` (a store's or the actuator's writer): `switchyard_sink_write_records_total` with
 *     outcome `ok` or `partial`, the records the store took (a partly failed call counts what it
 *     wrote). Not its records in minus its records out (the failures it gave up on): that counts
 *     a batch the guard still holds, retrying or behind an open breaker, as written, so the page
 *     would show records reaching a store that is down;
 * - breakers: `switchyard_breaker_state` of its `guard` nodes; a guard without a breaker has no series;
 * - dead letters: `switchyard_records_out_total` of its `deadLetter` nodes, each emitted once the
 *   dead letter is durable, the same moment `switchyard_dead_lettered_total` counts it. That counter
 *   is labelled by stage, not sub-topology; its stages are the sub-topology's name (`normalize`,
 *   `sink:<store>`, the actuator's decode `actuator`) or a guard's (`actuator:jira`), so counting at
 *   the node needs no name rule and stays right if a stage is renamed;
 * - lag: `switchyard_consumer_lag` summed over its consumer group; null while the collector has
 *   not read the group yet (every few seconds: run.ts).
 *
 * Counters live as long as the process: totals since it started, across restarts.
 */
import type { Registry } from 'prom-client';
import { registry as switchyardRegistry } from '../metrics/registry.ts';
import { scrubText } from './logger.ts';
import type { SubTopologyStatus } from '../worker/supervisor.ts';
import type { BreakerStateName, PipelineSnapshot, SubTopologySnapshot } from './pipelineSnapshot.ts';

/** What the snapshot needs of a built topology (operators/topology.ts `Topology`). */
export interface DescribedTopology {
  readonly subTopologies: readonly {
    readonly name: string;
    readonly spec: { readonly groupId: string };
    readonly nodes: readonly { readonly name: string; readonly kind: string; readonly role: string }[];
  }[];
  describeMermaid(): string;
}

/** One metric as `Registry#getMetricsAsJSON()` gives it (only what is read here). */
export interface MetricJson {
  readonly name: string;
  readonly values: readonly { readonly value: number; readonly labels: Readonly<Record<string, string | number | undefined>> }[];
}

export interface PipelineSnapshotInput {
  readonly at: Date;
  readonly status: readonly SubTopologyStatus[];
  readonly topology: DescribedTopology;
  readonly metrics: readonly MetricJson[];
}

const BREAKER_STATES: Readonly<Record<number, BreakerStateName>> = { 0: 'closed', 1: 'halfOpen', 2: 'open' };

/** The snapshot of `input`: pure, so a test hands it metrics and a topology. */
export function pipelineSnapshotOf(input: PipelineSnapshotInput): PipelineSnapshot {
  const series = (name: string) => input.metrics.find((m) => m.name === name)?.values ?? [];
  const recordsIn = series('switchyard_records_in_total');
  const recordsOut = series('switchyard_records_out_total');
  const written = series('switchyard_sink_write_records_total').filter((v) => v.labels.outcome === 'ok' || v.labels.outcome === 'partial');
  const breakers = series('switchyard_breaker_state');
  const lag = series('switchyard_consumer_lag');
  const ofNode = (values: MetricJson['values'], subTopology: string, node: string) =>
    values.filter((v) => v.labels.sub_topology === subTopology && v.labels.node === node);
  const sum = (values: MetricJson['values']) => values.reduce((total, v) => total + v.value, 0);

  const subTopologies = input.topology.subTopologies.map(({ name, spec, nodes }): SubTopologySnapshot => {
    const status = input.status.find((s) => s.name === name);
    const groupLag = lag.filter((v) => v.labels.group === spec.groupId);
    const last = nodes.filter((n) => n.role === 'sink' && n.kind !== 'deadLetter');
    return {
      name,
      state: status?.state ?? 'notRunHere',
      // Scrubbed as a log line is: the snapshot leaves the machine through serve's /v1/pipeline.
      lastError: status?.lastError == null ? null : scrubText(status.lastError),
      restarts: status?.restarts ?? 0,
      group: spec.groupId,
      lag: groupLag.length === 0 ? null : sum(groupLag),
      recordsIn: sum(nodes.filter((n) => n.role === 'source').flatMap((n) => ofNode(recordsIn, name, n.name))),
      recordsOut: last.reduce((total, n) => total + sum(ofNode(n.kind === 'guard' ? written : recordsOut, name, n.name)), 0),
      breakers: nodes
        .filter((n) => n.kind === 'guard')
        .flatMap((n) => ofNode(breakers, name, n.name).flatMap((v) => (BREAKER_STATES[v.value] === undefined ? [] : [{ node: n.name, state: BREAKER_STATES[v.value]! }]))),
      deadLettered: sum(nodes.filter((n) => n.kind === 'deadLetter').flatMap((n) => ofNode(recordsOut, name, n.name))),
    };
  });

  const deadLettered = series('switchyard_dead_lettered_total')
    .filter((v) => v.value > 0)
    .map((v) => ({ stage: String(v.labels.stage ?? ''), errorClass: String(v.labels.error_class ?? ''), count: v.value }))
    .sort((a, b) => b.count - a.count || a.stage.localeCompare(b.stage) || a.errorClass.localeCompare(b.errorClass));

  return { at: input.at.toISOString(), topology: { mermaid: input.topology.describeMermaid() }, subTopologies, deadLettered };
}

export interface PipelineSource {
  status(): readonly SubTopologyStatus[];
  readonly topology: DescribedTopology;
}

/**
 * A function that snapshots `source` now, reading `registry` (default Switchyard's): what the
 * worker's `/pipeline` serves and what `npm start` hands the access layer in the same process.
 */
export function pipelineSnapshots(source: PipelineSource, registry: Registry = switchyardRegistry, now: () => Date = () => new Date()): () => Promise<PipelineSnapshot> {
  return async () => {
    const metrics = (await registry.getMetricsAsJSON()) as unknown as readonly MetricJson[];
    return pipelineSnapshotOf({ at: now(), status: source.status(), topology: source.topology, metrics });
  };
}
