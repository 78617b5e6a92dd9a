import { NEVER, type Observable, Subject, type Subscription, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchWriteError, FailedAloneError, PermanentError, RetriesExhaustedError, errorClassOf, messageOf } from './errors.ts';
import type { FlowControl } from './flowControl.ts';
import { type BatchWriter, type GuardOptions, guard } from './guard.ts';
import type { Failure, StreamRecord } from './record.ts';
import { type TestRecords, testRecords } from './testing/records.ts';

type Rec = StreamRecord<string | null, string>;
const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const noJitter = { initialDelayMs: 10, random: () => 1 };

/** A writer that fails its first `failures` calls, recording when it was called. */
function flaky(failures: number, now: () => number, error: () => unknown = () => new Error('store down')) {
  const calls: { at: number; records: readonly Rec[] }[] = [];
  const write = (records: readonly Rec[]): Observable<unknown> => {
    calls.push({ at: now(), records });
    return calls.length <= failures ? throwError(error) : of(true);
  };
  return { write, calls };
}

/** What a store answers while it restarts (Neo4j's DatabaseUnavailable): an outage, never the record's. */
const outage = () => Object.assign(new Error('Neo.TransientError.General.DatabaseUnavailable: database is not available'), { classification: 'transient' });
/** An error no classifier can place (Neo.DatabaseError.*): maybe the store, maybe the record. */
const unplaceable = () => new Error('Neo.DatabaseError.Statement.ExecutionFailed: Property value is too large to index');

function flowSpy(): FlowControl & { events: string[] } {
  const events: string[] = [];
  return { events, pause: (r) => events.push(`pause ${r}`), resume: (r) => events.push(`resume ${r}`) };
}

describe('guard', () => {
  afterEach(() => vi.useRealTimers());

  it('retries with exponential backoff, then finishes the records', () => {
    const t = testRecords(['a']);
    const ts = scheduler();
    const sink = flaky(2, () => ts.now());
    ts.run(({ cold, expectObservable }) => {
      const batches = cold('a|', { a: t.records });
      // Attempts at 0, 10 (wait ≤ 10·2⁰), 30 (wait ≤ 10·2¹); full jitter with random()=1 takes the ceiling.
      expectObservable(batches.pipe(guard(sink.write, { breaker: false, retry: { ...noJitter, maxAttempts: 5 } }))).toBe('30ms |');
    });
    expect(sink.calls.map((c) => c.at)).toEqual([0, 10, 30]);
    expect(t.committable()).toBe('1');
  });

  it('draws each wait uniformly below the exponential ceiling (full jitter)', () => {
    const t = testRecords(['a']);
    const ts = scheduler();
    const sink = flaky(3, () => ts.now());
    ts.run(({ cold, expectObservable }) => {
      const batches = cold('a|', { a: t.records });
      const retry = { initialDelayMs: 100, random: () => 0.5, maxAttempts: 5 };
      expectObservable(batches.pipe(guard(sink.write, { breaker: false, retry }))).toBe('350ms |');
    });
    expect(sink.calls.map((c) => c.at)).toEqual([0, 50, 150, 350]);
  });

  it('emits a failure when retries are exhausted, and leaves the record for deadLetter', () => {
    const t = testRecords(['a']);
    const ts = scheduler();
    const sink = flaky(99, () => ts.now());
    ts.run(({ cold, expectObservable }) => {
      const out = cold('a|', { a: t.records }).pipe(guard(sink.write, { name: 'sink:test', breaker: false, retry: { ...noJitter, maxAttempts: 3 } }));
      expectObservable(out).toBe('30ms (f|)', {
        f: expect.objectContaining({ record: t.records[0], stage: 'sink:test', attempts: 3, failedAt: 30, error: expect.any(RetriesExhaustedError) }),
      });
    });
    expect(t.committable()).toBeUndefined();
  });

  it('does not retry a permanent failure', () => {
    const t = testRecords(['a']);
    const ts = scheduler();
    const sink = flaky(99, () => ts.now(), () => new PermanentError('schema mismatch'));
    ts.run(({ cold, expectObservable }) => {
      const out = cold('a|', { a: t.records }).pipe(guard(sink.write, { breaker: false, retry: noJitter }));
      expectObservable(out).toBe('f|', { f: expect.objectContaining({ attempts: 1, error: expect.any(PermanentError) }) });
    });
    expect(sink.calls).toHaveLength(1);
  });

  it('on a BatchWriteError finishes the written records and retries only the failed ones', () => {
    const t = testRecords(['a', 'b', 'c']);
    const ts = scheduler();
    const calls: string[][] = [];
    const write = (records: readonly Rec[]) => {
      calls.push(records.map((r) => r.value));
      if (calls.length > 1) return of(true);
      return throwError(() => new BatchWriteError([{ index: 1, error: new Error('deadlock') }]));
    };
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: t.records }).pipe(guard(write, { breaker: false, retry: noJitter }))).toBe('10ms |');
    });
    expect(calls).toEqual([['a', 'b', 'c'], ['b']]);
    expect(t.committable()).toBe('3');
  });

  it('completes on empty, passes errors down', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const write = () => of(true);
      expectObservable(cold<readonly Rec[]>('|').pipe(guard(write, { breaker: false }))).toBe('|');
      expectObservable(cold<readonly Rec[]>('#').pipe(guard(write, { breaker: false }))).toBe('#');
    });
  });

  it('cancels a pending retry on early unsubscribe', () => {
    const t = testRecords(['a']);
    const ts = scheduler();
    const sink = flaky(99, () => ts.now());
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('a', { a: t.records }).pipe(guard(sink.write, { breaker: false, retry: noJitter })), '^ 5ms !').toBe('');
    });
    expect(sink.calls).toHaveLength(1);
  });

  it('writes one batch at a time, in order', async () => {
    const t = testRecords(['a', 'b', 'c']);
    const order: string[] = [];
    let open = 0;
    const write = async (records: readonly Rec[]) => {
      open += 1;
      expect(open).toBe(1);
      await new Promise((r) => setTimeout(r, 3 - order.length));
      order.push(...records.map((r) => r.value));
      open -= 1;
    };
    const batches = new Subject<readonly Rec[]>();
    const done = lastValueFrom(batches.pipe(guard(write, { breaker: false }), toArray()));
    t.records.forEach((r) => batches.next([r]));
    batches.complete();
    await done;
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('pauses the source while too many batches wait, resumes when they drain', async () => {
    const t = testRecords(['a', 'b', 'c', 'd']);
    const flow = flowSpy();
    let release: () => void = () => {};
    const write = () => new Promise<void>((resolve) => (release = resolve));
    const batches = new Subject<readonly Rec[]>();
    const done = lastValueFrom(batches.pipe(guard(write, { name: 'g', breaker: false, flow, maxQueuedBatches: 2 }), toArray()));
    t.records.forEach((r) => batches.next([r]));
    expect(flow.events).toEqual(['pause g:queue']);
    batches.complete();
    for (let i = 0; i < 4; i++) {
      release();
      await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(flow.events).toEqual(['pause g:queue', 'resume g:queue']);
    expect(t.committable()).toBe('4');
  });

  it('without isolate or breaker, retries a transient failure like a retryable one: within maxAttempts', () => {
    const t = testRecords(['a']);
    const ts = scheduler();
    const sink = flaky(99, () => ts.now(), () => outage());
    ts.run(({ cold, expectObservable }) => {
      const out = cold('a|', { a: t.records }).pipe(guard(sink.write, { breaker: false, retry: { ...noJitter, maxAttempts: 3 } }));
      expectObservable(out).toBe('30ms (f|)', { f: expect.objectContaining({ attempts: 3, error: expect.any(RetriesExhaustedError) }) });
    });
  });

  it('with a breaker, never exhausts retries on a transient failure, though the breaker has not opened yet (fake timers)', async () => {
    vi.useFakeTimers();
    const t = testRecords(['a']);
    const calls: number[] = [];
    const start = Date.now();
    const write = async () => {
      calls.push(Date.now() - start);
      if (calls.length <= 5) throw outage();
    };
    const out = lastValueFrom(of(t.records).pipe(guard(write, { retry: { ...noJitter, maxAttempts: 2 }, breaker: { volumeThreshold: 100 } }), toArray()));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await out).toEqual([]); // six tries with two allowed: an outage counts no attempt
    expect(calls).toEqual([0, 10, 30, 70, 150, 310]); // and the wait grows as for any outage
    expect(t.committable()).toBe('1');
  });

  it('with a breaker, retries the records a BatchWriteError names as failing transiently without exhausting them (fake timers)', async () => {
    vi.useFakeTimers();
    const t = testRecords(['a', 'b', 'c']);
    const calls: string[][] = [];
    const write = async (records: readonly Rec[]) => {
      calls.push(records.map((r) => r.value));
      if (calls.length <= 4) throw new BatchWriteError([{ index: records.length - 1, error: outage() }]);
    };
    const out = lastValueFrom(of(t.records).pipe(guard(write, { retry: { ...noJitter, maxAttempts: 1 }, breaker: { volumeThreshold: 100 } }), toArray()));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await out).toEqual([]);
    expect(calls).toEqual([['a', 'b', 'c'], ['c'], ['c'], ['c'], ['c']]);
    expect(t.committable()).toBe('3');
  });

  it('while the breaker is open, waits for half-open without counting attempts and pauses the source (fake timers)', async () => {
    vi.useFakeTimers();
    const t = testRecords(['a']);
    const flow = flowSpy();
    const calls: number[] = [];
    const start = Date.now();
    const write = async () => {
      calls.push(Date.now() - start);
      if (calls.length <= 2) throw new Error('store down');
    };
    const out = lastValueFrom(
      of(t.records).pipe(
        guard(write, {
          name: 'g',
          flow,
          retry: { ...noJitter, maxAttempts: 3 },
          breaker: { volumeThreshold: 1, errorThresholdPercentage: 10, resetTimeout: 1000 },
        }),
        toArray(),
      ),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([0]);
    expect(flow.events).toEqual(['pause g:breaker']);
    await vi.advanceTimersByTimeAsync(1); // half-open: the waiting batch tries once, fails, the breaker opens again
    expect(calls).toEqual([0, 1000]);
    expect(flow.events).toEqual(['pause g:breaker', 'resume g:breaker', 'pause g:breaker']);
    await vi.advanceTimersByTimeAsync(1000); // half-open again: third attempt succeeds and closes it
    expect(calls).toEqual([0, 1000, 2000]);
    expect(await out).toEqual([]); // three attempts were allowed: the waits did not count
    expect(flow.events).toEqual(['pause g:breaker', 'resume g:breaker', 'pause g:breaker', 'resume g:breaker']);
    expect(t.committable()).toBe('1');
  });
});

describe('guard isolate', () => {
  type Write = { at: number; values: string[] };
  /** A store that refuses any write holding a bad value, with `error()`; records every write. */
  function poisoned(bad: ReadonlySet<string>, now: () => number, error: () => unknown = () => new Error('Neo.DatabaseError.Statement.ExecutionFailed: Property value is too large to index')) {
    const writes: Write[] = [];
    const written: string[] = [];
    const write = (records: readonly Rec[]): Observable<unknown> => {
      const values = records.map((r) => r.value);
      writes.push({ at: now(), values });
      if (values.some((v) => bad.has(v))) return throwError(error);
      written.push(...values);
      return of(true);
    };
    return { write, writes, written };
  }
  const values = (n: number) => Array.from({ length: n }, (_, i) => `r${String(i).padStart(2, '0')}`);
  const up = () => of(true);

  /**
   * One batch of `t` through guard with no breaker, its backoff on the test scheduler's clock; the
   * failures it emitted, in order. `meanwhile` schedules what happens during the run (an outage
   * ending, an unsubscribe).
   */
  function failuresOf(t: TestRecords<string | null, string>, ts: TestScheduler, write: BatchWriter<string | null, string>, options: GuardOptions, meanwhile?: (subscription: Subscription) => void) {
    const failures: Failure<string | null, string>[] = [];
    ts.run(({ cold }) => {
      const subscription = cold('a|', { a: t.records })
        .pipe(guard(write, { breaker: false, scheduler: ts, ...options }))
        .subscribe((f) => failures.push(f));
      meanwhile?.(subscription);
    });
    return failures;
  }

  it('dead-letters only the 2 records of 32 that fail alone, writes the 30 others in order, in O(k log n) writes', () => {
    const t = testRecords(values(32));
    const ts = scheduler();
    const sink = poisoned(new Set(['r05', 'r20']), () => ts.now());
    const failures = failuresOf(t, ts, sink.write, { name: 'sink:test', retry: { ...noJitter, maxAttempts: 5 }, isolate: { healthy: up, attempts: 2 } });
    expect(failures.map((f) => f.record.value)).toEqual(['r05', 'r20']);
    expect(failures.every((f) => f.error instanceof FailedAloneError && f.stage === 'sink:test')).toBe(true);
    expect(messageOf(failures[0]!.error)).toBe('failed alone 2 times while the store answered its health check: Neo.DatabaseError.Statement.ExecutionFailed: Property value is too large to index');
    expect(errorClassOf(failures[0]!.error)).toBe('Error'); // the store's error, not ours
    expect(sink.written).toEqual(values(32).filter((v) => v !== 'r05' && v !== 'r20')); // every good one once, in order
    // 2 whole-batch attempts, then per bad record at most 2 writes per level of a 32-record tree and
    // one more try alone: far fewer than one write per record.
    expect(sink.writes.length).toBeLessThanOrEqual(2 + 2 * (2 * Math.log2(32)) + 2);
    expect(sink.writes.length).toBeLessThan(32); // one write per record would be 32 after the batch's own
    expect(t.committable()).toBe('5'); // the failed ones wait for deadLetter; the others are finished
    expect(t.inFlight()).toBe(2);
  });

  it('dead-letters nothing while the health check says the store is down, whatever the retry limit', () => {
    const t = testRecords(values(8));
    const ts = scheduler();
    const sink = poisoned(new Set(values(8)), () => ts.now(), () => new Error('connect ECONNREFUSED'));
    const failures = failuresOf(t, ts, sink.write, { retry: { ...noJitter, maxAttempts: 2 }, isolate: { healthy: () => of(false) } }, (subscription) => ts.schedule(() => subscription.unsubscribe(), 60_000));
    expect(failures).toEqual([]);
    expect(sink.writes.length).toBeGreaterThan(5); // still trying: an outage counts no attempt
    expect(sink.writes.every((w) => w.values.length === 8)).toBe(true); // never searched: the store, not a record, is at fault
    expect(t.committable()).toBeUndefined();
  });

  it('writes everything after an outage ends, with no record dead-lettered (healthy false, then true)', () => {
    const t = testRecords(values(8));
    const ts = scheduler();
    let down = true;
    const writes: string[][] = [];
    const write = (records: readonly Rec[]) => (writes.push(records.map((r) => r.value)), down ? throwError(() => new Error('connect ECONNREFUSED')) : of(true));
    const failures = failuresOf(t, ts, write, { retry: { ...noJitter, maxAttempts: 2 }, isolate: { healthy: () => of(!down) } }, () => ts.schedule(() => (down = false), 500));
    expect(failures).toEqual([]);
    expect(writes.length).toBeGreaterThan(3); // it kept trying past maxAttempts: an outage counts no attempt
    expect(writes.at(-1)).toEqual(values(8)); // the whole batch, in order, once the store is back
    expect(t.committable()).toBe('8');
  });

  it('dead-letters a record that fails permanently alone at once, with the store’s error', () => {
    const t = testRecords(values(8));
    const ts = scheduler();
    const sink = poisoned(new Set(['r03']), () => ts.now(), () => new PermanentError('invalid byte sequence for encoding "UTF8": 0x00'));
    const failures = failuresOf(t, ts, sink.write, { retry: noJitter, isolate: { healthy: () => throwError(() => new Error('never asked')) } });
    expect(failures).toEqual([expect.objectContaining({ record: t.records[3], error: expect.any(PermanentError), attempts: 2 })]); // the batch, then alone
    expect(sink.writes.every((w) => w.at === 0)).toBe(true); // no backoff: permanent needs no second try
    expect(sink.written).toEqual(values(8).filter((v) => v !== 'r03'));
    expect(t.committable()).toBe('3');
    expect(t.inFlight()).toBe(1);
  });

  it('with a retry limit, never dead-letters the records that succeed alone', () => {
    const t = testRecords(values(4));
    const ts = scheduler();
    const sink = poisoned(new Set(['r02']), () => ts.now());
    const failures = failuresOf(t, ts, sink.write, { retry: { ...noJitter, maxAttempts: 1 }, isolate: { healthy: up } });
    expect(failures.map((f) => f.record.value)).toEqual(['r02']);
    expect(sink.written).toEqual(['r00', 'r01', 'r03']);
  });

  it('never dead-letters a configuration error, whatever the retry limit: it waits for a person', () => {
    const t = testRecords(values(4));
    const ts = scheduler();
    let broken = 6;
    const writes: number[] = [];
    const write = () => (writes.push(ts.now()), broken-- > 0 ? throwError(() => Object.assign(new Error('relation "events" does not exist'), { classification: 'configuration' })) : of(true));
    const failures = failuresOf(t, ts, write, { retry: { ...noJitter, maxAttempts: 2 }, isolate: { healthy: up } });
    expect(failures).toEqual([]);
    expect(writes).toHaveLength(7); // whole batches only: never searched
    expect(writes).toEqual([0, 10, 30, 70, 150, 310, 630]); // backoff grows though no attempt counts
    expect(t.committable()).toBe('4');
  });

  it('never searches a batch failing transiently while the health check answers: nothing dead-lettered, all written once the outage ends', () => {
    const t = testRecords(values(8));
    const ts = scheduler();
    const writes: { at: number; values: string[] }[] = [];
    const write = (records: readonly Rec[]) => {
      writes.push({ at: ts.now(), values: records.map((r) => r.value) });
      return ts.now() < 500 ? throwError(outage) : of(true);
    };
    const failures = failuresOf(t, ts, write, { retry: { ...noJitter, maxAttempts: 2 }, isolate: { healthy: up, attempts: 2 } });
    expect(failures).toEqual([]);
    expect(writes.length).toBeGreaterThan(2); // past maxAttempts: an outage counts no attempt
    expect(writes.every((w) => w.values.length === 8)).toBe(true); // never searched, though the store answered
    expect(writes.at(-1)!.at).toBeGreaterThanOrEqual(500);
    expect(t.committable()).toBe('8');
  });

  it('dead-letters nothing when the records tried alone fail transiently (a restart racing the health check), writes each once', () => {
    const t = testRecords(values(8));
    const ts = scheduler();
    const written: string[] = [];
    let calls = 0;
    // Two whole-batch failures nobody can place start the search; then the store restarts: every
    // write fails with DatabaseUnavailable until t=1000 while its health check already answers.
    const write = (records: readonly Rec[]) => {
      calls += 1;
      if (calls <= 2) return throwError(unplaceable);
      if (ts.now() < 1_000) return throwError(outage);
      written.push(...records.map((r) => r.value));
      return of(true);
    };
    const failures = failuresOf(t, ts, write, { retry: { ...noJitter, maxAttempts: 2 }, isolate: { healthy: up, attempts: 2 } });
    expect(failures).toEqual([]);
    expect(written).toEqual(values(8)); // every record once, in order
    expect(t.committable()).toBe('8');
  });

  it('with a poison record among transient failures, dead-letters only the poison record', () => {
    const t = testRecords(values(8));
    const ts = scheduler();
    const written: string[] = [];
    const triedAlone = new Map<string, number>();
    // r03 fails with an error nobody can place, every time; any other record's first two tries
    // alone meet an outage (the store restarting under the search) while the health check answers:
    // as many as `attempts` tries alone, which would dead-letter a record failing retriably.
    const write = (records: readonly Rec[]) => {
      const vs = records.map((r) => r.value);
      const alone = vs.length === 1 && vs[0] !== 'r03' ? (triedAlone.get(vs[0]!) ?? 0) : 2;
      if (alone < 2) {
        triedAlone.set(vs[0]!, alone + 1);
        return throwError(outage);
      }
      if (vs.includes('r03')) return throwError(unplaceable);
      written.push(...vs);
      return of(true);
    };
    const failures = failuresOf(t, ts, write, { name: 'sink:test', retry: { ...noJitter, maxAttempts: 2 }, isolate: { healthy: up, attempts: 2 } });
    expect(failures.map((f) => f.record.value)).toEqual(['r03']);
    expect(failures[0]!.error).toBeInstanceOf(FailedAloneError);
    expect(triedAlone.size).toBeGreaterThan(0); // the outage did hit records tried alone
    expect(written.sort()).toEqual(values(8).filter((v) => v !== 'r03')); // every good record once
    expect(t.inFlight()).toBe(1);
  });

  it('retries, never searches, the records a BatchWriteError names as failing transiently; dead-letters only the poison one', () => {
    const t = testRecords(values(4));
    const ts = scheduler();
    const writes: string[][] = [];
    let r01Down = 3;
    const write = (records: readonly Rec[]) => {
      const vs = records.map((r) => r.value);
      writes.push(vs);
      const failures = vs.flatMap((v, index) => (v === 'r02' ? [{ index, error: unplaceable() }] : v === 'r01' && r01Down-- > 0 ? [{ index, error: outage() }] : []));
      return failures.length === 0 ? of(true) : throwError(() => new BatchWriteError(failures));
    };
    const failures = failuresOf(t, ts, write, { retry: { ...noJitter, maxAttempts: 2 }, isolate: { healthy: up, attempts: 2 } });
    expect(failures.map((f) => f.record.value)).toEqual(['r02']);
    // While r01 failed transiently its batch waited (four tries, past maxAttempts), never split.
    expect(writes.slice(0, 4)).toEqual([values(4), ['r01', 'r02'], ['r01', 'r02'], ['r01', 'r02']]);
    expect(writes.filter((w) => w.includes('r01')).every((w) => w.length === 2 || w.length === 4)).toBe(true);
    expect(t.committable()).toBe('2');
    expect(t.inFlight()).toBe(1);
  });

  it('keeps each key in order: the first half is written before anything of the second', () => {
    const t = testRecords(values(16), { key: (_v, i) => `k${i % 3}` });
    const ts = scheduler();
    const sink = poisoned(new Set(['r01', 'r09']), () => ts.now());
    failuresOf(t, ts, sink.write, { retry: noJitter, isolate: { healthy: up } });
    for (const key of ['k0', 'k1', 'k2']) {
      const expected = t.records.filter((r) => r.key === key && r.value !== 'r01' && r.value !== 'r09').map((r) => r.value);
      expect(sink.written.filter((v) => expected.includes(v))).toEqual(expected);
    }
  });

  it('searches a batch whose breaker trial fails while the store answers, and closes the breaker (fake timers)', async () => {
    vi.useFakeTimers();
    const t = testRecords(values(4));
    const flow = flowSpy();
    const writes: string[][] = [];
    const write = async (records: readonly Rec[]) => {
      writes.push(records.map((r) => r.value));
      if (records.some((r) => r.value === 'r01')) throw new Error('Neo.DatabaseError.General.UnknownError');
    };
    const out = lastValueFrom(
      of(t.records).pipe(
        guard(write, { name: 'g', flow, retry: { ...noJitter, maxAttempts: 9 }, breaker: { volumeThreshold: 1, errorThresholdPercentage: 10, resetTimeout: 1000 }, isolate: { healthy: async () => true, attempts: 2 } }),
        toArray(),
      ),
    );
    await vi.advanceTimersByTimeAsync(10);
    const failures = await out;
    expect(failures.map((f) => f.record.value)).toEqual(['r01']);
    expect(writes.filter((w) => w.length === 1 && w[0] !== 'r01').flat()).toEqual(['r00']);
    expect(flow.events).toEqual(['pause g:breaker', 'resume g:breaker']); // opened by the first failure, closed by the search
    expect(t.committable()).toBe('1');
    expect(t.inFlight()).toBe(1);
  });

  it('dead-letters a record only after isolate.attempts (default 5) tries alone, with growing backoff, asking the store before each', () => {
    const t = testRecords(values(4));
    const ts = scheduler();
    const sink = poisoned(new Set(['r02']), () => ts.now());
    let asked = 0;
    const failures = failuresOf(t, ts, sink.write, { retry: { ...noJitter, maxAttempts: Number.POSITIVE_INFINITY }, isolate: { healthy: () => (asked++, of(true)) } });
    expect(failures.map((f) => f.record.value)).toEqual(['r02']);
    expect(messageOf(failures[0]!.error)).toMatch(/^failed alone 5 times while the store answered its health check/);
    // Five whole-batch attempts (0, 10, 30, 70, 150), the search, then r02 alone five times, each wait twice the last.
    expect(sink.writes.filter((w) => w.values.length === 4).map((w) => w.at)).toEqual([0, 10, 30, 70, 150]);
    expect(sink.writes.filter((w) => w.values.join() === 'r02').map((w) => w.at)).toEqual([150, 160, 180, 220, 300]);
    expect(failures[0]!.attempts).toBe(10); // 5 with its batch, 5 alone
    expect(asked).toBeGreaterThanOrEqual(6); // the batch's and r02's 5 failures alone each asked the store
    expect(sink.written).toEqual(['r00', 'r01', 'r03']);
  });

  it('tries a batch of one record isolate.attempts times in all, asking the store before each retry', () => {
    const t = testRecords(['only']);
    const ts = scheduler();
    const writes: number[] = [];
    let asked = 0;
    const write = () => (writes.push(ts.now()), throwError(unplaceable));
    const failures = failuresOf(t, ts, write, { retry: noJitter, isolate: { healthy: () => (asked++, of(true)), attempts: 3 } });
    expect(writes).toEqual([0, 10, 30]);
    expect(asked).toBe(3);
    expect(failures).toEqual([expect.objectContaining({ record: t.records[0], attempts: 3, error: expect.any(FailedAloneError) })]);
    expect(messageOf(failures[0]!.error)).toMatch(/^failed alone 3 times/);
  });

  it('counts a health check that never answers as the store down after isolate.healthTimeoutMs: nothing dead-lettered, the batch waits', () => {
    const t = testRecords(values(4));
    const ts = scheduler();
    const writes: { at: number; size: number }[] = [];
    const write = (records: readonly Rec[]) => (writes.push({ at: ts.now(), size: records.length }), throwError(unplaceable));
    const failures = failuresOf(t, ts, write, { retry: { ...noJitter, maxAttempts: 1 }, isolate: { healthy: () => NEVER, healthTimeoutMs: 1_000 } }, (subscription) =>
      ts.schedule(() => subscription.unsubscribe(), 5_000),
    );
    expect(failures).toEqual([]);
    // Searched at once (maxAttempts 1); the store's silence is an outage after 1 s, then the whole batch is tried again.
    expect(writes[0]).toEqual({ at: 0, size: 4 });
    expect(writes[1]!.at).toBeGreaterThanOrEqual(1_000);
    expect(writes.every((w) => w.size === 4)).toBe(true);
    expect(t.committable()).toBeUndefined();
  });
});
