import { BatchWriteError } from '../errors.ts';
import type { BatchWriter } from '../guard.ts';
import type { StreamRecord } from '../record.ts';

export interface RecordingSink<K, V> {
  readonly write: BatchWriter<K, V>;
  /** Records written, in write order. */
  readonly written: StreamRecord<K, V>[];
  /** Every batch the sink was called with, failed ones included. */
  readonly calls: (readonly StreamRecord<K, V>[])[];
}

/**
 * A sink for tests: records what it is asked to write. `fail` may return an error for a record
 * (that record fails, the rest of the batch is written: a BatchWriteError) or throw (the whole
 * batch fails). `delay` makes the write take time.
 */
export function recordingSink<K, V>(
  options: { fail?: (record: StreamRecord<K, V>, call: number) => unknown; delay?: () => Promise<void> } = {},
): RecordingSink<K, V> {
  const written: StreamRecord<K, V>[] = [];
  const calls: (readonly StreamRecord<K, V>[])[] = [];
  const write = async (records: readonly StreamRecord<K, V>[]) => {
    calls.push(records);
    await options.delay?.();
    const failures = records.flatMap((record, index) => {
      const error = options.fail?.(record, calls.length);
      return error === undefined ? [] : [{ index, error }];
    });
    written.push(...records.filter((_, index) => !failures.some((f) => f.index === index)));
    if (failures.length > 0) throw new BatchWriteError(failures);
  };
  return { write, written, calls };
}
