import { EMPTY, Subject, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { merge } from './merge.ts';
import type { StreamRecord } from './record.ts';
import { testRecords } from './testing/records.ts';

describe('merge', () => {
  it('emits every record of every source, keeping each source in order', async () => {
    const a = testRecords([1, 2], { topic: 'a' });
    const b = testRecords([3], { topic: 'b' });
    const out = await lastValueFrom(merge([from(a.records), from(b.records)]).pipe(toArray()));
    expect(out.map((r) => `${r.topic}:${r.value}`)).toEqual(['a:1', 'a:2', 'b:3']);
    expect(out[0]?.ack).toBe(a.records[0]?.ack);
  });

  it('completes on empty and errors when one source errors', async () => {
    expect(await lastValueFrom(merge([EMPTY, EMPTY]).pipe(toArray()))).toEqual([]);
    await expect(lastValueFrom(merge([EMPTY, throwError(() => new Error('boom'))]))).rejects.toThrow('boom');
  });

  it('unsubscribes every source on early unsubscribe', () => {
    const a = new Subject<StreamRecord<null, number>>();
    const b = new Subject<StreamRecord<null, number>>();
    merge([a, b]).subscribe().unsubscribe();
    expect(a.observed || b.observed).toBe(false);
  });
});
