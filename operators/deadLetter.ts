import { type OperatorFunction, catchError, concatMap, defer, from, map, throwError } from 'rxjs';
import { SwitchyardError, errorClassOf, messageOf } from './errors.ts';
import type { ProducedMessage, ProducerPort, RecordMetadata } from './kafka/port.ts';
import { classifyProduceError } from './kafka/produceErrors.ts';
import { messageBytes } from './kafka/recordSize.ts';
import type { NodeMeter } from './instrumentation.ts';
import { meterOf } from './instrumentationInternals.ts';
import { nodeFor, tag } from './nodes.ts';
import type { Failure, RecordHeaders } from './record.ts';
import { produceError } from './to.ts';

/** What a dead letter says about its record: the shape of `avro/schemas/DeadLetter.avsc`. */
export interface DeadLetterEntry {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer>;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number | null;
  readonly stage: string;
  readonly errorClass: string;
  readonly errorMessage: string;
  readonly errorPath: string | null;
  readonly attempts: number;
  readonly failedAt: number;
}

/**
 * The longest error message a dead letter carries (in its value and in a header): an error
 * quoting its input (a store echoing a 1 MB value) would otherwise make the dead letter larger
 * than the DLQ takes, and the record could be neither written nor set aside. The rest is cut
 * and the cut said.
 */
export const MAX_ERROR_MESSAGE_CHARS = 8_192;

export interface DeadLetterOptions {
  /** Default `switchyard.dlq`. */
  readonly topic?: string;
  readonly name?: string;
  /** The DLQ value's encoding; default JSON (bytes as base64). The Avro codec plugs in here. */
  readonly encode?: (entry: DeadLetterEntry) => Buffer;
  /**
   * The DLQ's `max.message.bytes` (topology/outputLimits.ts reads it at start). A dead letter
   * larger is written without the record's value, saying so. Default: no limit is known, and
   * the value is left out only once the broker refused the dead letter as too large.
   */
  readonly maxBytes?: number;
}

export interface DeadLettered<K, V> {
  readonly failure: Failure<K, V>;
  readonly metadata: readonly RecordMetadata[];
}

/** Kafka Connect's DLQ context headers (`errors.deadletterqueue.context.headers.enable`). */
export const ConnectHeaders = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  exceptionClass: '__connect.errors.exception.class.name',
  exceptionMessage: '__connect.errors.exception.message',
  stage: '__connect.errors.stage',
  attempts: '__switchyard.errors.attempts',
  failedAt: '__switchyard.errors.failed.at',
  /** Present when the record's value was left out of the dead letter: its size in bytes. */
  valueOmitted: '__switchyard.errors.value.omitted.bytes',
} as const;

/**
 * Writes each failed record to the dead-letter topic, with why it failed.
 *
 * The message keeps the record's original key bytes; its value is `encode(entry)` — the original
 * value bytes plus topic/partition/offset, stage, error class and message, attempts and time —
 * and its headers are the original ones plus Kafka Connect-style context headers
 * (`__connect.errors.topic`, `…partition`, `…offset`, `…exception.class.name`,
 * `…exception.message`, `…stage`), so tools that read Connect DLQs can read ours.
 *
 * Emits a {@link DeadLettered} receipt once the broker acknowledged the write, and only then
 * finishes the record's path: a record is never committed past before its failure is durable.
 * One write at a time, in order. Stateless. Each durable dead letter is reported to the node's
 * meter with its stage and error class.
 *
 * A dead letter larger than the DLQ takes (`maxBytes`, or the broker's MESSAGE_TOO_LARGE when no
 * limit is known) is written without the record's value: topic, partition, offset, key, headers
 * and the error stay, the error message says the value of N bytes was left out and why, and the
 * `__switchyard.errors.value.omitted.bytes` header gives N. The records that fail for their size
 * are the ones near the raw limit, and their dead letter (value, headers twice, error) is larger
 * still: refused every time, it would restart the sub-topology forever. Any other failed DLQ
 * write errors the stream as `to` classifies it (SWY_PRODUCE, SWY_KAFKA_CONFIGURATION or
 * SWY_RECORD_REFUSED: kafka/produceErrors.ts) and abandons the record.
 *
 * @example
 * batches.pipe(guard(write, { name: 'sink:postgres' }), deadLetter(producer, { maxBytes: limits.deadLetters }))
 * @see guard
 */
export function deadLetter<K, V>(producer: ProducerPort, options: DeadLetterOptions = {}): OperatorFunction<Failure<K, V>, DeadLettered<K, V>> {
  const topic = options.topic ?? 'switchyard.dlq';
  const encode = options.encode ?? encodeJson;

  /** The Kafka message of an entry: its key, the encoded entry, the record's headers and the Connect ones. */
  const kafkaMessage = (failure: Failure<K, V>, entry: DeadLetterEntry, omitted?: number): ProducedMessage => {
    const headers: RecordHeaders = {
      ...failure.record.headers,
      [ConnectHeaders.topic]: entry.topic,
      [ConnectHeaders.partition]: String(entry.partition),
      [ConnectHeaders.offset]: failure.record.offset,
      [ConnectHeaders.exceptionClass]: entry.errorClass,
      [ConnectHeaders.exceptionMessage]: entry.errorMessage,
      [ConnectHeaders.stage]: entry.stage,
      [ConnectHeaders.attempts]: String(entry.attempts),
      [ConnectHeaders.failedAt]: String(entry.failedAt),
      ...(omitted === undefined ? {} : { [ConnectHeaders.valueOmitted]: String(omitted) }),
    };
    return { key: entry.key, value: encode(entry), headers };
  };

  /** The entry without the record's value, the message saying why. */
  const withoutValue = (failure: Failure<K, V>, entry: DeadLetterEntry, why: string): ProducedMessage => {
    const bytes = entry.value?.length ?? 0;
    const errorMessage = `${entry.errorMessage} (the record's value of ${bytes} bytes is left out of this dead letter: ${why})`;
    return kafkaMessage(failure, { ...entry, value: null, errorMessage }, bytes);
  };

  /** The message to send: whole, or without the value when over the known limit. */
  const sized = (failure: Failure<K, V>, entry: DeadLetterEntry): { message: ProducedMessage; whole: boolean } => {
    const message = kafkaMessage(failure, entry);
    if (options.maxBytes === undefined || entry.value === null) return { message, whole: true };
    const bytes = messageBytes(message);
    if (bytes <= options.maxBytes) return { message, whole: true };
    return { message: withoutValue(failure, entry, `the dead letter of ${bytes} bytes is over ${topic}'s max.message.bytes of ${options.maxBytes}`), whole: false };
  };

  /** One failed record to the topic; its path finishes once the broker has it. */
  const write = (failure: Failure<K, V>, meter: NodeMeter) => {
    const entry = deadLetterEntry(failure);
    const send = async (): Promise<readonly RecordMetadata[]> => {
      const { message, whole } = sized(failure, entry);
      try {
        return await producer.send({ topic, messages: [message] });
      } catch (cause) {
        // No limit known, or the one read is out of date: the broker's refusal says the same.
        if (!whole || entry.value === null || classifyProduceError(cause).kind !== 'record') throw cause;
        return await producer.send({ topic, messages: [withoutValue(failure, entry, `${topic} refused the dead letter with it (${messageOf(cause)})`)] });
      }
    };
    return defer(() => from(send())).pipe(
      map((metadata): DeadLettered<K, V> => {
        failure.record.ack.done();
        meter.deadLettered(entry.stage, entry.errorClass);
        return { failure, metadata };
      }),
      catchError((cause: unknown) => {
        failure.record.ack.abandon();
        const classified = produceError(topic, cause);
        return throwError(() => new SwitchyardError(`dead-lettering ${failure.record.topic}/${failure.record.partition}@${failure.record.offset} failed: ${classified.message}`, classified.code, { cause, retriable: classified.retriable, record: failure.record }));
      }),
    );
  };

  return (source) => {
    const node = nodeFor('deadLetter', options.name, 'sink', [source], [topic]);
    // The meter is looked up when subscribed, never per record.
    const subscribed = defer(() => {
      const meter = meterOf(node);
      return source.pipe(concatMap((failure) => write(failure, meter)));
    });
    return tag(subscribed, node);
  };
}

export function deadLetterEntry<K, V>(failure: Failure<K, V>): DeadLetterEntry {
  const { record, error } = failure;
  const timestamp = Number(record.timestamp);
  return {
    key: record.raw.key,
    value: record.raw.value,
    headers: lastValues(record.headers),
    topic: record.topic,
    partition: record.partition,
    offset: Number(record.offset),
    timestamp: Number.isFinite(timestamp) ? timestamp : null,
    stage: failure.stage,
    errorClass: errorClassOf(error),
    errorMessage: capped(messageOf(error)),
    errorPath: pathOf(error),
    attempts: failure.attempts,
    failedAt: failure.failedAt,
  };
}

/** JSON with the byte fields as base64: readable with `kafka-console-consumer`. */
export function encodeJson(entry: DeadLetterEntry): Buffer {
  const base64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));
  const headers = Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k, v.toString('base64')]));
  return Buffer.from(JSON.stringify({ ...entry, key: base64(entry.key), value: base64(entry.value), headers }));
}

function capped(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}… (${message.length - MAX_ERROR_MESSAGE_CHARS} more characters cut)`;
}

function lastValues(headers: RecordHeaders): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(headers)) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) out[name] = Buffer.isBuffer(last) ? last : Buffer.from(String(last));
  }
  return out;
}

function pathOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ('path' in current && typeof current.path === 'string') return current.path;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
