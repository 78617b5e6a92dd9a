import { EMPTY, Subject, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from './errors.ts';
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
