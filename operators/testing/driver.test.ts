import { describe, expect, it } from 'vitest';
import { PermanentError } from '../errors.ts';
import type { StreamRecord } from '../record.ts';
import { type Event, exampleTopology } from './pipelines.ts';
import { TopologyTestDriver } from './driver.ts';
import { recordingSink } from './recordingSink.ts';

type Rec = StreamRecord<Buffer | null, Event>;
const events: Event[] = [
  { id: 0, source: 'github' },
  { id: 1, source: 'jira' },
  { id: 2, source: 'github' },
  { id: 3, source: 'github' }, // the github sink rejects it for good
  { id: 4, source: 'notion' },
  { id: 5, source: 'jira' },
  { id: 6, source: 'github' },
  { id: 7, source: 'notion' },
];

function setup() {
  const sinks = {
    github: recordingSink<Buffer | null, Event>({ fail: (r: Rec) => (r.value.id === 3 ? new PermanentError('no such repository') : undefined) }),
    other: recordingSink<Buffer | null, Event>(),
    audit: recordingSink<Buffer | null, Event>(),
    // Fails its first call with a retryable error: the guard retries after 10 ms of virtual time.
    search: recordingSink<Buffer | null, Event>({ fail: (_, call) => (call === 1 ? new Error('timeout') : undefined) }),
  };
  const topology = exampleTopology({ github: sinks.github.write, other: sinks.other.write, audit: sinks.audit.write, search: sinks.search.write }).build();
  return { sinks, topology };
}

const ids = (records: readonly Rec[]) => records.map((r) => r.value.id);

describe('TopologyTestDriver', () => {
  it('runs a topology in memory: sinks, DLQ, produced topic and commits only after every ack', async () => {
    const { sinks, topology } = setup();
    const driver = await TopologyTestDriver.start(topology);
    let releaseDlq: () => void = () => {};
    const dlqAcked = new Promise<void>((resolve) => (releaseDlq = resolve));
    driver.broker.interceptSends(async (batch) => {
      if (batch.topic === 'switchyard.dlq') await dlqAcked;
    });

    await driver.pipeInput('raw-events', events.map((e) => ({ key: e.source, value: e })));
    // Full github batch written at once; partial batches wait for maxWaitMs.
    expect(ids(sinks.github.written)).toEqual([0, 2]);
    expect(ids(sinks.other.written)).toEqual([]);
    expect(driver.readOutputValues('eng.events')).toEqual([events[1], events[5]]);

    await driver.advanceTime(1000);
    expect(ids(sinks.github.written)).toEqual([0, 2, 6]);
    expect(ids(sinks.other.written)).toEqual([4, 7]);
    // Record 3 waits for its DLQ write: the commit stops right before it.
    expect(driver.committed('test.normalize')).toEqual({ 'raw-events/0': '3' });

    releaseDlq();
    await driver.advanceTime(1000);
    expect(driver.committed('test.normalize')).toEqual({ 'raw-events/0': '8' });
    const [dead] = driver.deadLetters();
    expect(dead).toMatchObject({
      topic: 'raw-events',
      partition: 0,
      offset: 3,
      stage: 'sink:github',
      errorClass: 'PermanentError',
      errorMessage: 'no such repository',
      attempts: 1,
      value: JSON.stringify(events[3]),
    });
    expect(dead?.kafkaHeaders['__connect.errors.offset']).toBe('3');

    // The second sub-topology read what the first produced: both events to audit, one to search (after a retry).
    expect(ids(sinks.audit.written)).toEqual([1, 5]);
    expect(ids(sinks.search.written)).toEqual([5]);
    expect(sinks.search.calls).toHaveLength(2);
    expect(driver.committed('test.fan-out')).toEqual({ 'eng.events/0': '2' });
    expect(driver.errors).toEqual([]);
    await driver.close();
  });

  it('dead-letters what cannot be decoded, with its bytes, and commits past it once the dead letter is durable', async () => {
    const { sinks, topology } = setup();
    const driver = await TopologyTestDriver.start(topology);
    await driver.pipeInput('raw-events', [{ value: 'not json' }, { value: { id: 10, source: 'notion' } }]);
    await driver.advanceTime(1000);
    expect(driver.deadLetters().map((d) => [d.offset, d.stage, d.errorClass, d.value])).toEqual([[0, 'decode', 'SyntaxError', 'not json']]);
    expect(ids(sinks.other.written)).toEqual([10]);
    expect(driver.committed('test.normalize')).toEqual({ 'raw-events/0': '2' });
    await driver.close();
  });

  it('flushes open batches and commits on close', async () => {
    const { sinks, topology } = setup();
    const driver = await TopologyTestDriver.start(topology, { commitIntervalMs: 60_000 });
    await driver.pipeInput('raw-events', [{ value: { id: 10, source: 'notion' } }]);
    expect(sinks.other.written).toEqual([]);
    await driver.close();
    expect(ids(sinks.other.written)).toEqual([10]);
    expect(driver.committed('test.normalize')).toEqual({ 'raw-events/0': '1' });
  });

  it('never lets a sub-topology read more than its in-flight bound ahead of a stuck sink', async () => {
    const sinks = {
      github: recordingSink<Buffer | null, Event>({ delay: () => new Promise(() => {}) }), // never answers
      other: recordingSink<Buffer | null, Event>(),
      audit: recordingSink<Buffer | null, Event>(),
      search: recordingSink<Buffer | null, Event>(),
    };
    const topology = exampleTopology({ github: sinks.github.write, other: sinks.other.write, audit: sinks.audit.write, search: sinks.search.write }).build();
    const driver = await TopologyTestDriver.start(topology, { maxInFlightPerPartition: 10 });
    await driver.pipeInput('raw-events', Array.from({ length: 500 }, (_, id) => ({ value: { id, source: 'github' } })));
    await driver.advanceTime(5000);
    const taken = driver.running.subTopologies.get('normalize')?.tracker.inFlight({ topic: 'raw-events', partition: 0 });
    expect(taken).toBe(10);
    expect(sinks.github.calls.length).toBe(1);
    expect(driver.committed('test.normalize')).toEqual({});
  });
});
