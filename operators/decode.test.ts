import { EMPTY, Subject, VirtualTimeScheduler, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { deadLetter } from './deadLetter.ts';
import { decode } from './decode.ts';
import { ErrorCodes, ProcessingError, SwitchyardError } from './errors.ts';
import { MemoryBroker } from './kafka/memory.ts';
import type { StreamRecord } from './record.ts';
import { testRecords } from './testing/records.ts';

type Raw = StreamRecord<string | null, Buffer | null>;
const bytes = (...values: (string | null)[]) => testRecords<Buffer | null>(values.map((v) => (v === null ? null : Buffer.from(v))), { key: (_, i) => `k${i}` });
const parse = async (value: Buffer) => JSON.parse(value.toString()) as number;

describe('decode', () => {
  it('passes decoded records on in order, keeping key, provenance and acks, and sets aside what cannot be read with its stage', async () => {
    const t = bytes('1', 'not json', '3');
    const scheduler = new VirtualTimeScheduler();
    scheduler.frame = 1234;
    const { decoded, failed } = decode(of(...t.records), parse, { name: 'read', stage: 'sink:test', scheduler });
    const [good, bad] = await Promise.all([lastValueFrom(decoded.pipe(toArray())), lastValueFrom(failed.pipe(toArray()))]);

    expect(good.map((r) => [r.key, r.offset, r.value])).toEqual([['k0', '0', 1], ['k2', '2', 3]]);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ stage: 'sink:test', attempts: 1, failedAt: 1234 });
    expect(bad[0]!.error).toBeInstanceOf(SyntaxError);
    // The failure carries the record as it was consumed: deadLetter writes its own bytes.
    expect(bad[0]!.record.value?.toString()).toBe('not json');
    expect(bad[0]!.record.offset).toBe('1');
    // Nothing is finished by decoding: the writer and deadLetter finish what they take.
    expect(t.inFlight()).toBe(3);
    good.forEach((r) => r.ack.done());
    expect(t.committable()).toBe('1');
    bad[0]!.record.ack.done();
    expect(t.committable()).toBe('3');
  });

  it('sets aside a tombstone without calling the decoder', async () => {
    const t = bytes(null);
    let calls = 0;
    const { decoded, failed } = decode(of(...t.records), (value) => (calls++, parse(value)), { stage: 'normalize' });
    const [good, bad] = await Promise.all([lastValueFrom(decoded.pipe(toArray())), lastValueFrom(failed.pipe(toArray()))]);
    expect(good).toEqual([]);
    expect(calls).toBe(0);
    expect(bad[0]!.error).toBeInstanceOf(SwitchyardError);
    expect((bad[0]!.error as SwitchyardError).code).toBe(ErrorCodes.emptyRecord);
  });

  it('finishes a failure only once its dead letter is acknowledged', async () => {
    const t = bytes('oops');
    const broker = new MemoryBroker();
    let ack: () => void = () => {};
    broker.interceptSends(() => new Promise<void>((resolve) => (ack = resolve)));
    const { decoded, failed } = decode(of(...t.records), parse, { stage: 'sink:test' });
    const done = Promise.all([lastValueFrom(decoded.pipe(toArray())), lastValueFrom(failed.pipe(deadLetter(broker.producer()), toArray()))]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.committable()).toBeUndefined();
    ack();
    await done;
    expect(broker.messages('switchyard.dlq')).toHaveLength(1);
    expect(t.committable()).toBe('1');
  });

  it('stops instead of dead-lettering on a retriable SwitchyardError (a registry that does not answer): the record is abandoned', async () => {
    const t = bytes('1', '2');
    const unreachable = new SwitchyardError('registry unreachable', 'SWY_REGISTRY', { retriable: true });
    const { decoded, failed } = decode(of(...t.records), async () => Promise.reject(unreachable), { name: 'read', stage: 'sink:test' });
    const results = await Promise.allSettled([lastValueFrom(decoded.pipe(toArray())), lastValueFrom(failed.pipe(toArray()))]);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof ProcessingError && r.reason.cause === unreachable)).toBe(true);
    expect(t.tracker.stuck({ topic: 'in', partition: 0 })).toBe(true);
  });

  it('takes another policy', async () => {
    const t = bytes('not json');
    const { decoded, failed } = decode(of(...t.records), parse, { stage: 'sink:test', onError: () => 'fail' });
    const results = await Promise.allSettled([lastValueFrom(decoded), lastValueFrom(failed)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(t.tracker.stuck({ topic: 'in', partition: 0 })).toBe(true);
  });

  it('does not start until both outputs listen', () => {
    const input = new Subject<Raw>();
    const { decoded, failed } = decode(input, parse, { stage: 'sink:test' });
    decoded.subscribe();
    expect(input.observed).toBe(false);
    failed.subscribe();
    expect(input.observed).toBe(true);
  });

  it('completes both outputs on empty, errors both on error, and unsubscribes early', async () => {
    const empty = decode(EMPTY, parse, { stage: 's' });
    expect(await Promise.all([lastValueFrom(empty.decoded.pipe(toArray())), lastValueFrom(empty.failed.pipe(toArray()))])).toEqual([[], []]);
    const failing = decode(throwError(() => new Error('boom')), parse, { stage: 's' });
    const results = await Promise.allSettled([lastValueFrom(failing.decoded), lastValueFrom(failing.failed)]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'fulfilled'))).toEqual(['boom', 'boom']);
    const input = new Subject<Raw>();
    const early = decode(input, parse, { stage: 's' });
    const subscriptions = [early.decoded.subscribe(), early.failed.subscribe()];
    subscriptions.forEach((s) => s.unsubscribe());
    expect(input.observed).toBe(false);
  });
});
