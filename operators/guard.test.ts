import { type Observable, Subject, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchWriteError, PermanentError, RetriesExhaustedError } from './errors.ts';
import type { FlowControl } from './flowControl.ts';
import { guard } from './guard.ts';
import type { StreamRecord } from './record.ts';
import { testRecords } from './testing/records.ts';

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
