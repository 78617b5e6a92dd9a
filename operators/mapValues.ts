import type { OperatorFunction } from 'rxjs';
import { nodeName } from './nodes.ts';
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
 * records.pipe(mapValues((bytes) => decoder.decode(bytes), { name: 'decode' }))
 * @see flatMapValues
 * @see filter
 */
export function mapValues<K, V, W>(
  project: (value: V, record: StreamRecord<K, V>) => W,
  options: RecordOperatorOptions = {},
): OperatorFunction<StreamRecord<K, V>, StreamRecord<K, W>> {
  const name = nodeName('mapValues', options.name);
  return recordOperator<K, V, StreamRecord<K, W>>('mapValues', name, options, (record, subscriber) => {
    subscriber.next(withValue(record, project(record.value, record)));
  });
}
