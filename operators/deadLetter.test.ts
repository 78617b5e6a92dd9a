import { EMPTY, Subject, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConnectHeaders, deadLetter } from './deadLetter.ts';
import { PermanentError, RetriesExhaustedError, SwitchyardError } from './errors.ts';
import { MemoryBroker } from './kafka/memory.ts';
import type { Failure } from './record.ts';
import { testRecords } from './testing/records.ts';

function failureOf(error: unknown) {
  const t = testRecords([{ id: 7 }], { topic: 'github-events', partition: 2, firstOffset: 41, key: () => 'repo-1' });
  const failure: Failure<string, { id: number }> = { record: { ...t.records[0]!, headers: { trace: 'abc' } }, error, stage: 'sink:postgres', attempts: 5, failedAt: 1234 };
  return { t, failure };
}

describe('deadLetter', () => {
  it('writes the original bytes with the failure context, Connect-style headers, and then finishes the record', async () => {
    const broker = new MemoryBroker();
    const { t, failure } = failureOf(new RetriesExhaustedError(5, new TypeError('bad column')));
    const out = await lastValueFrom(from([failure]).pipe(deadLetter(broker.producer()), toArray()));
    expect(out).toHaveLength(1);
    const [message] = broker.messages('switchyard.dlq');
    expect(message?.key?.toString()).toBe('repo-1');
    expect(message?.headers).toMatchObject({
      trace: 'abc',
      [ConnectHeaders.topic]: 'github-events',
      [ConnectHeaders.partition]: '2',
      [ConnectHeaders.offset]: '41',
      [ConnectHeaders.exceptionClass]: 'TypeError',
      [ConnectHeaders.exceptionMessage]: 'gave up after 5 attempts: bad column',
      [ConnectHeaders.stage]: 'sink:postgres',
    });
    const entry = JSON.parse(message?.value?.toString() ?? '') as Record<string, unknown>;
    expect(entry).toMatchObject({ topic: 'github-events', partition: 2, offset: 41, stage: 'sink:postgres', attempts: 5, failedAt: 1234, errorClass: 'TypeError' });
    expect(Buffer.from(entry['value'] as string, 'base64').toString()).toBe('{"id":7}');
    expect(t.committable()).toBe('42');
  });

  it('takes another encoding (the Avro codec later)', async () => {
    const broker = new MemoryBroker();
    const { failure } = failureOf(new PermanentError('nope'));
    await lastValueFrom(from([failure]).pipe(deadLetter(broker.producer(), { topic: 'dlq', encode: (e) => Buffer.from(`${e.errorClass}@${e.offset}`) })));
    expect(broker.messages('dlq')[0]?.value?.toString()).toBe('PermanentError@41');
  });

  it('finishes the record only after the DLQ write is acknowledged', async () => {
    const broker = new MemoryBroker();
    let ack: () => void = () => {};
    broker.interceptSends(() => new Promise<void>((resolve) => (ack = resolve)));
    const { t, failure } = failureOf(new Error('x'));
    const done = lastValueFrom(from([failure]).pipe(deadLetter(broker.producer())));
    await new Promise((r) => setImmediate(r));
    expect(t.committable()).toBeUndefined();
    ack();
    await done;
    expect(t.committable()).toBe('42');
  });

  it('errors and abandons the record when the DLQ write fails', async () => {
    const broker = new MemoryBroker();
    broker.interceptSends(() => Promise.reject(new Error('dlq down')));
    const { t, failure } = failureOf(new Error('x'));
    await expect(lastValueFrom(from([failure]).pipe(deadLetter(broker.producer())))).rejects.toBeInstanceOf(SwitchyardError);
    expect(t.tracker.stuck({ topic: 'github-events', partition: 2 })).toBe(true);
  });

  it('completes on empty, passes errors down, unsubscribes early', async () => {
    const producer = new MemoryBroker().producer();
    expect(await lastValueFrom(EMPTY.pipe(deadLetter(producer), toArray()))).toEqual([]);
    await expect(lastValueFrom(throwError(() => new Error('boom')).pipe(deadLetter(producer)))).rejects.toThrow('boom');
    const input = new Subject<Failure<null, string>>();
    input.pipe(deadLetter(producer)).subscribe().unsubscribe();
    expect(input.observed).toBe(false);
  });
});
