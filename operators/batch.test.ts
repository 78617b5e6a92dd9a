import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { batch } from './batch.ts';
import type { StreamRecord } from './record.ts';
import { testRecords } from './testing/records.ts';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
type Rec = StreamRecord<string, string>;
const [a, b, c, d] = testRecords(['a', 'b', 'c', 'd'], { key: (v) => v }).records as [Rec, Rec, Rec, Rec];

describe('batch', () => {
  it('emits when maxRecords is reached', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('abcd|', { a, b, c, d });
      expectObservable(source.pipe(batch({ maxRecords: 2, maxWaitMs: 100 }))).toBe('-x-y|', { x: [a, b], y: [c, d] });
    });
  });

  it('emits when the first record has waited maxWaitMs', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 9ms b 20ms c 100ms |', { a, b, c });
      // a at 0 → out at 10 (with b); c at 31 → out at 41.
      expectObservable(source.pipe(batch({ maxRecords: 10, maxWaitMs: 10 }))).toBe('10ms x 30ms y 90ms |', { x: [a, b], y: [c] });
    });
  });

  it('emits before a record would take the batch past maxBytes; a big record goes alone', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const sizes = new Map([[a, 4], [b, 4], [c, 20], [d, 1]]);
      const source = cold('abc 5ms d|', { a, b, c, d });
      expectObservable(source.pipe(batch({ maxRecords: 100, maxBytes: 10, sizeOf: (r) => sizes.get(r) ?? 0, maxWaitMs: 50 }))).toBe('--(xy) 3ms (z|)', {
        x: [a, b],
        y: [c],
        z: [d],
      });
    });
  });

  it('flushes what is left on completion and completes empty on empty', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a }).pipe(batch({ maxWaitMs: 100 }))).toBe('-(x|)', { x: [a] });
      expectObservable(cold<Rec>('|').pipe(batch())).toBe('|');
    });
  });

  it('passes an error down and drops the open batch', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a#', { a }).pipe(batch({ maxWaitMs: 100 }))).toBe('-#');
    });
  });

  it('cancels its timer on early unsubscribe', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a 50ms b', { a, b });
      expectObservable(source.pipe(batch({ maxWaitMs: 100 })), '^ 5ms !').toBe('');
      expectSubscriptions(source.subscriptions).toBe('^ 5ms !');
    });
  });

  it('never reorders: the batches concatenated are the input, whatever closes them', async () => {
    const t = testRecords(Array.from({ length: 200 }, (_, i) => i % 7), { key: (v) => `k${v}` });
    const batches = await lastValueFrom(
      from(t.records).pipe(batch({ maxRecords: 9, maxBytes: 12, sizeOf: (r) => r.value + 1, maxWaitMs: 5 }), toArray()),
    );
    expect(batches.length).toBeGreaterThan(10);
    expect(batches.flat()).toEqual(t.records);
  });
});
