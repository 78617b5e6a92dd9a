import type Bottleneck from 'bottleneck';
import type CircuitBreaker from 'opossum';
import { type ObservableInput, type OperatorFunction, type SchedulerLike, type Subscription, Observable, asyncScheduler, concatMap, defer, finalize, tap } from 'rxjs';
import { type RetryPolicy, backoffDelay } from './backoff.ts';
import { bisect, classifyTogether } from './bisect.ts';
import { BatchWriteError, type Classification, type Classifier, RetriesExhaustedError, classify as defaultClassify } from './errors.ts';
import { type FlowControl, noFlowControl } from './flowControl.ts';
import { isOpenBreaker, protect } from './guardInternals.ts';
import type { WriteOutcome } from './instrumentation.ts';
import { meterOf } from './instrumentationInternals.ts';
import { nodeFor, tag } from './nodes.ts';
import type { Failure, StreamRecord } from './record.ts';

/** Writes one batch; resolving means every record is durably written. Throw BatchWriteError for a partial failure. */
export type BatchWriter<K, V> = (records: readonly StreamRecord<K, V>[]) => ObservableInput<unknown> | void;

export interface GuardOptions {
  readonly name?: string;
  /** Reported with each failure (the DLQ's `stage`); default the node name. */
  readonly stage?: string;
  readonly retry?: RetryPolicy;
  /** What a failure says about its records (transient, retryable, permanent, configuration); default {@link defaultClassify}. */
  readonly classify?: Classifier;
  /**
   * opossum options, or false for none. Defaults: open above 50 % failures once 10 calls were
   * seen in the rolling window, half-open after 30 s, and no call timeout — a timed-out write
   * goes on in the background and could land after its own retry, reordering a key.
   */
  readonly breaker?: false | CircuitBreaker.Options;
  /** A bottleneck limiter (a shared, named resource) or its options; default none. */
  readonly limiter?: false | Bottleneck | Bottleneck.ConstructorOptions;
  /** Clock of the retry backoff and of `failedAt`. */
  readonly scheduler?: SchedulerLike;
  readonly flow?: FlowControl;
  /** Batches waiting for the store before the source is paused; default 4 (resumes at half). */
  readonly maxQueuedBatches?: number;
  /**
   * Poison isolation, for idempotent writers whose store has a health check: a batch that keeps
   * failing while the store answers is searched by halves for the records that fail alone
   * (bisect.ts); only those are dead-lettered, the rest written. Default none: a failing batch
   * is retried, then dead-lettered whole.
   */
  readonly isolate?: IsolateOptions;
}

export interface IsolateOptions {
  /** Whether the store answers now (a sink's `health()`); false, an error or no answer within `healthTimeoutMs` is an outage. */
  readonly healthy: () => ObservableInput<boolean>;
  /**
   * Attempts a whole batch gets, failing retriably, before it is searched, and tries a record
   * gets alone, with growing backoff, before it is dead-lettered; default 5, never more than
   * `retry.maxAttempts`. More than two: a record that failed twice alone may have met a passing
   * condition (a timeout under load) rather than be at fault.
   */
  readonly attempts?: number;
  /** How long a health check may take before it counts as down, in ms; default 10 s (bisect.ts). */
  readonly healthTimeoutMs?: number;
}

/**
 * Writes batches through a circuit breaker (opossum), a rate limiter (bottleneck) and retries
 * with exponential backoff and full jitter; emits the records it gives up on.
 *
 * Emits one {@link Failure} per record that failed permanently (the classifier says a retry
 * cannot help) or still failed after `retry.maxAttempts`; `deadLetter` takes them. Written
 * records are finished (`ack.done()`) when the writer resolves. Stateful; keeps keys.
 *
 * One batch is written at a time, in arrival order, so a key's records reach the store in order.
 * A failure that trips the breaker open, or fails its half-open trial, counts no attempt either.
 * A BatchWriteError retries only the records it names (the writer vouches they are independent
 * of the ones written). While the breaker is open nothing is attempted and no attempt is
 * counted: the batch waits for half-open, and the source is paused through `flow`, resumed at
 * half-open — an outage backs up Kafka rather than the dead-letter queue. The source is also
 * paused while more than `maxQueuedBatches` wait. Errors from upstream pass through.
 *
 * With `isolate`, a failure never dead-letters a record that can be written alone: a batch that
 * fails permanently, or retriably `isolate.attempts` times (or on the breaker's trial) while
 * `isolate.healthy()` answers true, is searched by halves, in order (bisect.ts), past the
 * breaker; only the records that fail alone are emitted, with the store's error (a
 * FailedAloneError once a record failed retriably `isolate.attempts` times alone, with growing
 * backoff, the store answering before each try; a batch of one record is tried that often in
 * all), and `retry.maxAttempts` only caps `isolate.attempts`. When the health check says the
 * store is down, or does not answer within `isolate.healthTimeoutMs`, it is an outage: nothing
 * is dead-lettered, no attempt counts, and the batch waits as above. A breaker left open by a
 * search that wrote records is closed: the store took them.
 *
 * A `configuration` failure (the classifier's: credentials, a missing table) is never the
 * records': it counts no attempt, is never dead-lettered, and is retried with backoff (and the
 * breaker) until a person fixes the store.
 *
 * A `transient` failure (a documented outage: no connection, a shutdown, a database still
 * starting) is never the records' either. With `isolate` or a breaker it is handled like a
 * configuration failure — no attempt counts, nothing is dead-lettered, the batch waits with
 * growing backoff and the breaker opens and pauses the source as for any outage — and with
 * `isolate` it never starts a search, whatever the health check says: a store that is restarting
 * may answer its health check before it takes writes, and a search then would dead-letter
 * innocent records. Records a BatchWriteError names as failing transiently wait the same way.
 * With neither, it is retried like a `retryable` failure, within `retry.maxAttempts`.
 *
 * Reports each writer call's wall-clock duration and outcome, and the breaker's states, to the
 * node's meter (see `instrumentation.ts`).
 *
 * Time: backoff runs on `scheduler` (marble-testable); opossum's reset and bottleneck use
 * real timers (use fake timers to test them).
 *
 * @example
 * rows.pipe(batch({ maxRecords: 500 }), guard(writeRows, { name: 'clickhouse', flow }), deadLetter(producer))
 * @see batch
 * @see deadLetter
 */
export function guard<K, V>(writer: BatchWriter<K, V>, options: GuardOptions = {}): OperatorFunction<readonly StreamRecord<K, V>[], Failure<K, V>> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const flow = options.flow ?? noFlowControl;
  const classify = options.classify ?? defaultClassify;
  const maxAttempts = options.retry?.maxAttempts ?? 5;
  const maxQueued = options.maxQueuedBatches ?? 4;
  const isolate = options.isolate;
  const isolateAfter = Math.max(1, Math.min(isolate?.attempts ?? 5, maxAttempts));
  /**
   * Failures that are the store's, never the records': they count no attempt and are never
   * dead-lettered. A transient one only when the guard can tell an outage from a slow store (a
   * breaker or a health check); a bare guard keeps its bounded retries.
   */
  const waitsForStore = (classification: Classification) =>
    classification === 'configuration' || (classification === 'transient' && (isolate !== undefined || options.breaker !== false));

  return (source) => {
    const node = nodeFor('guard', options.name, 'sink', [source]);
    const { name } = node;
    const stage = options.stage ?? name;
    return tag(
      defer(() => {
        const call = protect(writer, options, classify);
        const breaker = call.breaker;
        const meter = meterOf(node);
        const onClosed = () => meter.breakerState('closed');
        const onOpened = () => meter.breakerState('open');
        const onHalfOpened = () => meter.breakerState('halfOpen');
        breaker?.on('close', onClosed).on('open', onOpened).on('halfOpen', onHalfOpened);
        if (breaker !== undefined) meter.breakerState(breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed');
        // Held reasons, so the source hears each pause and resume once.
        const held = new Set<string>();
        const hold = (reason: string) => held.has(reason) || (held.add(reason), flow.pause(reason));
        const release = (reason: string) => held.delete(reason) && flow.resume(reason);
        const onOpen = () => hold(`${name}:breaker`);
        const onHalfOpen = () => release(`${name}:breaker`);
        breaker?.on('open', onOpen).on('halfOpen', onHalfOpen).on('close', onHalfOpen);
        let queued = 0;

        const write = (records: readonly StreamRecord<K, V>[]) =>
          new Observable<Failure<K, V>>((subscriber) => {
            let pending = records;
            let attempt = 0;
            /** Retries that counted no attempt (an outage, a configuration error): their backoff still grows. */
            let waits = 0;
            let step: Subscription | undefined;
            let waitingFor: (() => void) | undefined;
            /** Whether the current call is the breaker's half-open trial. */
            let trial = false;
            let started = 0;
            const report = (outcome: WriteOutcome, records = pending.length) => meter.write(performance.now() - started, outcome, records);
            const fail = (record: StreamRecord<K, V>, error: unknown, attempts = attempt) =>
              subscriber.next({ record, error, stage, attempts, failedAt: scheduler.now() });

            const tryOnce = () => {
              attempt += 1;
              trial = breaker?.halfOpen ?? false;
              started = performance.now();
              const invocation = call.invoke(pending).subscribe({
                error: onError,
                complete: () => {
                  report('ok');
                  for (const record of pending) record.ack.done();
                  subscriber.complete();
                },
              });
              // A writer that fails synchronously has already scheduled the retry: keep that one.
              if (!invocation.closed) step = invocation;
            };
            /** Tries again later without counting an attempt: the store, not the records, is at fault. */
            const waitForStore = () => {
              attempt -= 1;
              if (breaker?.opened) return waitForBreaker();
              waits += 1;
              step = scheduler.schedule(tryOnce, backoffDelay(waits, options.retry));
            };
            const onError = (error: unknown) => {
              // A writer naming an index outside the batch must not make the count negative (a counter throws on that).
              if (error instanceof BatchWriteError) report('partial', pending.length - new Set(error.failures.map((f) => f.index).filter((i) => pending[i] !== undefined)).size);
              else report(isOpenBreaker(error) ? 'rejected' : 'error');
              if (isOpenBreaker(error)) {
                attempt -= 1;
                return waitForBreaker();
              }
              const classification = error instanceof BatchWriteError ? undefined : classify(error);
              if (classification !== undefined && waitsForStore(classification)) return waitForStore();
              // The store, not the records, is at fault when a whole batch fails retriably on the
              // breaker's trial call or trips it open: that attempt does not count, so an outage of
              // any length backs up Kafka instead of exhausting retries into the dead-letter queue.
              // With isolation, the health check has the last word (the batch may hold a poison record).
              const storeDown = breaker !== undefined && classification === 'retryable' && (trial || breaker.opened);
              if (isolate !== undefined) return isolateOrRetry(error, storeDown);
              if (storeDown) {
                attempt -= 1;
                return waitForBreaker();
              }
              const failed =
                error instanceof BatchWriteError
                  ? error.failures.flatMap((f) => (pending[f.index] === undefined ? [] : [[pending[f.index], f.error] as const]))
                  : pending.map((r) => [r, error] as const);
              const failedSet = new Set(failed.map(([r]) => r));
              for (const record of pending) if (!failedSet.has(record)) record.ack.done();
              const retry: StreamRecord<K, V>[] = [];
              let outage = true;
              for (const [record, cause] of failed) {
                if (record === undefined) continue;
                const kind = classify(cause);
                if (kind === 'permanent') fail(record, cause);
                else if (waitsForStore(kind)) retry.push(record);
                else if (attempt >= maxAttempts) fail(record, new RetriesExhaustedError(attempt, cause, record));
                else {
                  outage = false;
                  retry.push(record);
                }
              }
              if (retry.length === 0) return subscriber.complete();
              pending = retry;
              // Every record left failed for the store's sake: that try counts no attempt.
              if (outage) return waitForStore();
              step = scheduler.schedule(tryOnce, backoffDelay(attempt, options.retry));
            };
            const isolateOrRetry = (error: unknown, storeDown: boolean) => {
              let cause = error;
              if (error instanceof BatchWriteError) {
                const named = new Map(error.failures.flatMap((f) => (pending[f.index] === undefined ? [] : [[pending[f.index]!, f.error] as const])));
                const retry: StreamRecord<K, V>[] = [];
                for (const record of pending) {
                  const failure = named.get(record);
                  if (!named.has(record)) record.ack.done();
                  else if (classify(failure) === 'permanent') fail(record, failure);
                  else retry.push(record);
                }
                if (retry.length === 0) return subscriber.complete();
                pending = retry;
                // One record failing for the store's sake (an outage, its setup) says the store is not
                // taking writes now: the records wait for it; a search would judge them by an outage.
                if (waitsForStore(classifyTogether(retry.map((r) => named.get(r)), classify))) return waitForStore();
                cause = named.get(retry[0]!);
              }
              const permanent = classify(cause) === 'permanent';
              // A record alone is retried by the search, which asks the store's health before each try.
              if (!permanent && !storeDown && attempt < isolateAfter && pending.length > 1) {
                step = scheduler.schedule(tryOnce, backoffDelay(attempt, options.retry));
                return;
              }
              search(cause);
            };
            /** Finds, by halves, the records that fail alone; everything else is written (bisect.ts). */
            const search = (cause: unknown) => {
              let wrote = false;
              // The search counts the failure it starts from as a record alone failing once: for a
              // batch of one record, that is the guard's last try.
              const before = pending.length === 1 ? attempt - 1 : attempt;
              let interrupted = false;
              const searching = bisect(pending, cause, {
                write: (some) => {
                  const at = performance.now();
                  return call.invokePastBreaker(some).pipe(
                    tap({ complete: () => meter.write(performance.now() - at, 'ok', some.length), error: () => meter.write(performance.now() - at, 'error', some.length) }),
                  );
                },
                healthy: isolate!.healthy,
                classify,
                attemptsAlone: isolateAfter,
                ...(isolate!.healthTimeoutMs === undefined ? {} : { healthTimeoutMs: isolate!.healthTimeoutMs }),
                ...(options.retry === undefined ? {} : { retry: options.retry }),
                scheduler,
              }).subscribe({
                next: (event) => {
                  if (event.kind === 'written') {
                    wrote = true;
                    for (const record of event.records) record.ack.done();
                  } else if (event.kind === 'failed') fail(event.record, event.error, before + event.attempts);
                  else {
                    interrupted = true;
                    pending = event.remaining;
                    waitForStore();
                  }
                },
                complete: () => interrupted || finishSearch(wrote),
              });
              if (!searching.closed) step = searching;
            };
            const finishSearch = (wrote: boolean) => {
              if (wrote && breaker?.opened) breaker.close();
              subscriber.complete();
            };
            const waitForBreaker = () => {
              if (!breaker?.opened) return tryOnce();
              waitingFor = () => {
                breaker.off('halfOpen', waitingFor!).off('close', waitingFor!);
                waitingFor = undefined;
                tryOnce();
              };
              breaker.on('halfOpen', waitingFor).on('close', waitingFor);
            };

            tryOnce();
            return () => {
              step?.unsubscribe();
              if (waitingFor !== undefined) breaker?.off('halfOpen', waitingFor).off('close', waitingFor);
            };
          });

        return source.pipe(
          tap(() => {
            queued += 1;
            if (queued > maxQueued) hold(`${name}:queue`);
          }),
          concatMap((records) =>
            write(records).pipe(
              finalize(() => {
                queued -= 1;
                if (queued <= maxQueued / 2) release(`${name}:queue`);
              }),
            ),
          ),
          finalize(() => {
            breaker?.off('open', onOpen).off('halfOpen', onHalfOpen).off('close', onHalfOpen);
            breaker?.off('close', onClosed).off('open', onOpened).off('halfOpen', onHalfOpened);
            breaker?.shutdown();
            [...held].forEach(release);
          }),
        );
      }),
      node,
    );
  };
}
