import { EMPTY, Subject, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConnectHeaders, deadLetter } from './deadLetter.ts';
import { ErrorCodes, PermanentError, RetriesExhaustedError, SwitchyardError } from './errors.ts';
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

  it('errors and abandons the record when the DLQ write fails, retriable when the cluster is what failed', async () => {
    const broker = new MemoryBroker();
    broker.interceptSends(() => Promise.reject(new Error('dlq down')));
    const { t, failure } = failureOf(new Error('x'));
    const error = await lastValueFrom(from([failure]).pipe(deadLetter(broker.producer()))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ code: ErrorCodes.produce, retriable: true, message: 'dead-lettering github-events/2@41 failed: producing to switchyard.dlq failed: dlq down' });
    expect(t.tracker.stuck({ topic: 'github-events', partition: 2 })).toBe(true);
  });

  describe('a dead letter larger than the DLQ takes (the broker refuses it every time)', () => {
    const LIMIT = 4_000;
    /** A record near the raw limit: its dead letter (value, headers, error) is larger still. */
    const bigFailure = () => {
      const t = testRecords([{ body: 'x'.repeat(5_000) }], { topic: 'github-events', partition: 2, firstOffset: 41, key: () => 'repo-1' });
      const failure: Failure<string, { body: string }> = { record: { ...t.records[0]!, headers: { trace: 'abc' } }, error: new PermanentError('too large for eng.events.v1'), stage: 'normalize', attempts: 1, failedAt: 1234 };
      return { t, failure, valueBytes: t.records[0]!.raw.value!.length };
    };
    const brokerWithLimit = () => {
      const broker = new MemoryBroker();
      broker.setMaxMessageBytes('switchyard.dlq', LIMIT);
      return broker;
    };
    const entryOf = (broker: MemoryBroker) => JSON.parse(broker.messages('switchyard.dlq')[0]?.value?.toString() ?? '') as Record<string, unknown>;

    it('with the limit known, writes it without the value, keeping where it came from, its key and the error, and saying what was left out', async () => {
      const broker = brokerWithLimit();
      const sends: number[] = [];
      broker.interceptSends((batch) => void sends.push(batch.messages.length));
      const { t, failure, valueBytes } = bigFailure();
      await lastValueFrom(from([failure]).pipe(deadLetter(broker.producer(), { maxBytes: LIMIT })));
      expect(sends).toEqual([1]); // checked before sending, not refused first
      const [message] = broker.messages('switchyard.dlq');
      expect(message?.key?.toString()).toBe('repo-1');
      expect(message?.headers).toMatchObject({ trace: 'abc', [ConnectHeaders.offset]: '41', [ConnectHeaders.valueOmitted]: String(valueBytes) });
      const entry = entryOf(broker);
      expect(entry).toMatchObject({ topic: 'github-events', partition: 2, offset: 41, stage: 'normalize', errorClass: 'PermanentError', value: null });
      expect(entry['errorMessage']).toMatch(
        new RegExp(`^too large for eng\\.events\\.v1 \\(the record's value of ${valueBytes} bytes is left out of this dead letter: the dead letter of \\d+ bytes is over switchyard\\.dlq's max\\.message\\.bytes of ${LIMIT}\\)$`),
      );
      expect(t.committable()).toBe('42');
    });

    it('keeps the value of a dead letter within the limit', async () => {
      const broker = brokerWithLimit();
      const { failure } = failureOf(new Error('x'));
      await lastValueFrom(from([failure]).pipe(deadLetter(broker.producer(), { maxBytes: LIMIT })));
      expect(Buffer.from(entryOf(broker)['value'] as string, 'base64').toString()).toBe('{"id":7}');
      expect(broker.messages('switchyard.dlq')[0]?.headers?.[ConnectHeaders.valueOmitted]).toBeUndefined();
    });

    it('with no limit known, writes it without the value once the broker refused it as MESSAGE_TOO_LARGE', async () => {
      const broker = brokerWithLimit();
      const { t, failure, valueBytes } = bigFailure();
      await lastValueFrom(from([failure]).pipe(deadLetter(broker.producer())));
      const entry = entryOf(broker);
      expect(entry).toMatchObject({ offset: 41, value: null });
      expect(entry['errorMessage']).toContain(`(the record's value of ${valueBytes} bytes is left out of this dead letter: switchyard.dlq refused the dead letter with it (The request included a message larger than`);
      expect(t.committable()).toBe('42');
    });

    it('errors as a refused record, not retriable, when even the dead letter without its value is too large', async () => {
      const broker = new MemoryBroker();
      broker.setMaxMessageBytes('switchyard.dlq', 300);
      const { t, failure } = bigFailure();
      const error = await lastValueFrom(from([failure]).pipe(deadLetter(broker.producer(), { maxBytes: 300 }))).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCodes.recordRefused, retriable: false, record: { topic: 'github-events', partition: 2, offset: '41' } });
      expect(broker.messages('switchyard.dlq')).toEqual([]);
      expect(t.tracker.stuck({ topic: 'github-events', partition: 2 })).toBe(true);
    });
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
