import { type OperatorFunction, concatMap, defer, from, map, catchError, throwError } from 'rxjs';
import { ErrorCodes, SwitchyardError, messageOf } from './errors.ts';
import type { ProducedMessage, ProducerPort, RecordMetadata } from './kafka/port.ts';
import { classifyProduceError } from './kafka/produceErrors.ts';
import { RECORD_BATCH_OVERHEAD, recordBytes } from './kafka/recordSize.ts';
import { nodeFor, tag } from './nodes.ts';
import { packBySize } from './packBySize.ts';
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
  /**
   * The topic's `max.message.bytes`: a batch is sent in as many sends as keep each under it
   * (kafkajs writes one record batch per partition and never splits one, so 500 records of
   * 4 KB would be refused as a whole). A single record over it fails the stream with
   * SWY_RECORD_REFUSED before anything is sent. Default: no limit is known, one send per batch.
   */
  readonly maxBytes?: number;
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
 * client's retries errors the stream and abandons its records, so nothing is committed past
 * them; the error says what the broker's answer means (`kafka/produceErrors.ts`):
 * SWY_PRODUCE (retriable) when the cluster is moving, SWY_KAFKA_CONFIGURATION (retriable, for a
 * person to fix: unknown topic, not authorized), SWY_RECORD_REFUSED (not retriable: the records
 * will be refused every time — check sizes before, as normalize does).
 *
 * Not retriable only says what a retry would do: `to` cannot set a record aside, and the
 * supervisor restarts the sub-topology after any error (with a doubling backoff), so a refused
 * record is refused again at each restart and its partition stalls (logged each time, with its
 * code). What keeps that from happening is the check before: normalize dead-letters an output
 * over its topic's limit, read at start (topology/outputLimits.ts); when no limit could be read
 * (a topic missing), the worker refuses to start (worker/run.ts), so it never runs without them.
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
          const send = async (): Promise<RecordMetadata[]> => {
            const metadata: RecordMetadata[] = [];
            for (const messages of chunked(records.map(message), options.maxBytes, options.topic)) metadata.push(...(await producer.send({ topic: options.topic, messages })));
            return metadata;
          };
          return defer(() => from(send())).pipe(
            map((metadata) => {
              for (const record of records) record.ack.done();
              return { records, metadata };
            }),
            catchError((cause: unknown) => {
              for (const record of records) record.ack.abandon();
              return throwError(() => produceError(options.topic, cause));
            }),
          );
        }),
      ),
      nodeFor('to', options.name, 'sink', [source], [options.topic]),
      (produced) => produced.records.length,
    );
}

/** The error a failed send ends the stream with, by what the broker's answer means. */
export function produceError(topic: string, cause: unknown): SwitchyardError {
  if (cause instanceof SwitchyardError && cause.code === ErrorCodes.recordRefused) return cause;
  const failure = classifyProduceError(cause);
  const answer = failure.type === undefined ? messageOf(cause) : `${failure.type} (Kafka error ${failure.code ?? '?'}): ${messageOf(cause)}`;
  if (failure.kind === 'record') return new SwitchyardError(`producing to ${topic} failed: the broker refuses these records every time: ${answer}`, ErrorCodes.recordRefused, { cause, retriable: false });
  if (failure.kind === 'configuration') {
    return new SwitchyardError(`producing to ${topic} failed: the cluster refuses it until its configuration is fixed: ${answer}`, ErrorCodes.kafkaConfiguration, { cause, retriable: true });
  }
  return new SwitchyardError(`producing to ${topic} failed: ${answer}`, ErrorCodes.produce, { cause, retriable: true });
}

/** Consecutive runs of messages whose record batch stays within `maxBytes` (order kept). */
function chunked(messages: readonly ProducedMessage[], maxBytes: number | undefined, topic: string): ProducedMessage[][] {
  if (maxBytes === undefined) return [[...messages]];
  return packBySize(messages, {
    maxBytes,
    overhead: RECORD_BATCH_OVERHEAD,
    sizeOf: recordBytes,
    tooLarge: (_message, bytes) => new SwitchyardError(`a record of ${bytes} bytes is over ${topic}'s max.message.bytes of ${maxBytes}`, ErrorCodes.recordRefused, { retriable: false }),
  });
}

function isBatch<T>(input: T | readonly T[]): input is readonly T[] {
  return Array.isArray(input);
}

export function defaultSerializer(value: unknown): Buffer | string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}
