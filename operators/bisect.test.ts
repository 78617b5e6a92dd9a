import { NEVER, type Observable, map, of, throwError, timer, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type BisectEvent, bisect } from './bisect.ts';
import { BatchWriteError, FailedAloneError, PermanentError } from './errors.ts';
import type { StreamRecord } from './record.ts';
import { testRecords } from './testing/records.ts';

type Rec = StreamRecord<string | null, string>;
const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const values = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);
const summary = (events: readonly BisectEvent<string | null, string>[]) =>
  events.map((e) => (e.kind === 'written' ? `written ${e.records.map((r) => r.value).join(',')}` : e.kind === 'failed' ? `failed ${e.record.value}` : `interrupted ${e.reason}: ${e.remaining.map((r) => r.value).join(',')}`));

function run(records: readonly Rec[], first: unknown, write: (records: readonly Rec[]) => Observable<unknown>, healthy: () => Observable<boolean> = () => of(true)) {
  const ts = scheduler();
  let out: BisectEvent<string | null, string>[] = [];
  ts.run(() => {
    bisect(records, first, { write, healthy, classify: (e) => (e instanceof PermanentError ? 'permanent' : (e as { classification?: 'configuration' | 'transient' }).classification ?? 'retryable'), attemptsAlone: 2, retry: { initialDelayMs: 10, random: () => 1 }, scheduler: ts })
      .pipe(toArray())
      .subscribe((events) => (out = events));
  });
  return out;
}

describe('bisect', () => {
  it('splits by halves, in order, and fails a record that fails alone twice while the store is up', () => {
    const t = testRecords(values(4));
    const written: string[][] = [];
    const events = run(t.records, new Error('boom'), (rs) => (written.push(rs.map((r) => r.value)), rs.some((r) => r.value === 'r2') ? throwError(() => new Error('boom')) : of(true)));
    expect(summary(events)).toEqual(['written r0,r1', 'failed r2', 'written r3']);
    expect(written).toEqual([['r0', 'r1'], ['r2', 'r3'], ['r2'], ['r2'], ['r3']]);
    const failed = events.find((e) => e.kind === 'failed');
    expect(failed).toMatchObject({ attempts: 2, error: expect.any(FailedAloneError) });
  });

  it('hands back what is left, in order, when the store goes down mid-search', () => {
    const t = testRecords(values(4));
    let up = true;
    const events = run(
      t.records,
      new Error('boom'),
      (rs) => {
        if (rs[0]!.value === 'r2') up = false;
        return rs.some((r) => r.value === 'r1' || r.value === 'r2') ? throwError(() => new Error('boom')) : of(true);
      },
      () => of(up),
    );
    expect(summary(events)).toEqual(['written r0', 'failed r1', 'interrupted storeDown: r2,r3']);
  });

  it('stops on a configuration error: not a record’s fault', () => {
    const t = testRecords(values(4));
    const events = run(t.records, new Error('boom'), (rs) => (rs.length === 2 && rs[0]!.value === 'r0' ? of(true) : throwError(() => ({ classification: 'configuration' }))));
    expect(summary(events)).toEqual(['written r0,r1', 'interrupted configuration: r2,r3']);
  });

  it('trusts a BatchWriteError: the records it leaves out were written, it goes on with the named ones', () => {
    const t = testRecords(values(4));
    const events = run(t.records, new Error('boom'), (rs) => (rs.length === 2 && rs[0]!.value === 'r0' ? throwError(() => new BatchWriteError([{ index: 1, error: new PermanentError('bad r1') }])) : of(true)));
    expect(summary(events)).toEqual(['written r0', 'failed r1', 'written r2,r3']);
  });

  it('stops on a transient failure as on a store found down, without asking the health check, and fails nothing', () => {
    const t = testRecords(values(4));
    let asked = 0;
    const outage = { classification: 'transient' };
    const events = run(
      t.records,
      new Error('boom'),
      (rs) => (rs.some((r) => r.value === 'r0') ? of(true) : rs.length === 1 ? throwError(() => outage) : throwError(() => new Error('boom'))),
      () => (asked++, of(true)),
    );
    // r0,r1 written; r2,r3 fails and is split (the store answered); r2 alone meets the outage.
    expect(summary(events)).toEqual(['written r0,r1', 'interrupted storeDown: r2,r3']);
    expect(events.at(-1)).toMatchObject({ error: outage });
    expect(asked).toBe(2); // the first failure and r2,r3's; never for the outage
  });

  it('stops when a BatchWriteError names a transient failure among others', () => {
    const t = testRecords(values(4));
    const first = new BatchWriteError([{ index: 0, error: new Error('unknown') }, { index: 2, error: { classification: 'transient' } }]);
    const events = run(t.records, first, () => throwError(() => new Error('not written: the outage stops the search first')));
    expect(summary(events)).toEqual(['written r1,r3', 'interrupted storeDown: r0,r2']);
  });

  it('counts a BatchWriteError naming the one record it was given as that record failing again', () => {
    const t = testRecords(values(1));
    let writes = 0;
    const events = run(t.records, new Error('boom'), () => (writes++, throwError(() => new BatchWriteError([{ index: 0, error: new Error('unknown') }]))));
    expect(summary(events)).toEqual(['failed r0']);
    expect(writes).toBe(1); // failed once with the batch, once alone: attemptsAlone is 2
  });

  it('fails a single permanent record at once without asking the store', () => {
    const t = testRecords(values(1));
    const events = run(t.records, new PermanentError('bad'), () => of(true), () => throwError(() => new Error('not asked')));
    expect(summary(events)).toEqual(['failed r0']);
  });

  it('takes a record a BatchWriteError names twice once: failed once, never written or failed again', () => {
    const t = testRecords(values(4));
    const twice = new BatchWriteError([
      { index: 1, error: new PermanentError('bad r1, first statement') },
      { index: 1, error: new PermanentError('bad r1, second statement') },
    ]);
    const events = run(t.records, new Error('boom'), (rs) => (rs.length === 2 && rs[0]!.value === 'r0' ? throwError(() => twice) : of(true)));
    expect(summary(events)).toEqual(['written r0', 'failed r1', 'written r2,r3']);
    expect(events.find((e) => e.kind === 'failed')).toMatchObject({ error: { message: 'bad r1, second statement' } });
  });

  it('counts a health check that does not answer within healthTimeoutMs (default 10 s) as the store down', () => {
    const ts = scheduler();
    const t = testRecords(values(2));
    const options = (healthTimeoutMs?: number) => ({
      write: () => throwError(() => new Error('not written: the store is down')),
      healthy: () => NEVER,
      classify: () => 'retryable' as const,
      attemptsAlone: 2,
      scheduler: ts,
      ...(healthTimeoutMs === undefined ? {} : { healthTimeoutMs }),
    });
    ts.run(({ expectObservable }) => {
      expectObservable(bisect(t.records, new Error('boom'), options()).pipe(map((e) => e.kind))).toBe('10s (i|)', { i: 'interrupted' });
      expectObservable(bisect(t.records, new Error('boom'), options(2_000)).pipe(map((e) => e.kind))).toBe('2s (i|)', { i: 'interrupted' });
    });
  });

  it('ignores a health check’s answer that comes after its timeout', () => {
    const ts = scheduler();
    const t = testRecords(values(2));
    ts.run(({ expectObservable }) => {
      const late = bisect(t.records, new Error('boom'), { write: () => of(true), healthy: () => timer(3_000).pipe(map(() => true)), classify: () => 'retryable', attemptsAlone: 2, healthTimeoutMs: 1_000, scheduler: ts });
      expectObservable(late.pipe(map((e) => (e.kind === 'interrupted' ? `${e.kind} ${e.reason}: ${e.remaining.map((r) => r.value).join(',')}` : e.kind)))).toBe('1s (i|)', { i: 'interrupted storeDown: r0,r1' });
    });
  });
});
