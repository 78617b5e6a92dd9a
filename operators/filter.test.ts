import { EMPTY, Subject, firstValueFrom, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { filter } from './filter.ts';
import { testRecords } from './testing/records.ts';

describe('filter', () => {
  it('keeps accepted records unchanged and finishes the rest at once', async () => {
    const t = testRecords([1, 2, 3, 4]);
    const out = await lastValueFrom(from(t.records).pipe(filter((v: number) => v % 2 === 0), toArray()));
    expect(out).toEqual([t.records[1], t.records[3]]);
    expect(t.committable()).toBe('1'); // offset 0 filtered out; 1 still in flight
    out.forEach((r) => r.ack.done());
    expect(t.committable()).toBe('4');
  });

  it('completes empty on empty and passes errors down', async () => {
    expect(await lastValueFrom(EMPTY.pipe(filter(() => true), toArray()))).toEqual([]);
    await expect(lastValueFrom(throwError(() => new Error('boom')).pipe(filter(() => true)))).rejects.toThrow('boom');
  });

  it('treats a throwing predicate by its onError policy', async () => {
    const t = testRecords([1, 2]);
    const thrower = (v: number) => {
      if (v === 1) throw new Error('bad');
      return true;
    };
    await expect(lastValueFrom(from(t.records).pipe(filter(thrower)))).rejects.toThrow('failed at in/0@0: bad');
    const u = testRecords([1, 2]);
    const out = await lastValueFrom(from(u.records).pipe(filter(thrower, { onError: 'skip' }), toArray()));
    expect(out.map((r) => r.value)).toEqual([2]);
    expect(u.committable()).toBe('1');
  });

  it('unsubscribes from the source on early unsubscribe', async () => {
    const t = testRecords([1]);
    const input = new Subject<(typeof t.records)[number]>();
    const first = firstValueFrom(input.pipe(filter(() => true)));
    input.next(t.records[0]!);
    await first;
    expect(input.observed).toBe(false);
  });
});
