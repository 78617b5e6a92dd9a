import { Subject, asyncScheduler } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batch } from './batch.ts';
import { deadLetter } from './deadLetter.ts';
import { ErrorCodes, PermanentError, SwitchyardError } from './errors.ts';
import { filter } from './filter.ts';
import { type BatchWriter, guard } from './guard.ts';
import { type Counter, knownCounters } from './instrumentation.ts';
import { mapValues } from './mapValues.ts';
import { noFlowControl } from './flowControl.ts';
import type { ProducerPort } from './kafka/port.ts';
import type { ConsumedRecord, StreamRecord } from './record.ts';
import { branch, split } from './split.ts';
import { TopologyTestDriver } from './testing/driver.ts';
import { recordingInstrumentation } from './testing/recordingInstrumentation.ts';
import { recordingSink } from './testing/recordingSink.ts';
import { testRecords } from './testing/records.ts';
import { to } from './to.ts';
import { TopologyBuilder } from './topology.ts';

type Value = { n: number };

const unusedProducer: ProducerPort = {
  connect: () => Promise.reject(new Error('unused')),
  send: () => Promise.reject(new Error('unused')),
  transaction: () => Promise.reject(new Error('unused')),
  disconnect: () => Promise.resolve(),
};
type Rec = StreamRecord<Buffer | null, Value>;

/** source → parse → below-8 → route: small → batch → copy topic; large → batch → guard → dlq. */
function topology(largeSink: BatchWriter<Buffer | null, Value>) {
  return new TopologyBuilder()
    .subTopology('sub', {
      groupId: 'instrumented',
      topics: ['in'],
      sourceName: 'source',
      fromBeginning: true,
      pipeline: (records, { producer, scheduler }) => {
        const values = records.pipe(
          mapValues((bytes) => JSON.parse(String(bytes)) as Value, { name: 'parse' }),
          filter((v) => v.n < 8, { name: 'below-8' }),
        );
        const { small, large } = split(values, { name: 'route', branches: [branch('small', (v: Value) => v.n < 3)], defaultBranch: 'large' });
        return [
          small.pipe(batch({ name: 'small-batch', maxRecords: 2, maxWaitMs: 100, scheduler }), to(producer, { name: 'copy', topic: 'copy' })),
          large.pipe(
            batch({ name: 'large-batch', maxRecords: 2, maxWaitMs: 100, scheduler }),
            guard(largeSink, { name: 'large-sink', breaker: false, scheduler }),
            deadLetter(producer, { name: 'dlq' }),
          ),
        ];
      },
    })
    .build();
}

describe('instrumentation', () => {
  afterEach(() => vi.useRealTimers());

  it('reports records in and out of every node, batch sizes and write outcomes', async () => {
    const large = recordingSink<Buffer | null, Value>({ fail: (r: Rec) => (r.value.n === 5 ? new PermanentError('no') : undefined) });
    const built = topology(large.write);
    const meters = recordingInstrumentation();
    const driver = await TopologyTestDriver.start(built, { instrumentation: meters });
    const inputs = Array.from({ length: 10 }, (_, n) => ({ value: { n } }));
    await driver.pipeInput('in', inputs);
    await driver.advanceTime(100);
    await driver.close();
    expect(driver.errors).toEqual([]);

    // Every node of the description got a meter, in its sub-topology.
    expect([...meters.nodes.keys()].sort()).toEqual(built.get('sub').nodes.map((n) => n.name).sort());
    expect(meters.get('large-sink').subTopology).toBe('sub');
    expect(meters.get('large-sink').node).toEqual({ name: 'large-sink', kind: 'guard', role: 'sink' });

    const below8 = inputs.filter((i) => i.value.n < 8);
    const small = below8.filter((i) => i.value.n < 3);
    const bigger = below8.filter((i) => i.value.n >= 3);
    const flow = (name: string) => [meters.get(name).recordsIn, meters.get(name).recordsOut];
    expect(flow('source')).toEqual([inputs.length, inputs.length]);
    expect(flow('parse')).toEqual([inputs.length, inputs.length]);
    expect(flow('below-8')).toEqual([inputs.length, below8.length]);
    expect(flow('route')).toEqual([below8.length, below8.length]);
    expect(flow('route-small')).toEqual([small.length, small.length]);
    expect(flow('route-large')).toEqual([bigger.length, bigger.length]);
    expect(flow('small-batch')).toEqual([small.length, small.length]);
    // `to` counts the records it produced, not its sends.
    expect(flow('copy')).toEqual([small.length, driver.readOutput('copy').length]);
    expect(driver.readOutput('copy')).toHaveLength(small.length);
    // guard's records out are the failures it gives up on; deadLetter's what it dead-lettered.
    expect(flow('large-sink')).toEqual([bigger.length, 1]);
    expect(flow('dlq')).toEqual([1, driver.deadLetters().length]);

    expect(meters.get('small-batch').batchSizes).toEqual([2, 1]);
    expect(meters.get('large-batch').batchSizes).toEqual([2, 2, 1]);
    const writes = meters.get('large-sink').writes;
    // The partly failed call wrote one of its two records.
    expect(writes.map((w) => [w.outcome, w.records])).toEqual([['ok', 2], ['partial', 1], ['ok', 1]]);
    expect(writes.every((w) => w.ms >= 0 && Number.isFinite(w.ms))).toBe(true);
    expect(meters.get('large-sink').breakerStates).toEqual([]); // breaker: false
  });

  it('reports nothing and changes nothing without instrumentation', async () => {
    const large = recordingSink<Buffer | null, Value>();
    const driver = await TopologyTestDriver.start(topology(large.write));
    await driver.pipeInput('in', [{ value: { n: 4 } }, { value: { n: 1 } }]);
    await driver.advanceTime(100);
    await driver.close();
    expect(large.written.map((r) => r.value.n)).toEqual([4]);
    expect(driver.readOutput('copy')).toHaveLength(1);
  });

  it('reports breaker states and each write call of guard (fake timers)', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const write = async () => {
      calls += 1;
      if (calls <= 2) throw new Error('store down');
    };
    const built = new TopologyBuilder()
      .subTopology('g', {
        groupId: 'g',
        topics: ['in'],
        pipeline: (records) =>
          records.pipe(
            batch({ name: 'b', maxRecords: 1 }),
            guard(write, { name: 'sink', retry: { maxAttempts: 3, initialDelayMs: 1 }, breaker: { volumeThreshold: 1, errorThresholdPercentage: 10, resetTimeout: 1000 } }),
          ),
      })
      .build();
    const meters = recordingInstrumentation();
    const input = new Subject<ConsumedRecord>();
    const t = testRecords([Buffer.from('{}')]);
    const ends = built.instantiate('g', input, { name: 'g', producer: unusedProducer, flow: noFlowControl, scheduler: asyncScheduler, instrumentation: meters });
    const subscription = ends[0]!.subscribe();
    input.next(t.records[0] as unknown as ConsumedRecord);
    await vi.advanceTimersByTimeAsync(0);
    expect(meters.get('sink').breakerStates).toEqual(['closed', 'open']);
    await vi.advanceTimersByTimeAsync(1000); // half-open trial fails: open again
    expect(meters.get('sink').breakerStates).toEqual(['closed', 'open', 'halfOpen', 'open']);
    await vi.advanceTimersByTimeAsync(1000); // the next trial succeeds
    expect(meters.get('sink').breakerStates).toEqual(['closed', 'open', 'halfOpen', 'open', 'halfOpen', 'closed']);
    expect(meters.get('sink').writes.map((w) => w.outcome)).toEqual(['error', 'error', 'ok']);
    expect(t.committable()).toBe('1');
    subscription.unsubscribe();
  });

  it('finds a known counter by name and refuses any other, naming the known ones (knownCounters)', () => {
    const skipped: Counter = { inc: () => {} };
    const counter = knownCounters(new Map([['events_skipped', skipped]]));
    expect(counter('events_skipped')).toBe(skipped);
    expect(() => counter('events_skiped')).toThrow('no counter events_skiped; the counters are events_skipped');
    expect(() => counter('events_skiped')).toThrow(expect.objectContaining({ code: ErrorCodes.topology }));
    // Not Object's prototype either.
    expect(() => counter('toString')).toThrow(SwitchyardError);
    expect(() => counter('constructor')).toThrow(SwitchyardError);
  });
});
