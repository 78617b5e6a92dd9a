/**
 * Mechanics shared by the record-at-a-time operators (like RxJS's `OperatorSubscriber`): apply a
 * user function to each record and decide what its error means, so every operator treats errors
 * and acks the same way.
 */
import { Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { ProcessingError } from './errors.ts';
import { nodeFor, tag } from './nodes.ts';
import type { StreamRecord } from './record.ts';

/**
 * What a user function's error does to its record:
 * - `fail` (default): the stream errors with a {@link ProcessingError}; the record is abandoned,
 *   so its offset is never committed and it is read again after a restart.
 * - `skip`: the record is finished as if filtered out, and `onSkip` hears about it.
 */
export type OnError = 'fail' | 'skip';

export interface RecordOperatorOptions {
  /** Node name in describe(); generated from the operator kind when absent. */
  readonly name?: string;
  readonly onError?: OnError;
  readonly onSkip?: (error: ProcessingError) => void;
}

/**
 * A pipeable operator over records, a `kind` node named `options.name` (or generated): `step`
 * gets each record and the subscriber, and may throw; the throw is handled by `options.onError`.
 */
export function recordOperator<K, V, R>(
  kind: string,
  options: RecordOperatorOptions,
  step: (record: StreamRecord<K, V>, subscriber: Subscriber<R>) => void,
): OperatorFunction<StreamRecord<K, V>, R> {
  return (source) => {
    const node = nodeFor(kind, options.name, 'processor', [source]);
    const { name } = node;
    return tag(
      new Observable<R>((subscriber) =>
        source.subscribe({
          next: (record) => {
            // After a failure, records still arriving synchronously are left alone (not run, not acked).
            if (subscriber.closed) return;
            try {
              step(record, subscriber);
            } catch (cause) {
              const error = new ProcessingError(name, record, cause);
              if (options.onError === 'skip') {
                record.ack.done();
                options.onSkip?.(error);
              } else {
                record.ack.abandon();
                subscriber.error(error);
              }
            }
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      ),
      node,
    );
  };
}
