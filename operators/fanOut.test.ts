import { EMPTY, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fanOut } from './fanOut.ts';
import { branch } from './split.ts';
import { testRecords } from './testing/records.ts';

describe('fanOut', () => {
  const stores = [branch('postgres', (v: number) => v % 2 === 0), branch('clickhouse', () => true), branch('neo4j', (v: number) => v > 100)];

  it('sends each record to every matching branch and forks its ack per branch', async () => {
    const t = testRecords([2, 3]);
    const { postgres, clickhouse, neo4j } = fanOut(from(t.records), { branches: stores });
    const [p, c, n] = await Promise.all([postgres, clickhouse, neo4j].map((b) => lastValueFrom(b.pipe(toArray()))));
    expect([p, c, n].map((b) => b?.map((r) => r.value))).toEqual([[2], [2, 3], []]);
    c?.[0]?.ack.done();
    expect(t.committable()).toBeUndefined(); // record 0 still open on postgres
    p?.[0]?.ack.done();
    expect(t.committable()).toBe('1');
    c?.[1]?.ack.done();
    expect(t.committable()).toBe('2');
  });

  it('goes to the default branch when nothing matches, else nowhere (finished at once)', async () => {
    const t = testRecords([1]);
    const { none } = fanOut(from(t.records), { branches: [branch('none', () => false)] });
    await lastValueFrom(none.pipe(toArray()));
    expect(t.committable()).toBe('1');
    const u = testRecords([1]);
    const routed = fanOut(from(u.records), { branches: [branch('none', () => false)], defaultBranch: 'rest' });
    // Every branch must listen before records flow, the empty one too.
    const [nowhere, rest] = await Promise.all([lastValueFrom(routed.none.pipe(toArray())), lastValueFrom(routed.rest.pipe(toArray()))]);
    expect([nowhere.length, rest.length]).toEqual([0, 1]);
  });

  it('completes on empty and errors on error', async () => {
    const { postgres } = fanOut(EMPTY, { branches: [branch('postgres', () => true)] });
    expect(await lastValueFrom(postgres.pipe(toArray()))).toEqual([]);
    const failing = fanOut(throwError(() => new Error('boom')), { branches: [branch('x', () => true)] });
    await expect(lastValueFrom(failing.x)).rejects.toThrow('boom');
  });
});
