import { EMPTY, Subject, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, SwitchyardError } from './errors.ts';
import { MemoryBroker } from './kafka/memory.ts';
import type { StreamRecord } from './record.ts';
import { testRecords } from './testing/records.ts';
import { to } from './to.ts';

describe('to', () => {
  it('produces records (single or batched) and finishes them once the broker acked', async () => {
    const broker = new MemoryBroker();
    const t = testRecords([{ n: 1 }, { n: 2 }, { n: 3 }], { key: (v) => `k${v.n}` });
    const receipts = await lastValueFrom(
      from([t.records[0]!, [t.records[1]!, t.records[2]!]]).pipe(to(broker.producer(), { topic: 'out' }), toArray()),
    );
    expect(receipts.map((r) => r.records.length)).toEqual([1, 2]);
    expect(broker.messages('out').map((m) => [m.key?.toString(), m.value?.toString()])).toEqual([
      ['k1', '{"n":1}'],
      ['k2', '{"n":2}'],
      ['k3', '{"n":3}'],
    ]);
    expect(t.committable()).toBe('3');
  });

  it('with maxBytes, sends a batch in as many sends as keep each within it, in order', async () => {
    const broker = new MemoryBroker();
    const sends: number[] = [];
    broker.interceptSends((batch) => void sends.push(batch.messages.length));
    broker.setMaxMessageBytes('out', 1_000);
    const t = testRecords(Array.from({ length: 5 }, (_, i) => ({ n: i, pad: 'x'.repeat(300) })), { key: () => 'k' });
    const receipts = await lastValueFrom(from([t.records]).pipe(to(broker.producer(), { topic: 'out', maxBytes: 1_000 }), toArray()));
    expect(sends).toEqual([2, 2, 1]);
    expect(receipts.map((r) => r.records.length)).toEqual([5]);
    expect(broker.messages('out').map((m) => (JSON.parse(m.value!.toString()) as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
    expect(t.committable()).toBe('5');
  });

  it('with maxBytes, refuses a record over it before sending anything (SWY_RECORD_REFUSED, not retriable)', async () => {
    const broker = new MemoryBroker();
    const sends: number[] = [];
    broker.interceptSends((batch) => void sends.push(batch.messages.length));
    const t = testRecords([{ pad: 'x' }, { pad: 'x'.repeat(2_000) }]);
    const failed = await lastValueFrom(from([t.records]).pipe(to(broker.producer(), { topic: 'out', maxBytes: 1_000 }))).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: ErrorCodes.recordRefused, retriable: false, message: expect.stringMatching(/^a record of \d+ bytes is over out's max\.message\.bytes of 1000$/) });
    expect(sends).toEqual([]);
    expect(t.committable()).toBeUndefined();
  });

  it('does not finish a record before the broker acknowledges it', async () => {
    const broker = new MemoryBroker();
    let ack: () => void = () => {};
    broker.interceptSends(() => new Promise<void>((resolve) => (ack = resolve)));
    const t = testRecords(['a']);
    const done = lastValueFrom(from(t.records).pipe(to(broker.producer(), { topic: 'out' })));
    await new Promise((r) => setImmediate(r));
    expect(t.committable()).toBeUndefined();
    ack();
    await done;
    expect(t.committable()).toBe('1');
  });

  it('errors with SWY_PRODUCE and abandons the records when the send fails', async () => {
    const broker = new MemoryBroker();
    broker.interceptSends(() => {
      throw new Error('not enough replicas');
    });
    const t = testRecords(['a']);
    const error = await lastValueFrom(from(t.records).pipe(to(broker.producer(), { topic: 'out' }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ code: 'SWY_PRODUCE' });
    expect(t.tracker.stuck({ topic: 'in', partition: 0 })).toBe(true);
  });

  it('completes on empty, passes errors down, unsubscribes early', async () => {
    const producer = new MemoryBroker().producer();
    expect(await lastValueFrom(EMPTY.pipe(to(producer, { topic: 'out' }), toArray()))).toEqual([]);
    await expect(lastValueFrom(throwError(() => new Error('boom')).pipe(to(producer, { topic: 'out' })))).rejects.toThrow('boom');
    const input = new Subject<StreamRecord<null, string>>();
    input.pipe(to(producer, { topic: 'out' })).subscribe().unsubscribe();
    expect(input.observed).toBe(false);
  });
});
