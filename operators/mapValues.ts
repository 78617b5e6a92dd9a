import type { OperatorFunction } from 'rxjs';
import { type RecordOperatorOptions, recordOperator } from './operatorInternals.ts';
import { type StreamRecord, withValue } from './record.ts';

/**
 * Replaces each record's value, keeping its key, provenance and ack handle.
 *
 * Emits one record per record in, in the same order. Stateless; keeps the key (so the
 * partitioning and per-key order stay valid — use a key-changing operator to rekey). The ack is
 * untouched: the new record finishes the old one's path. If `project` throws, `onError`
 * decides: `fail` (default) errors the stream with a ProcessingError and abandons the record;
 * `skip` finishes the record and calls `onSkip`.
 *
 * @example
 * events.pipe(mapValues((event) => event.payload, { name: 'payload' }))
 * @see decode (bytes to values, with a policy for what cannot be read)
 * @see flatMapValues
 * @see filter
 */
export function mapValues<K, V, W>(
  project: (value: V, record: StreamRecord<K, V>) => W,
  options: RecordOperatorOptions = {},
): OperatorFunction<StreamRecord<K, V>, StreamRecord<K, W>> {
  return recordOperator<K, V, StreamRecord<K, W>>('mapValues', options, (record, subscriber) => {
    subscriber.next(withValue(record, project(record.value, record)));
  });
}
