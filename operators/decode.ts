import { type Observable, type SchedulerLike, asyncScheduler, concatMap, defer } from 'rxjs';
import { outlets } from './branchInternals.ts';
import { ErrorCodes, ProcessingError, SwitchyardError } from './errors.ts';
import { nodeFor } from './nodes.ts';
import { type Failure, type StreamRecord, withValue } from './record.ts';

/** A record's value bytes → its value; throws or rejects when they cannot be read. */
export type Decoder<K, V> = (bytes: Buffer, record: StreamRecord<K, Buffer | null>) => Promise<V> | V;

/**
 * What an error of the decoder means, like Kafka Streams' `DeserializationHandlerResponse`:
 * `deadLetter` the record and go on, or `fail` — abandon it and stop the sub-topology, so it is
 * read again after a restart.
 */
export type DecodeFailureResponse = 'deadLetter' | 'fail';
export type DecodeFailurePolicy = (error: unknown) => DecodeFailureResponse;

/**
 * The default policy: what cannot be read is dead-lettered, except a retriable SwitchyardError
 * (a schema registry that does not answer), which fails: waiting for the registry loses nothing,
 * where dead-lettering would set aside every record that arrives while it is down.
 */
export const deadLetterUnlessRetriable: DecodeFailurePolicy = (error) => (error instanceof SwitchyardError && error.retriable ? 'fail' : 'deadLetter');

export interface DecodeOptions {
  /** Node name; its outputs are `<name>-decoded` and `<name>-failed`. */
  readonly name?: string;
  /** Reported with each failure (the DLQ's `stage`), e.g. `sink:postgres`. */
  readonly stage: string;
  /** Default {@link deadLetterUnlessRetriable}. */
  readonly onError?: DecodeFailurePolicy;
  /** Clock of `failedAt`. */
  readonly scheduler?: SchedulerLike;
}

export interface DecodeOutputs<K, V> {
  /** The records that were read, their values decoded. */
  readonly decoded: Observable<StreamRecord<K, V>>;
  /** The records that could not be, as they were consumed, with why: for `deadLetter`. */
  readonly failed: Observable<Failure<K, Buffer | null>>;
}

/**
 * Reads each record's value bytes with `decoder`, and sets aside what cannot be read: one
 * policy for unreadable records, as Kafka Streams' `DeserializationExceptionHandler`, instead
 * of each sub-topology coding its own.
 *
 * Emits each decoded record on `decoded`, keeping key, provenance and ack handle; a record
 * whose decoder throws or rejects, or that has no value (a tombstone, SWY_EMPTY_RECORD), goes to
 * `failed` as a {@link Failure} at `stage` with its original bytes, one attempt — unless the
 * policy says `fail`: then the record is abandoned and both outputs error with a
 * ProcessingError. Decodes one record at a time, in order, so each key keeps its order.
 * Stateless; keeps the key. Acks: each record goes to exactly one output with its ack
 * untouched: a failure is finished by `deadLetter` once the dead letter is durable, never
 * before. Both outputs must be subscribed before records flow, as with {@link split}; source
 * errors and completion reach both.
 *
 * @example
 * const { decoded, failed } = decode(records, async (bytes) => (await codec.decode('eng.events.v1', bytes)).value, { name: 'decode', stage: 'sink:postgres', scheduler });
 * merge([failed, decoded.pipe(batch(), guard(write))]).pipe(deadLetter(producer));
 * @see deadLetter
 * @see split
 */
export function decode<K, V>(source: Observable<StreamRecord<K, Buffer | null>>, decoder: Decoder<K, V>, options: DecodeOptions): DecodeOutputs<K, V> {
  const node = nodeFor('decode', options.name, 'processor', [source]);
  const { name } = node;
  const { stage } = options;
  const policy = options.onError ?? deadLetterUnlessRetriable;
  const scheduler = options.scheduler ?? asyncScheduler;

  type Read = { readonly decoded: StreamRecord<K, V> } | { readonly failed: Failure<K, Buffer | null> };
  const read = async (record: StreamRecord<K, Buffer | null>): Promise<Read> => {
    let error: unknown;
    try {
      if (record.value === null) throw new SwitchyardError('the record has no value (a tombstone)', ErrorCodes.emptyRecord, { record });
      return { decoded: withValue(record, await decoder(record.value, record)) };
    } catch (cause) {
      error = cause;
    }
    if (policy(error) === 'fail') {
      record.ack.abandon();
      throw new ProcessingError(name, record, error);
    }
    return { failed: { record, error, stage, attempts: 1, failedAt: scheduler.now() } };
  };

  return outlets<{ decoded: StreamRecord<K, V>; failed: Failure<K, Buffer | null> }>(node, ['decoded', 'failed'], (to) =>
    source.pipe(concatMap((record) => defer(() => read(record)))).subscribe({
      next: (result) => ('decoded' in result ? to.next('decoded', result.decoded) : to.next('failed', result.failed)),
      error: (error: unknown) => to.error(error),
      complete: () => to.complete(),
    }),
  );
}
