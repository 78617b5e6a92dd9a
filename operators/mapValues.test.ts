import { EMPTY, Subject, firstValueFrom, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ProcessingError } from './errors.ts';
import { mapValues } from './mapValues.ts';
import { testRecords } from './testing/records.ts';

describe('mapValues', () => {
  it('replaces values and keeps provenance and the ack handle', async () => {
    const { records } = testRecords([1, 2, 3], { key: (v) => `k${v}` });
    const out = await lastValueFrom(from(records).pipe(mapValues((v: number) => v * 10), toArray()));
    expect(out.map((r) => r.value)).toEqual([10, 20, 30]);
    expect(out.map((r) => [r.topic, r.partition, r.offset, r.key])).toEqual([
      ['in', 0, '0', 'k1'],
      ['in', 0, '1', 'k2'],
      ['in', 0, '2', 'k3'],
    ]);
    expect(out[0]?.ack).toBe(records[0]?.ack);
    expect(out[0]?.raw).toBe(records[0]?.raw);
  });

  it('does not finish records: the sink does', async () => {
    const t = testRecords([1]);
    await lastValueFrom(from(t.records).pipe(mapValues((v: number) => v)));
    expect(t.committable()).toBeUndefined();
  });

  it('completes empty on empty', async () => {
    expect(await lastValueFrom(EMPTY.pipe(mapValues((v: number) => v), toArray()))).toEqual([]);
  });

  it('passes upstream errors down', async () => {
    await expect(lastValueFrom(throwError(() => new Error('boom')).pipe(mapValues((v: number) => v)))).rejects.toThrow('boom');
  });

  it('fails with a ProcessingError and abandons the record when project throws', async () => {
    const t = testRecords([1, 2]);
    const run = lastValueFrom(
      from(t.records).pipe(
        mapValues(
          (v: number) => {
            if (v === 1) throw new TypeError('bad');
            return v;
          },
          { name: 'decode' },
        ),
      ),
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessingError);
    expect(error).toMatchObject({ stage: 'decode', record: { topic: 'in', partition: 0, offset: '0' } });
    t.records[1]?.ack.done();
    expect(t.tracker.stuck({ topic: 'in', partition: 0 })).toBe(true);
    expect(t.committable()).toBeUndefined();
  });

  it('with onError skip, finishes the failed record and goes on', async () => {
    const t = testRecords([1, 2]);
    const skipped: ProcessingError[] = [];
    const out = await lastValueFrom(
      from(t.records).pipe(
        mapValues(
          (v: number) => {
            if (v === 1) throw new Error('bad');
            return v;
          },
          { onError: 'skip', onSkip: (e) => skipped.push(e) },
        ),
        toArray(),
      ),
    );
    expect(out.map((r) => r.value)).toEqual([2]);
    expect(skipped).toHaveLength(1);
    expect(t.committable()).toBe('1');
  });

  it('stops calling project after an early unsubscribe', async () => {
    const t = testRecords([1, 2, 3]);
    const input = new Subject<(typeof t.records)[number]>();
    const seen: number[] = [];
    const first = firstValueFrom(input.pipe(mapValues((v: number) => (seen.push(v), v))));
    input.next(t.records[0]!);
    input.next(t.records[1]!);
    await first;
    expect(seen).toEqual([1]);
    expect(input.observed).toBe(false);
  });
});
