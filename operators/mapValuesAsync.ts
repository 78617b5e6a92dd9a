import { type OperatorFunction, catchError, concatMap, defer, EMPTY, throwError } from 'rxjs';
import { ProcessingError } from './errors.ts';
import { nodeFor, tag } from './nodes.ts';
import type { RecordOperatorOptions } from './operatorInternals.ts';
import { type StreamRecord, withValue } from './record.ts';

/**
 * Replaces each record's value with the result of an async function (a lookup that enriches
 * it, say), keeping its key, provenance and ack handle. To read bytes, use {@link decode}: it
 * sets aside what cannot be read rather than failing the stream.
 *
 * Emits one record per record in, in the same order: one call at a time, the next record waits
 * for the previous result, so each key keeps its order. Stateless; keeps the key. The ack is
 * untouched. If `project` rejects or throws, `onError` decides as for {@link mapValues}:
 * `fail` (default) errors the stream with a ProcessingError and abandons the record; `skip`
 * finishes it and calls `onSkip`.
 *
 * @example
 * commits.pipe(mapValuesAsync((commit) => directory.withAuthor(commit), { name: 'author' }))
 * @see mapValues
 */
export function mapValuesAsync<K, V, W>(
  project: (value: V, record: StreamRecord<K, V>) => Promise<W> | W,
  options: RecordOperatorOptions = {},
): OperatorFunction<StreamRecord<K, V>, StreamRecord<K, W>> {
  return (source) => {
    const node = nodeFor('mapValuesAsync', options.name, 'processor', [source]);
    const { name } = node;
    return tag(
      source.pipe(
        concatMap((record) =>
          defer(async () => withValue(record, await project(record.value, record))).pipe(
            catchError((cause: unknown) => {
              const error = new ProcessingError(name, record, cause);
              if (options.onError === 'skip') {
                record.ack.done();
                options.onSkip?.(error);
                return EMPTY;
              }
              record.ack.abandon();
              return throwError(() => error);
            }),
          ),
        ),
      ),
      node,
    );
  };
}
