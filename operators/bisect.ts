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
 * - `retryable`: the store's health check decides. Down: an outage, the search stops and hands
 *   back what is left, nothing is failed. Up: a half is split; a record alone is tried again
 *   alone, with backoff, up to `attemptsAlone` times, then `failed` with a FailedAloneError.
 *
 * Emits `written` (finish those records), `failed` (dead-letter it) and at most one `interrupted`
 * (the records not yet written or failed, in order), then completes.
 */
import { Observable, type ObservableInput, type SchedulerLike, type Subscription, catchError, defaultIfEmpty, from, of, take } from 'rxjs';
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
  /** Whether the store answers now; an error or no answer counts as down. */
  readonly healthy: () => ObservableInput<boolean>;
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
      // The writer vouches that the records a BatchWriteError leaves out were written.
      if (cause instanceof BatchWriteError) {
        const named = [...cause.failures].filter((f) => segment.records[f.index] !== undefined).sort((a, b) => a.index - b.index);
        const indexes = new Set(named.map((f) => f.index));
        const written = segment.records.filter((_, i) => !indexes.has(i));
        if (written.length > 0) subscriber.next({ kind: 'written', records: written });
        if (named.length === 0) return next();
        if (named.length < segment.records.length) failing = { records: named.map((f) => segment.records[f.index]!), failures: 1 };
        // Naming every record is this segment failing again: counted, or a record alone would be retried forever.
        else segment.failures += 1;
        if (named.length === 1) cause = named[0]!.error;
      } else segment.failures += 1;
      // Several named failures: the batch error's own word, unless one of them is the store's.
      const classification = cause instanceof BatchWriteError ? classifyTogether([cause, ...cause.failures.filter((f) => segment.records[f.index] !== undefined).map((f) => f.error)], classify) : classify(cause);
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
