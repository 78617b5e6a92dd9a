import type { OperatorFunction } from 'rxjs';
import { type RecordOperatorOptions, recordOperator } from './operatorInternals.ts';
import type { StreamRecord } from './record.ts';

/**
 * Keeps the records `predicate` accepts.
 *
 * Emits accepted records unchanged, in order. Stateless; keeps the key. Acks: a record filtered
 * out is finished at once (it has nowhere further to go), so it never holds back the commit. If
 * `predicate` throws, `onError` decides as in {@link mapValues}.
 *
 * @example
 * events.pipe(filter((event) => event.type !== 'ping', { name: 'drop-pings' }))
 * @see split
 */
export function filter<K, V>(
  predicate: (value: V, record: StreamRecord<K, V>) => boolean,
  options: RecordOperatorOptions = {},
): OperatorFunction<StreamRecord<K, V>, StreamRecord<K, V>> {
  return recordOperator<K, V, StreamRecord<K, V>>('filter', options, (record, subscriber) => {
    if (predicate(record.value, record)) subscriber.next(record);
    else record.ack.done();
  });
}
