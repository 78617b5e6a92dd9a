/**
 * What flows through a topology: a Kafka record's value with its provenance, and the handle that
 * tells the offset tracker when the record is finished.
 */

/** Kafka header values as the clients give them (a header repeated under one name is an array). */
export type HeaderValue = Buffer | string | readonly (Buffer | string)[] | undefined;
export type RecordHeaders = Readonly<Record<string, HeaderValue>>;

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  /** As Kafka gives it: a decimal string (offsets are 64-bit). For commits, the next offset to read. */
  readonly offset: string;
}

/**
 * The completion handle of one consumed record. Operators pass it along untouched; only the
 * operators that end or multiply a record's paths call it, and none of them reads offsets.
 *
 * A record starts with one path. `fork(n)` replaces the current path by `n` paths (a split to
 * three branches forks 3; flatMapValues to zero values forks 0, which finishes that path). Each
 * path ends with exactly one `done()` (written, filtered out, dead-lettered and acknowledged) or
 * with `abandon()` (it will never finish: the offset must never be committed past it).
 */
export interface Ack {
  fork(paths: number): void;
  done(): void;
  abandon(): void;
}

/** The original bytes, kept so a failure downstream of deserialization can dead-letter them. */
export interface RawPayload {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

export interface StreamRecord<K, V> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: K;
  readonly value: V;
  readonly headers: RecordHeaders;
  /** Kafka timestamp, epoch milliseconds as a decimal string, as kafkajs gives it. */
  readonly timestamp: string;
  readonly raw: RawPayload;
  readonly ack: Ack;
}

/** A record just as it was consumed. */
export type ConsumedRecord = StreamRecord<Buffer | null, Buffer | null>;

/** The same record with another value: provenance, raw bytes and the handle are kept. */
export function withValue<K, V, W>(record: StreamRecord<K, V>, value: W): StreamRecord<K, W> {
  return { ...record, value };
}

/** A stable map key for a topic-partition. */
export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}/${tp.partition}`;
}

export function parseTpKey(key: string): TopicPartition {
  const slash = key.lastIndexOf('/');
  return { topic: key.slice(0, slash), partition: Number(key.slice(slash + 1)) };
}

/** Group topic-partitions by topic (the shape kafkajs's pause/resume take). */
export function byTopic(tps: Iterable<TopicPartition>): { topic: string; partitions: number[] }[] {
  const topics = new Map<string, number[]>();
  for (const { topic, partition } of tps) {
    const partitions = topics.get(topic) ?? [];
    partitions.push(partition);
    topics.set(topic, partitions);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

/** A record an operator gave up on, on its way to `deadLetter`. */
export interface Failure<K, V> {
  readonly record: StreamRecord<K, V>;
  readonly error: unknown;
  /** Where it failed: sub-topology and step, e.g. `sink:postgres`. */
  readonly stage: string;
  readonly attempts: number;
  /** Epoch milliseconds (the operator's scheduler clock). */
  readonly failedAt: number;
}
