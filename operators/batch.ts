import { Observable, type OperatorFunction, type SchedulerLike, type Subscription, asyncScheduler } from 'rxjs';
import { meterOf } from './instrumentationInternals.ts';
import { nodeFor, tag } from './nodes.ts';
import type { StreamRecord } from './record.ts';

export interface BatchOptions<K, V> {
  readonly name?: string;
  /** Default 500. */
  readonly maxRecords?: number;
  /** Default unbounded. A record bigger than this on its own goes out alone. */
  readonly maxBytes?: number;
  /** Bytes a record counts for; default the length of its raw key and value. */
  readonly sizeOf?: (record: StreamRecord<K, V>) => number;
  /** Longest a record waits for its batch to fill; default 1000 ms. */
  readonly maxWaitMs?: number;
  readonly scheduler?: SchedulerLike;
}

/**
 * Groups records into arrays for a sink that writes in bulk.
 *
 * Emits a batch when it holds `maxRecords`, when the next record would take it past `maxBytes`,
 * when its first record has waited `maxWaitMs`, and on completion (what is left). Stateful (the
 * open batch); keeps keys. One queue in arrival order, so a batch never reorders records, nor do
 * consecutive batches — each key keeps its order. Acks pass through untouched: a record is
 * finished by whoever writes the batch. On error the open batch is dropped unfinished, so its
 * offsets are not committed and it is read again.
 *
 * Reports each batch's size to the node's meter (see `instrumentation.ts`).
 *
 * Backpressure is not signalled here: the open batch is bounded by `maxRecords`/`maxBytes` and
 * leaves at once; the queue forms where batches wait for the store, in {@link guard}, which
 * pauses the source when it is over its bound.
 *
 * @example
 * events.pipe(batch({ maxRecords: 500, maxBytes: 1 << 20, maxWaitMs: 200 }), guard(writeRows))
 * @see guard
 */
export function batch<K, V>(options: BatchOptions<K, V> = {}): OperatorFunction<StreamRecord<K, V>, readonly StreamRecord<K, V>[]> {
  const maxRecords = options.maxRecords ?? 500;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const sizeOf = options.sizeOf ?? ((r) => (r.raw.key?.length ?? 0) + (r.raw.value?.length ?? 0));
  const scheduler = options.scheduler ?? asyncScheduler;
  if (!(maxRecords >= 1) || !(maxBytes > 0) || !(maxWaitMs >= 0)) {
    throw new RangeError(`batch${options.name === undefined ? '' : ` ${options.name}`}: maxRecords must be ≥ 1, maxBytes > 0 and maxWaitMs ≥ 0`);
  }

  return (source) => {
    const node = nodeFor('batch', options.name, 'processor', [source]);
    return tag(
      new Observable<readonly StreamRecord<K, V>[]>((subscriber) => {
        const meter = meterOf(node);
        let open: StreamRecord<K, V>[] = [];
        let bytes = 0;
        let timer: Subscription | undefined;
        const emit = () => {
          timer?.unsubscribe();
          timer = undefined;
          if (open.length === 0) return;
          const out = open;
          open = [];
          bytes = 0;
          meter.batchSize(out.length);
          subscriber.next(out);
        };
        const subscription = source.subscribe({
          next: (record) => {
            const size = sizeOf(record);
            if (open.length > 0 && bytes + size > maxBytes) emit();
            open.push(record);
            bytes += size;
            if (open.length >= maxRecords || bytes >= maxBytes) emit();
            else timer ??= scheduler.schedule(emit, maxWaitMs);
          },
          error: (error: unknown) => {
            timer?.unsubscribe();
            subscriber.error(error);
          },
          complete: () => {
            emit();
            subscriber.complete();
          },
        });
        return () => {
          timer?.unsubscribe();
          subscription.unsubscribe();
        };
      }),
      node,
    );
  };
}
