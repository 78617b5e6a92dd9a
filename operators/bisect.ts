/**
 * The search behind guard's `isolate` option: finds the records of a failing batch that fail
 * alone, by halves (see `guard.ts`).
 *
 * A batch of n records with k poison records costs O(k·log n) writes: each failing half is split
 * again, each half that is written is done. Halves go in order, the first wholly before the
 * second, and a record retried alone is retried before anything after it, so a key's records
 * reach the store in order. Safe only for idempotent writers: a half may be written again when
 * the search resumes after an interruption.
 *
 * Per failure, by its classification:
 * - `configuration`: not a record's fault: the search stops and hands back what is left;
 * - `transient`: a documented outage, not a record's fault either: the search stops as when the
 *   health check says the store is down (`storeDown`), without asking it — a store that is
 *   restarting may answer its health check before it takes writes, and a record tried alone then
 *   would be failed for the store's outage;
 * - `permanent`: a half is split at once; a record alone is `failed` at once, with the store's error;
 * - `retryable`: the store's health check decides (no answer within `healthTimeoutMs` is down). Down: an outage, the search stops and hands
 *   back what is left, nothing is failed. Up: a half is split; a record alone is tried again
 *   alone, with backoff, up to `attemptsAlone` times, then `failed` with a FailedAloneError.
 *
 * Emits `written` (finish those records), `failed` (dead-letter it) and at most one `interrupted`
 * (the records not yet written or failed, in order), then completes.
 */
import { Observable, type ObservableInput, type SchedulerLike, type Subscription, catchError, defaultIfEmpty, from, of, take, timeout } from 'rxjs';
import { type RetryPolicy, backoffDelay } from './backoff.ts';
import { BatchWriteError, type Classification, type Classifier, FailedAloneError } from './errors.ts';
import type { StreamRecord } from './record.ts';

export type BisectEvent<K, V> =
  | { readonly kind: 'written'; readonly records: readonly StreamRecord<K, V>[] }
  | { readonly kind: 'failed'; readonly record: StreamRecord<K, V>; readonly error: unknown; readonly attempts: number }
  | { readonly kind: 'interrupted'; readonly remaining: readonly StreamRecord<K, V>[]; readonly reason: 'storeDown' | 'configuration'; readonly error: unknown };

export interface BisectOptions<K, V> {
  /** One write of some records (the guard's: limiter, no breaker). */
  readonly write: (records: readonly StreamRecord<K, V>[]) => Observable<unknown>;
  /** Whether the store answers now; false, an error, no answer or none within `healthTimeoutMs` counts as down. */
  readonly healthy: () => ObservableInput<boolean>;
  /**
   * How long a health check may take before it counts as down, in ms; default 10 s. A store that
   * hangs (a full connection pool, a half-open socket) answers nothing, and a search waiting on it
   * would hold its batch, and the partition behind it, forever.
   */
  readonly healthTimeoutMs?: number;
  readonly classify: Classifier;
  /** Tries a record alone gets, failing retriably while the store is up, before it is failed. */
  readonly attemptsAlone: number;
  readonly retry?: RetryPolicy;
  readonly scheduler: SchedulerLike;
}

interface Segment<K, V> {
  readonly records: readonly StreamRecord<K, V>[];
  /** Writes of exactly these records that failed. */
  failures: number;
}

/**
 * Isolates the failing records of `records`, which just failed together with `error`: a batch is
 * split straight away, a single record counts as having failed alone once.
 */
export function bisect<K, V>(records: readonly StreamRecord<K, V>[], error: unknown, options: BisectOptions<K, V>): Observable<BisectEvent<K, V>> {
  const { classify, scheduler } = options;
  const healthTimeoutMs = options.healthTimeoutMs ?? 10_000;
  return new Observable<BisectEvent<K, V>>((subscriber) => {
    const queue: Segment<K, V>[] = [];
    let step: Subscription | undefined;
    const keep = (subscription: Subscription) => {
      if (!subscription.closed) step = subscription;
    };

    const next = () => {
      const segment = queue.shift();
      if (segment === undefined) return subscriber.complete();
      keep(
        options.write(segment.records).subscribe({
          complete: () => {
            subscriber.next({ kind: 'written', records: segment.records });
            next();
          },
          error: (cause: unknown) => onError(segment, cause),
        }),
      );
    };

    const interrupt = (failing: readonly StreamRecord<K, V>[], reason: 'storeDown' | 'configuration', cause: unknown) => {
      subscriber.next({ kind: 'interrupted', remaining: [...failing, ...queue.flatMap((s) => s.records)], reason, error: cause });
      subscriber.complete();
    };

    const onError = (segment: Segment<K, V>, cause: unknown) => {
      let failing = segment;
      let classification: Classification;
      // The writer vouches that the records a BatchWriteError leaves out were written.
      if (cause instanceof BatchWriteError) {
        const named = namedFailures(cause, segment.records.length);
        const written = segment.records.filter((_, i) => !named.has(i));
        if (written.length > 0) subscriber.next({ kind: 'written', records: written });
        if (named.size === 0) return next();
        if (named.size < segment.records.length) failing = { records: [...named.keys()].map((i) => segment.records[i]!), failures: 1 };
        // Naming every record is this segment failing again: counted, or a record alone would be retried forever.
        else segment.failures += 1;
        // Several named failures: the batch error's own word, unless one of them is the store's.
        cause = named.size === 1 ? [...named.values()][0] : cause;
        classification = named.size === 1 ? classify(cause) : classifyTogether([cause, ...named.values()], classify);
      } else {
        segment.failures += 1;
        classification = classify(cause);
      }
      if (classification === 'configuration') return interrupt(failing.records, 'configuration', cause);
      if (classification === 'transient') return interrupt(failing.records, 'storeDown', cause);
      if (classification === 'permanent') {
        if (failing.records.length === 1) {
          subscriber.next({ kind: 'failed', record: failing.records[0]!, error: cause, attempts: failing.failures });
          return next();
        }
        return split(failing);
      }
      keep(
        from(options.healthy())
          .pipe(
            take(1),
            timeout({ first: healthTimeoutMs, with: () => of(false), scheduler }),
            defaultIfEmpty(false),
            catchError(() => of(false)),
          )
          .subscribe((up) => {
            if (!up) return interrupt(failing.records, 'storeDown', cause);
            if (failing.records.length > 1) return split(failing);
            if (failing.failures >= options.attemptsAlone) {
              subscriber.next({ kind: 'failed', record: failing.records[0]!, error: new FailedAloneError(failing.failures, cause, failing.records[0]), attempts: failing.failures });
              return next();
            }
            queue.unshift(failing);
            keep(scheduler.schedule(next, backoffDelay(failing.failures, options.retry)));
          }),
      );
    };

    const split = (segment: Segment<K, V>) => {
      const middle = Math.ceil(segment.records.length / 2);
      queue.unshift({ records: segment.records.slice(0, middle), failures: 0 }, { records: segment.records.slice(middle), failures: 0 });
      next();
    };

    onError({ records, failures: 0 }, error);
    return () => step?.unsubscribe();
  });
}

/**
 * The records a BatchWriteError names, once each, by index in order: a writer that names one
 * twice (one per failed statement of a record) must not have it failed or written twice. Indexes
 * outside the segment are ignored; the last error named for an index is kept.
 */
function namedFailures(error: BatchWriteError, size: number): ReadonlyMap<number, unknown> {
  const inRange = error.failures.filter((f) => Number.isInteger(f.index) && f.index >= 0 && f.index < size);
  return new Map(inRange.sort((a, b) => a.index - b.index).map((f) => [f.index, f.error] as const));
}

/**
 * What several failures, seen at once, say together: the store's setup if one says so, else an
 * outage if one says so — one record refused for the store's sake means the store is not taking
 * writes, and the others' failures then say nothing about them — else what the first says.
 */
export function classifyTogether(errors: readonly unknown[], classify: Classifier): Classification {
  const kinds = errors.map((error) => classify(error));
  if (kinds.includes('configuration')) return 'configuration';
  if (kinds.includes('transient')) return 'transient';
  return kinds[0] ?? 'retryable';
}
