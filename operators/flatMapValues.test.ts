import { EMPTY, Subject, firstValueFrom, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ProcessingError } from './errors.ts';
import { flatMapValues } from './flatMapValues.ts';
import { testRecords } from './testing/records.ts';

describe('flatMapValues', () => {
  it('emits one record per value, all with the provenance of their origin', async () => {
    const { records } = testRecords([[1, 2], [3]]);
    const out = await lastValueFrom(from(records).pipe(flatMapValues((v: number[]) => v), toArray()));
    expect(out.map((r) => [r.offset, r.value])).toEqual([
      ['0', 1],
      ['0', 2],
      ['1', 3],
    ]);
  });

  it('finishes a record only when every value is done', async () => {
    const t = testRecords([[1, 2]]);
    const out = await lastValueFrom(from(t.records).pipe(flatMapValues((v: number[]) => v), toArray()));
    out[0]?.ack.done();
    expect(t.committable()).toBeUndefined();
    out[1]?.ack.done();
    expect(t.committable()).toBe('1');
  });

  it('finishes a record with no values at once', async () => {
    const t = testRecords([[] as number[]]);
    const out = await lastValueFrom(from(t.records).pipe(flatMapValues((v: number[]) => v), toArray()));
    expect(out).toEqual([]);
    expect(t.committable()).toBe('1');
  });

  it('completes empty on empty and passes errors down', async () => {
    expect(await lastValueFrom(EMPTY.pipe(flatMapValues((v: number[]) => v), toArray()))).toEqual([]);
    await expect(lastValueFrom(throwError(() => new Error('boom')).pipe(flatMapValues((v: number[]) => v)))).rejects.toThrow('boom');
  });

  it('emits nothing for a record whose project throws half-way', async () => {
    const t = testRecords([[1, 2]]);
    function* halfway() {
      yield 1;
      throw new Error('bad');
    }
    const got: number[] = [];
    const error = await lastValueFrom(from(t.records).pipe(flatMapValues(() => halfway()))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessingError);
    expect(got).toEqual([]);
    expect(t.tracker.stuck({ topic: 'in', partition: 0 })).toBe(true);
  });

  it('unsubscribes from the source on early unsubscribe', async () => {
    const t = testRecords([[1, 2, 3]]);
    const input = new Subject<(typeof t.records)[number]>();
    const first = firstValueFrom(input.pipe(flatMapValues((v: number[]) => v)));
    input.next(t.records[0]!);
    expect((await first).value).toBe(1);
    expect(input.observed).toBe(false);
  });
});
