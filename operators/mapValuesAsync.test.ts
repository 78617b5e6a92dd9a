import { lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ProcessingError } from './errors.ts';
import { mapValuesAsync } from './mapValuesAsync.ts';
import { testRecords } from './testing/records.ts';

describe('mapValuesAsync', () => {
  it('maps values through an async function, in order, keeping key, provenance and acks', async () => {
    const input = testRecords([3, 1, 2], { key: (v) => `k${v}` });
    const delays = [30, 0, 10];
    const out = await lastValueFrom(
      of(...input.records).pipe(
        mapValuesAsync(async (value: number, record) => {
          await new Promise((r) => setTimeout(r, delays[Number(record.offset)]));
          return value * 10;
        }),
        toArray(),
      ),
    );
    expect(out.map((r) => r.value)).toEqual([30, 10, 20]);
    expect(out.map((r) => [r.key, r.offset])).toEqual([['k3', '0'], ['k1', '1'], ['k2', '2']]);
    // The handles pass through untouched: nothing is finished until a sink finishes it.
    expect(input.inFlight()).toBe(3);
    out.forEach((r) => r.ack.done());
    expect(input.committable()).toBe('3');
  });

  it('completes empty on empty input', async () => {
    expect(await lastValueFrom(of().pipe(mapValuesAsync(async (v: number) => v), toArray()))).toEqual([]);
  });

  it('fails with a ProcessingError and abandons the record by default: nothing is committed past it', async () => {
    const input = testRecords([1, 2]);
    const run = lastValueFrom(of(...input.records).pipe(mapValuesAsync(async (v: number) => (v === 1 ? Promise.reject(new Error('boom')) : v))));
    await expect(run).rejects.toBeInstanceOf(ProcessingError);
    input.records[1]!.ack.done();
    expect(input.committable()).toBeUndefined();
  });

  it('with onError skip, finishes the failing record and goes on', async () => {
    const input = testRecords([1, 2, 3]);
    const skipped: ProcessingError[] = [];
    const out = await lastValueFrom(
      of(...input.records).pipe(
        mapValuesAsync(async (v: number) => (v === 2 ? Promise.reject(new Error('bad')) : v), { onError: 'skip', onSkip: (e) => skipped.push(e) }),
        toArray(),
      ),
    );
    expect(out.map((r) => r.value)).toEqual([1, 3]);
    expect(skipped).toHaveLength(1);
    out.forEach((r) => r.ack.done());
    expect(input.committable()).toBe('3');
  });
});
