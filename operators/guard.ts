import type Bottleneck from 'bottleneck';
import type CircuitBreaker from 'opossum';
import { type ObservableInput, type OperatorFunction, type SchedulerLike, type Subscription, Observable, asyncScheduler, concatMap, defer, finalize, tap } from 'rxjs';
import { type RetryPolicy, backoffDelay } from './backoff.ts';
import { BatchWriteError, type Classifier, RetriesExhaustedError, classify as defaultClassify } from './errors.ts';
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
  /** Retryable or permanent; default {@link defaultClassify}. */
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
            let step: Subscription | undefined;
            let waitingFor: (() => void) | undefined;
            /** Whether the current call is the breaker's half-open trial. */
            let trial = false;
            let started = 0;
            const report = (outcome: WriteOutcome) => meter.write(performance.now() - started, outcome, pending.length);
            const fail = (record: StreamRecord<K, V>, error: unknown) =>
              subscriber.next({ record, error, stage, attempts: attempt, failedAt: scheduler.now() });

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
            const onError = (error: unknown) => {
              report(isOpenBreaker(error) ? 'rejected' : error instanceof BatchWriteError ? 'partial' : 'error');
              // The store, not the records, is at fault when a whole batch fails retriably on the
              // breaker's trial call or trips it open: that attempt does not count, so an outage of
              // any length backs up Kafka instead of exhausting retries into the dead-letter queue.
              const storeDown = breaker !== undefined && !(error instanceof BatchWriteError) && classify(error) === 'retryable' && (trial || breaker.opened);
              if (breaker !== undefined && (isOpenBreaker(error) || storeDown)) {
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
              for (const [record, cause] of failed) {
                if (record === undefined) continue;
                if (classify(cause) === 'permanent') fail(record, cause);
                else if (attempt >= maxAttempts) fail(record, new RetriesExhaustedError(attempt, cause, record));
                else retry.push(record);
              }
              if (retry.length === 0) return subscriber.complete();
              pending = retry;
              step = scheduler.schedule(tryOnce, backoffDelay(attempt, options.retry));
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
