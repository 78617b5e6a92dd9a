import { type OperatorFunction, concatMap, defer, from, map, catchError, throwError } from 'rxjs';
import { ErrorCodes, SwitchyardError } from './errors.ts';
import type { ProducedMessage, ProducerPort, RecordMetadata } from './kafka/port.ts';
import { nodeFor, tag } from './nodes.ts';
import type { RecordHeaders, StreamRecord } from './record.ts';

export type Serializer<T> = (value: T) => Buffer | string | null;

export interface ToOptions<K, V> {
  readonly topic: string;
  readonly name?: string;
  /** Default: Buffer, string and null as they are, anything else as JSON. */
  readonly key?: Serializer<K>;
  readonly value?: Serializer<V>;
  /** Headers of the produced message; default the record's own. */
  readonly headers?: (record: StreamRecord<K, V>) => RecordHeaders;
}

export interface Produced<K, V> {
  readonly records: readonly StreamRecord<K, V>[];
  readonly metadata: readonly RecordMetadata[];
}

/**
 * Produces records to a topic, like Kafka Streams' `KStream#to` (a sink node).
 *
 * Takes single records or batches (from {@link batch}); each becomes one send, acks=all, through
 * the producer port (idempotent by default, so the client's own retries write no duplicates).
 * Emits a {@link Produced} receipt per send once the broker acknowledged it, and only then
 * finishes the records' paths. Sends go one at a time in arrival order, so each key keeps its
 * order. Stateless; keeps the key (the partition follows from it). A send that fails after the
 * client's retries errors the stream with SWY_PRODUCE and abandons its records: nothing is
 * committed past them.
 *
 * @example
 * events.pipe(mapValues(encode), batch({ maxRecords: 200, maxWaitMs: 50 }), to(producer, { topic: 'eng.events.v1' }))
 * @see deadLetter
 */
export function to<K, V>(
  producer: ProducerPort,
  options: ToOptions<K, V>,
): OperatorFunction<StreamRecord<K, V> | readonly StreamRecord<K, V>[], Produced<K, V>> {
  const serializeKey = options.key ?? defaultSerializer;
  const serializeValue = options.value ?? defaultSerializer;
  const headersOf = options.headers ?? ((r: StreamRecord<K, V>) => r.headers);
  const message = (r: StreamRecord<K, V>): ProducedMessage => ({ key: serializeKey(r.key), value: serializeValue(r.value), headers: headersOf(r) });

  return (source) =>
    tag(
      source.pipe(
        concatMap((input) => {
          const records: readonly StreamRecord<K, V>[] = isBatch(input) ? input : [input];
          return defer(() => from(producer.send({ topic: options.topic, messages: records.map(message) }))).pipe(
            map((metadata) => {
              for (const record of records) record.ack.done();
              return { records, metadata };
            }),
            catchError((cause: unknown) => {
              for (const record of records) record.ack.abandon();
              return throwError(
                () => new SwitchyardError(`producing to ${options.topic} failed`, ErrorCodes.produce, { cause, retriable: true }),
              );
            }),
          );
        }),
      ),
      nodeFor('to', options.name, 'sink', [source], [options.topic]),
      (produced) => produced.records.length,
    );
}

function isBatch<T>(input: T | readonly T[]): input is readonly T[] {
  return Array.isArray(input);
}

export function defaultSerializer(value: unknown): Buffer | string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}
