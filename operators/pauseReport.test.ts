import { describe, expect, it } from 'vitest';
import { batch } from './batch.ts';
import type { FlowControl } from './flowControl.ts';
import { guard } from './guard.ts';
import type { PartitionMeter, PauseEnd } from './instrumentation.ts';
import { mapValues } from './mapValues.ts';
import { noInstrumentation } from './instrumentation.ts';
import { TopologyTestDriver } from './testing/driver.ts';
import { recordingSink } from './testing/recordingSink.ts';
import { TopologyBuilder } from './topology.ts';

type Report = { event: 'paused'; partition: number; reason: () => string } | { event: PauseEnd; partition: number };

/** A partition meter keeping every report of sub-topology `sub`. */
function recordingPauses() {
  const reports: Report[] = [];
  const meter: PartitionMeter = {
    paused: (tp, reason) => void reports.push({ event: 'paused', partition: tp.partition, reason }),
    ended: (tp, how) => void reports.push({ event: how, partition: tp.partition }),
  };
  const instrumentation = { ...noInstrumentation, partitions: (subTopology: string) => (subTopology === 'sub' ? meter : { paused: () => {}, ended: () => {} }) };
  return { reports, instrumentation, events: () => reports.map((r) => `${r.event} ${r.partition}`) };
}

/** source → batch of 1 → guard writing to a sink that waits for `open()`. */
function gatedTopology() {
  let open = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  const sink = recordingSink<Buffer | null, string>({ delay: () => gate });
  let flow: FlowControl | undefined;
  const topology = new TopologyBuilder()
    .subTopology('sub', {
      groupId: 'paused',
      topics: ['in'],
      fromBeginning: true,
      pipeline: (records, context) => {
        flow = context.flow;
        return records.pipe(mapValues(String), batch({ maxRecords: 1, scheduler: context.scheduler }), guard(sink.write, { breaker: false, scheduler: context.scheduler }));
      },
    })
    .build();
  return {
    topology,
    sink,
    flow: () => flow as FlowControl,
    open: () => {
      open();
      gate = Promise.resolve();
    },
  };
}

describe('the runner’s pause reports', () => {
  it('reports each partition an operator holds back, with its reason, then its resume, once each', async () => {
    const pauses = recordingPauses();
    const { topology, flow } = gatedTopology();
    const driver = await TopologyTestDriver.start(topology, { partitions: { in: 2 }, instrumentation: pauses.instrumentation });
    try {
      flow().pause('sink:breaker');
      flow().pause('sink:breaker');
      expect(pauses.events().sort()).toEqual(['paused 0', 'paused 1']);
      const [first] = pauses.reports;
      expect(first?.event === 'paused' && first.reason()).toBe('held by sink:breaker');

      flow().resume('sink:breaker');
      expect(pauses.events().slice(2).sort()).toEqual(['resumed 0', 'resumed 1']);
    } finally {
      await driver.close();
    }
    expect(pauses.reports).toHaveLength(4);
  });

  it('tells a full in-flight bound as the reason when no operator holds the partition', async () => {
    const pauses = recordingPauses();
    const { topology, open, sink } = gatedTopology();
    const driver = await TopologyTestDriver.start(topology, { partitions: { in: 1 }, maxInFlightPerPartition: 2, instrumentation: pauses.instrumentation });
    try {
      await driver.pipeInput('in', ['a', 'b', 'c', 'd'].map((value) => ({ value, partition: 0 })));
      expect(pauses.events()).toEqual(['paused 0']);
      const [paused] = pauses.reports;
      expect(paused?.event === 'paused' && paused.reason()).toBe('2 records taken and not finished (its in-flight bound, maxInFlightPerPartition)');

      open();
      await driver.advanceTime(10);
      expect(sink.written.map((r) => r.value)).toEqual(['a', 'b', 'c', 'd']);
      expect(pauses.events()).toContain('resumed 0');
    } finally {
      await driver.close();
    }
  });

  it('ends what is paused as stopped when the sub-topology stops, and reports no pause of the stop itself', async () => {
    const pauses = recordingPauses();
    const { topology, flow } = gatedTopology();
    const driver = await TopologyTestDriver.start(topology, { partitions: { in: 1 }, instrumentation: pauses.instrumentation });
    flow().pause('sink:breaker');
    await driver.close();
    expect(pauses.events()).toEqual(['paused 0', 'stopped 0']);

    const quiet = recordingPauses();
    const again = gatedTopology();
    const second = await TopologyTestDriver.start(again.topology, { partitions: { in: 1 }, instrumentation: quiet.instrumentation });
    await second.close();
    expect(quiet.reports).toEqual([]);
  });
});
