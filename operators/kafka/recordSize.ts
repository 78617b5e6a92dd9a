/**
 * How many bytes a message takes on the broker, to check it against a topic's
 * `max.message.bytes` before producing it (https://kafka.apache.org/documentation/#recordbatch).
 *
 * The broker compares a whole record batch — its 61-byte header plus each record — with the
 * limit, uncompressed here since our producers do not compress. A record is its length,
 * attributes, timestamp and offset deltas, key, value and headers, each length a zig-zag varint.
 * Deltas are counted at their widest (10 bytes for the timestamp, 5 for the offset), so the
 * estimate never falls short of what kafkajs writes: a record that passes the check is accepted.
 */
import type { RecordHeaders } from '../record.ts';

/** Magic v2 batch header: base offset 8, length 4, leader epoch 4, magic 1, CRC 4, attributes 2,
 * last offset delta 4, first and max timestamps 16, producer id 8, epoch 2, base sequence 4, count 4. */
export const RECORD_BATCH_OVERHEAD = 61;

export interface SizedMessage {
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: RecordHeaders | undefined;
}

/** Bytes of one record inside a batch, length prefix included. */
export function recordBytes(message: SizedMessage): number {
  let body = 1 /* attributes */ + 10 /* timestamp delta */ + 5 /* offset delta */;
  body += field(message.key) + field(message.value);
  const headers = headerPairs(message.headers);
  body += varintBytes(headers.length);
  for (const [name, value] of headers) body += field(name) + field(value);
  return varintBytes(body) + body;
}

/** Bytes of a batch holding just this message: what `max.message.bytes` is compared with. */
export function messageBytes(message: SizedMessage): number {
  return RECORD_BATCH_OVERHEAD + recordBytes(message);
}

function field(value: Buffer | string | null): number {
  if (value === null) return varintBytes(-1);
  const length = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  return varintBytes(length) + length;
}

function headerPairs(headers: RecordHeaders | undefined): [string, Buffer | string][] {
  if (headers === undefined) return [];
  return Object.entries(headers).flatMap(([name, value]) => {
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((v): [string, Buffer | string] => [name, v as Buffer | string]);
  });
}

/** Zig-zag varint length of a 32-bit signed value (Kafka encodes lengths this way). */
function varintBytes(value: number): number {
  let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while (zigzag >= 0x80) {
    zigzag >>>= 7;
    bytes += 1;
  }
  return bytes;
}
