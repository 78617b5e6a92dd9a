/**
 * The seam between the operators and a Kafka client: exactly the calls the operators make and
 * nothing else. kafkajs stands behind it by default (`kafkajs.ts`), an in-memory broker in tests
 * (`memory.ts`); @confluentinc/kafka-javascript or @platformatic/kafka can stand behind it by
 * implementing these interfaces — nothing here names a kafkajs type.
 */
import type { RecordHeaders, TopicPartition, TopicPartitionOffset } from '../record.ts';

export interface ConsumedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RecordHeaders;
  readonly timestamp: string;
}

export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedMessage[];
}

export interface ConsumerHandlers {
  /**
   * Called with the next messages of one partition, in offset order. Returns how many of the
   * leading messages it took; the client fetches the rest again once the partition is resumed
   * (the handler pauses the partition before it stops taking). This is how the source bounds
   * what it holds without losing what it did not take.
   */
  eachBatch(batch: ConsumedBatch): Promise<number>;
  /** Partitions now owned by this consumer; fetching them starts at the group's committed offset. */
  onAssigned(tps: readonly TopicPartition[]): void;
  /**
   * Partitions no longer owned. The synchronous part must stop tracking them; the returned
   * promise (a last commit) is awaited by clients that can delay the rebalance and otherwise run
   * before the next batch is handed over.
   */
  onRevoked(tps: readonly TopicPartition[]): Promise<void>;
}

export interface ConsumerPort {
  connect(): Promise<void>;
  subscribe(options: { topics: readonly string[]; fromBeginning?: boolean }): Promise<void>;
  /** Starts consuming; resolves once the consumer runs (not when it stops). Offsets are never auto-committed. */
  run(handlers: ConsumerHandlers): Promise<void>;
  pause(tps: readonly TopicPartition[]): void;
  resume(tps: readonly TopicPartition[]): void;
  /** Commit "next offset to read" per partition for this consumer's group. */
  commitOffsets(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Stop fetching; the consumer stays in the group until disconnect. */
  stop(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ProducedMessage {
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: RecordHeaders;
  readonly partition?: number;
  readonly timestamp?: string;
}

export interface ProducedBatch {
  readonly topic: string;
  readonly messages: readonly ProducedMessage[];
}

/** Where the broker put a message (one per partition written, as Kafka acknowledges). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the first message written to that partition by this send. */
  readonly baseOffset: string;
}

export interface TransactionPort {
  send(batch: ProducedBatch): Promise<readonly RecordMetadata[]>;
  /** Commit consumed offsets atomically with what the transaction produced (exactly-once). */
  sendOffsets(options: { consumerGroupId: string; offsets: readonly TopicPartitionOffset[] }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface ProducerPort {
  connect(): Promise<void>;
  /** Resolves once the broker acknowledged every message (acks=all). */
  send(batch: ProducedBatch): Promise<readonly RecordMetadata[]>;
  /** Only for producers created with a transactionalId. */
  transaction(): Promise<TransactionPort>;
  disconnect(): Promise<void>;
}

export interface AdminPort {
  connect(): Promise<void>;
  createTopics(topics: readonly { topic: string; partitions: number }[]): Promise<void>;
  fetchCommittedOffsets(groupId: string, topics: readonly string[]): Promise<readonly TopicPartitionOffset[]>;
  /**
   * Each topic's `max.message.bytes`, the largest record batch the broker accepts for it (the
   * broker's `message.max.bytes` where the topic does not set its own).
   */
  maxMessageBytes(topics: readonly string[]): Promise<ReadonlyMap<string, number>>;
  disconnect(): Promise<void>;
}

export interface ConsumerOptions {
  readonly groupId: string;
  /** Partitions of one consumer handed to eachBatch concurrently. */
  readonly partitionsConsumedConcurrently?: number;
  /** How long the group waits for a silent member before giving its partitions away (Kafka's default 45 s; the broker allows ≥ 6 s). */
  readonly sessionTimeoutMs?: number;
  /** How often the member says it is alive; well under the session timeout. */
  readonly heartbeatIntervalMs?: number;
  /** Longest a fetch waits for data; also how late a resumed partition may be fetched again. */
  readonly maxWaitTimeMs?: number;
}

export interface ProducerOptions {
  /** Defaults to true: the broker drops the duplicates a retried send would write. */
  readonly idempotent?: boolean;
  readonly transactionalId?: string;
}

export interface KafkaPort {
  consumer(options: ConsumerOptions): ConsumerPort;
  producer(options?: ProducerOptions): ProducerPort;
  admin(): AdminPort;
}
