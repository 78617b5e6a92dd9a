import type { OperatorFunction } from 'rxjs';
import { type RecordOperatorOptions, recordOperator } from './operatorInternals.ts';
import { type StreamRecord, withValue } from './record.ts';

/**
 * Replaces each record by zero or more records with the values `project` returns, all keeping
 * the key, provenance and ack handle of the record they came from.
 *
 * Emits the new records in the order `project` returns them, right away. Stateless; keeps the
 * key. Acks: the record's path is forked into one path per value, so the record is finished
 * only when every value is; no values at all finishes it at once. If `project` throws, nothing
 * is emitted for the record and `onError` decides as in {@link mapValues}.
 *
 * @example
 * // One webhook delivery with several commits → one record per commit.
 * pushes.pipe(flatMapValues((push) => push.commits))
 * @see mapValues
 */
export function flatMapValues<K, V, W>(
  project: (value: V, record: StreamRecord<K, V>) => Iterable<W>,
  options: RecordOperatorOptions = {},
): OperatorFunction<StreamRecord<K, V>, StreamRecord<K, W>> {
  return recordOperator<K, V, StreamRecord<K, W>>('flatMapValues', options, (record, subscriber) => {
    // Materialized first: a throw half-way must not leave some values emitted and the fork wrong.
    const values = [...project(record.value, record)];
    record.ack.fork(values.length);
    for (const value of values) subscriber.next(withValue(record, value));
  });
}
