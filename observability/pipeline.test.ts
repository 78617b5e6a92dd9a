import { Counter, Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { consumerLag } from '../metrics/consumerLag.ts';
import { prometheusInstrumentation } from '../metrics/topology.ts';
import { PermanentError, TopologyTestDriver, recordingSink, type StreamRecord } from '../operators/index.ts';
import { exampleTopology, type Event } from '../operators/testing/pipelines.ts';
import { pipelineSnapshotOf, pipelineSnapshots, type DescribedTopology } from './pipeline.ts';
import { pipelineSnapshotSchema } from './pipelineSnapshot.ts';

const AT = new Date('2026-12-05T10:00:00.000Z');

/** One sub-topology shaped like a store's: source → batch → guard → deadLetter, plus a `to`. */
const topology: DescribedTopology = {
  subTopologies: [
    {
      name: 'sink:x',
      spec: { groupId: 'app.sink:x' },
      nodes: [
        { name: 'x-events', kind: 'stream', role: 'source' },
        { name: 'x-batch', kind: 'batch', role: 'processor' },
        { name: 'sink:x', kind: 'guard', role: 'sink' },
        { name: 'x-copy', kind: 'to', role: 'sink' },
        { name: 'x-dlq', kind: 'deadLetter', role: 'sink' },
      ],
    },
    { name: 'actuator', spec: { groupId: 'app.actuator' }, nodes: [{ name: 'commands', kind: 'stream', role: 'source' }] },
  ],
  describeMermaid: () => 'flowchart LR\n',
};

/** A fresh registry holding the metrics the snapshot reads, under their real names and labels, with known values. */
async function metricsWith(): Promise<Registry> {
  const registry = new Registry();
  const node = ['sub_topology', 'node'] as const;
  const recordsIn = new Counter({ name: 'switchyard_records_in_total', help: 'in', labelNames: node, registers: [registry] });
  const recordsOut = new Counter({ name: 'switchyard_records_out_total', help: 'out', labelNames: node, registers: [registry] });
  const breaker = new Gauge({ name: 'switchyard_breaker_state', help: 'breaker', labelNames: node, registers: [registry] });
  const lag = new Gauge({ name: 'switchyard_consumer_lag', help: 'lag', labelNames: ['group', 'topic', 'partition'], registers: [registry] });
  const dead = new Counter({ name: 'switchyard_dead_lettered_total', help: 'dead', labelNames: ['stage', 'error_class'], registers: [registry] });
  recordsIn.inc({ sub_topology: 'sink:x', node: 'x-events' }, 10);
  recordsIn.inc({ sub_topology: 'sink:x', node: 'x-batch' }, 10); // not a source: not counted
  recordsIn.inc({ sub_topology: 'sink:x', node: 'sink:x' }, 8);
  recordsOut.inc({ sub_topology: 'sink:x', node: 'sink:x' }, 2); // a guard's records out are its failures, not what it wrote
  const writes = new Counter({ name: 'switchyard_sink_write_records_total', help: 'writes', labelNames: [...node, 'outcome'], registers: [registry] });
  writes.inc({ sub_topology: 'sink:x', node: 'sink:x', outcome: 'ok' }, 6);
  writes.inc({ sub_topology: 'sink:x', node: 'sink:x', outcome: 'partial' }, 0);
  // Held behind the open breaker, or in a call that failed: not written (yet).
  writes.inc({ sub_topology: 'sink:x', node: 'sink:x', outcome: 'rejected' }, 4);
  writes.inc({ sub_topology: 'sink:x', node: 'sink:x', outcome: 'error' }, 3);
  recordsOut.inc({ sub_topology: 'sink:x', node: 'x-copy' }, 3);
  recordsOut.inc({ sub_topology: 'sink:x', node: 'x-dlq' }, 2);
  recordsOut.inc({ sub_topology: 'other', node: 'x-copy' }, 100); // another sub-topology's node of the same name
  breaker.set({ sub_topology: 'sink:x', node: 'sink:x' }, 2);
  lag.set({ group: 'app.sink:x', topic: 'eng.events.v1', partition: '0' }, 5);
  lag.set({ group: 'app.sink:x', topic: 'eng.events.v1', partition: '1' }, 7);
  lag.set({ group: 'app.normalize', topic: 'raw', partition: '0' }, 1_000);
  dead.inc({ stage: 'sink:x', error_class: 'PermanentError' }, 2);
  dead.inc({ stage: 'normalize', error_class: 'SyntaxError' }, 5);
  dead.inc({ stage: 'actuator:jira', error_class: 'Error' }, 0);
  return registry;
}

describe('pipelineSnapshotOf', () => {
  it('reads each sub-topology’s state, lag, records, breakers and dead letters from the registry by its rule', async () => {
    const registry = await metricsWith();
    const snapshot = await pipelineSnapshots({ status: () => [{ name: 'sink:x', state: 'restarting', restarts: 2, lastError: 'store down at http://switchyard:s3cret@db:8123' }], topology }, registry, () => AT)();
    expect(snapshot).toEqual({
      at: '2026-12-05T10:00:00.000Z',
      topology: { mermaid: 'flowchart LR\n' },
      subTopologies: [
        // The error as a log line shows it: no password leaves the machine through /v1/pipeline.
        { name: 'sink:x', state: 'restarting', lastError: 'store down at http://switchyard:[REDACTED]@db:8123', restarts: 2, group: 'app.sink:x', lag: 12, recordsIn: 10, recordsOut: 6 + 3, breakers: [{ node: 'sink:x', state: 'open' }], deadLettered: 2 },
        { name: 'actuator', state: 'notRunHere', lastError: null, restarts: 0, group: 'app.actuator', lag: null, recordsIn: 0, recordsOut: 0, breakers: [], deadLettered: 0 },
      ],
      deadLettered: [
        { stage: 'normalize', errorClass: 'SyntaxError', count: 5 },
        { stage: 'sink:x', errorClass: 'PermanentError', count: 2 },
      ],
    });
    expect(pipelineSnapshotSchema.safeParse(snapshot).success).toBe(true);
  });

  it('on an empty registry: zeros, no breakers, lag not measured', () => {
    const snapshot = pipelineSnapshotOf({ at: AT, status: [], topology, metrics: [] });
    expect(snapshot.subTopologies.map((s) => [s.name, s.lag, s.recordsIn, s.recordsOut, s.breakers, s.deadLettered])).toEqual([
      ['sink:x', null, 0, 0, [], 0],
      ['actuator', null, 0, 0, [], 0],
    ]);
    expect(snapshot.deadLettered).toEqual([]);
  });

  it('reads a half-open and a closed breaker', () => {
    const metrics = [{ name: 'switchyard_breaker_state', values: [{ value: 1, labels: { sub_topology: 'sink:x', node: 'sink:x' } }] }];
    expect(pipelineSnapshotOf({ at: AT, status: [], topology, metrics }).subTopologies[0]?.breakers).toEqual([{ node: 'sink:x', state: 'halfOpen' }]);
    metrics[0]!.values[0]!.value = 0;
    expect(pipelineSnapshotOf({ at: AT, status: [], topology, metrics }).subTopologies[0]?.breakers).toEqual([{ node: 'sink:x', state: 'closed' }]);
  });

  it('counts a topology run with Switchyard’s own instrumentation and registry', async () => {
    const sinks = {
      github: recordingSink<Buffer | null, Event>({ fail: (r: StreamRecord<Buffer | null, Event>) => (r.value.id === 3 ? new PermanentError('no such repository') : undefined) }),
      other: recordingSink<Buffer | null, Event>(),
      audit: recordingSink<Buffer | null, Event>(),
      search: recordingSink<Buffer | null, Event>(),
    };
    const built = exampleTopology({ github: sinks.github.write, other: sinks.other.write, audit: sinks.audit.write, search: sinks.search.write }).build();
    const driver = await TopologyTestDriver.start(built, { instrumentation: prometheusInstrumentation() });
    const sources: Event['source'][] = ['github', 'jira', 'github', 'github', 'notion', 'jira', 'github', 'notion'];
    await driver.pipeInput('raw-events', sources.map((source, id) => ({ key: source, value: { id, source } })));
    await driver.advanceTime(1000);
    await driver.close();
    consumerLag.set({ group: 'test.normalize', topic: 'raw-events', partition: '0' }, 4);

    const snapshot = await pipelineSnapshots({ status: () => [{ name: 'normalize', state: 'running', restarts: 0 }], topology: built }, undefined, () => AT)();
    const [normalize, fanOut] = snapshot.subTopologies;
    // 8 consumed; github wrote 0, 2, 6 (3 refused for good: dead-lettered; 0 and 2 in the same, partly failed call), other 4, 7, and 1, 5 went to eng.events.
    expect(normalize).toMatchObject({ name: 'normalize', state: 'running', group: 'test.normalize', lag: 4, recordsIn: 8, recordsOut: 3 + 2 + 2, deadLettered: 1, breakers: [] });
    // It read the two jira events; audit wrote both, search the one with id > 2.
    expect(fanOut).toMatchObject({ name: 'fan-out', state: 'notRunHere', lag: null, recordsIn: 2, recordsOut: 2 + 1, deadLettered: 0 });
    expect(snapshot.deadLettered).toEqual([{ stage: 'sink:github', errorClass: 'PermanentError', count: 1 }]);
    expect(snapshot.topology.mermaid).toBe(built.describeMermaid());
  });
});
