import { describe, expect, it } from 'vitest';
import { batch } from './batch.ts';
import { guard } from './guard.ts';
import type { StreamRecord } from './record.ts';
import { runTopology } from './runner.ts';
import { TopologyTestDriver } from './testing/driver.ts';
import { TopologyBuilder } from './topology.ts';
import { mapValues } from './mapValues.ts';

type Rec = StreamRecord<Buffer | null, Buffer | null>;

/** A sink whose calls `open` does not let through wait until the test releases them all. */
function gatedSink(open: (call: number) => boolean) {
  const gates: (() => void)[] = [];
  const written: string[] = [];
  let calls = 0;
  let released = false;
  const write = async (records: readonly Rec[]) => {
    calls += 1;
    if (!released && !open(calls)) await new Promise<void>((resolve) => gates.push(resolve));
    written.push(...records.map((r) => `${r.partition}:${r.offset}`));
  };
  const release = () => {
    released = true;
    gates.splice(0).forEach((g) => g());
  };
  return { write, written, release };
}

function topologyWith(sink: ReturnType<typeof gatedSink>) {
  return new TopologyBuilder()
    .subTopology('sink', {
      groupId: 'rebalance',
      topics: ['in'],
      fromBeginning: true,
      pipeline: (records, { scheduler, flow }) =>
        records.pipe(batch({ maxRecords: 5, maxWaitMs: 50, scheduler }), guard(sink.write, { breaker: false, scheduler, flow })),
    })
    .build();
}

describe('runner rebalance', () => {
  it('commits the finished prefix of revoked partitions and never commits past their in-flight records', async () => {
    // Instance A: its first write goes through, the next ones hang until released.
    const a = gatedSink((call) => call === 1);
    const driver = await TopologyTestDriver.start(topologyWith(a), { partitions: { in: 2 }, commitIntervalMs: 100 });
    const messages = [0, 1].flatMap((partition) => Array.from({ length: 10 }, (_, i) => ({ key: null, value: `p${partition}-${i}`, partition })));
    await driver.pipeInput('in', messages);
    expect(a.written).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4']);

    // Instance B joins the group: eager rebalance, A keeps in/0, B gets in/1.
    const b = gatedSink(() => false);
    const instanceB = await runTopology(topologyWith(b), { kafka: driver.broker, scheduler: driver.scheduler, commitIntervalMs: 100 });
    await driver.settle();
    // On revocation A committed what it had finished, and not one record more.
    expect(driver.committed('rebalance')).toEqual({ 'in/0': '5' });

    // A's hung writes now finish; their acks belong to the revoked generation and move nothing.
    a.release();
    await driver.advanceTime(500);
    expect(driver.committed('rebalance')['in/1']).toBeUndefined();
    // A re-read in/0 from the committed offset 5 and finished it.
    expect(driver.committed('rebalance')['in/0']).toBe('10');
    // At-least-once: what was committed on revocation is not read again; what was in flight is.
    const count = (w: string) => a.written.filter((x) => x === w).length;
    expect(['0:0', '0:4'].map(count)).toEqual([1, 1]);
    expect(['0:5', '0:9'].map(count)).toEqual([2, 2]);

    // B's sink answers: now, and only now, in/1 is committed.
    b.release();
    await driver.advanceTime(500);
    expect(driver.committed('rebalance')).toEqual({ 'in/0': '10', 'in/1': '10' });
    expect(b.written).toHaveLength(10);

    await Promise.all([driver.close(), instanceB.stop({ timeoutMs: 1000 })]);
  });

  it('keeps running the other sub-topologies when one fails', async () => {
    const topology = new TopologyBuilder()
      .subTopology('broken', {
        groupId: 'broken',
        topics: ['in'],
        fromBeginning: true,
        pipeline: (records) =>
          records.pipe(
            mapValues(() => {
              throw new Error('bug');
            }),
          ),
      })
      .subTopology('fine', {
        groupId: 'fine',
        topics: ['in'],
        fromBeginning: true,
        pipeline: (records, { scheduler }) => records.pipe(batch({ maxRecords: 1, scheduler }), guard(async () => {}, { breaker: false, scheduler })),
      })
      .build();
    const driver = await TopologyTestDriver.start(topology, { commitIntervalMs: 100 });
    await driver.pipeInput('in', [{ value: 'x' }, { value: 'y' }]);
    await driver.advanceTime(200);
    expect(driver.errors.map((e) => e.subTopology)).toEqual(['broken']);
    expect(driver.committed('broken')).toEqual({});
    expect(driver.committed('fine')).toEqual({ 'in/0': '2' });
    await driver.close();
  });
});

describe('runner stop', () => {
  it('cuts a pipeline that does not drain within timeoutMs, commits nothing of it and rejects naming it', async () => {
    const sink = gatedSink(() => false);
    const driver = await TopologyTestDriver.start(topologyWith(sink), { commitIntervalMs: 100 });
    await driver.pipeInput('in', [{ key: null, value: 'a' }]);
    // The batch goes to the sink, whose write never returns.
    await driver.advanceTime(50);

    await expect(driver.running.stop({ timeoutMs: 100 })).rejects.toThrow(/^not drained within 100 ms: cut sink; what they had in flight was not committed/);
    expect(sink.written).toEqual([]);
    expect(driver.committed('rebalance')).toEqual({});
  });

  it('resolves when every pipeline drains in time', async () => {
    const sink = gatedSink(() => true);
    const driver = await TopologyTestDriver.start(topologyWith(sink), { commitIntervalMs: 100 });
    await driver.pipeInput('in', [{ key: null, value: 'a' }]);
    await driver.advanceTime(50);

    await expect(driver.running.stop({ timeoutMs: 1_000 })).resolves.toBeUndefined();
    expect(sink.written).toEqual(['0:0']);
    expect(driver.committed('rebalance')).toEqual({ 'in/0': '1' });
  });
});
