/**
 * An in-memory broker behind the same port as kafkajs, for the test driver and unit tests:
 * topics with partitions and offsets, consumer groups with committed offsets and an eager
 * (revoke everything, then assign) rebalance like kafkajs's, pause/resume, and transactions.
 *
 * Nothing is delivered on its own: {@link MemoryBroker.deliver} hands each running consumer the
 * next messages of its unpaused partitions, so a test decides when fetching happens.
 */
import { type TopicPartition, type TopicPartitionOffset, tpKey } from '../record.ts';
import { MemoryConsumer, MemoryProducer, toBuffer } from './memoryClients.ts';
import { RECORD_BATCH_OVERHEAD, recordBytes } from './recordSize.ts';
import type { AdminPort, ConsumedMessage, ConsumerOptions, ConsumerPort, KafkaPort, ProducedBatch, ProducerOptions, ProducerPort, RecordMetadata } from './port.ts';

export interface MemoryBrokerOptions {
  /** Partitions of a topic created implicitly by a send or a subscribe. */
  readonly defaultPartitions?: number;
  /** Most messages handed to one eachBatch call. */
  readonly maxBatchSize?: number;
  /** Timestamp of produced messages that bring none. */
  readonly now?: () => number;
  /** Largest record batch a topic takes (Kafka's max.message.bytes), for topics given none; default 1,048,588 (Kafka's). */
  readonly maxMessageBytes?: number;
}

/** Kafka's default `message.max.bytes`. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/** Called before a send is appended; throw to fail it, await to delay the acknowledgement. */
export type SendHook = (batch: ProducedBatch) => void | Promise<void>;

/** @internal */
export interface Group {
  readonly members: MemoryConsumer[];
  readonly committed: Map<string, string>;
}

export class MemoryBroker implements KafkaPort {
  readonly #topics = new Map<string, ConsumedMessage[][]>();
  readonly #groups = new Map<string, Group>();
  readonly #hooks: SendHook[] = [];
  readonly #maxMessageBytes = new Map<string, number>();
  readonly #options: Required<MemoryBrokerOptions>;
  #roundRobin = 0;

  constructor(options: MemoryBrokerOptions = {}) {
    this.#options = { defaultPartitions: 1, maxBatchSize: 100, now: Date.now, maxMessageBytes: KAFKA_DEFAULT_MAX_MESSAGE_BYTES, ...options };
  }

  /** Set a topic's max.message.bytes: a send whose batch for one partition is larger is refused, as Kafka does (MESSAGE_TOO_LARGE). */
  setMaxMessageBytes(topic: string, bytes: number): void {
    this.#maxMessageBytes.set(topic, bytes);
  }

  maxMessageBytesOf(topic: string): number {
    return this.#maxMessageBytes.get(topic) ?? this.#options.maxMessageBytes;
  }

  createTopic(topic: string, partitions = this.#options.defaultPartitions): void {
    if (!this.#topics.has(topic)) this.#topics.set(topic, Array.from({ length: partitions }, () => []));
  }

  partitionsOf(topic: string): number {
    this.createTopic(topic);
    return this.#topics.get(topic)?.length ?? 0;
  }

  /** Every message of a topic, partition by partition, in offset order. */
  messages(topic: string): ConsumedMessage[] {
    return (this.#topics.get(topic) ?? []).flat();
  }

  committed(groupId: string): TopicPartitionOffset[] {
    const group = this.#groups.get(groupId);
    if (group === undefined) return [];
    return [...group.committed].map(([key, offset]) => {
      const slash = key.lastIndexOf('/');
      return { topic: key.slice(0, slash), partition: Number(key.slice(slash + 1)), offset };
    });
  }

  interceptSends(hook: SendHook): () => void {
    this.#hooks.push(hook);
    return () => this.#hooks.splice(this.#hooks.indexOf(hook), 1);
  }

  /** Append a batch as a producer would, after the send hooks. */
  async produce(batch: ProducedBatch): Promise<RecordMetadata[]> {
    for (const hook of this.#hooks) await hook(batch);
    return this.append(batch);
  }

  /** Append without hooks (what a committed transaction does). */
  append(batch: ProducedBatch): RecordMetadata[] {
    const partitions = this.#partitions(batch.topic);
    this.checkSize(batch);
    const firstOffsets = new Map<number, string>();
    for (const message of batch.messages) {
      const partition = message.partition ?? this.#partitionFor(message.key, partitions.length);
      const log = partitions[partition];
      if (log === undefined) throw new RangeError(`${batch.topic} has no partition ${partition}`);
      const offset = String(log.length);
      if (!firstOffsets.has(partition)) firstOffsets.set(partition, offset);
      log.push({
        topic: batch.topic,
        partition,
        offset,
        key: toBuffer(message.key),
        value: toBuffer(message.value),
        headers: message.headers ?? {},
        timestamp: message.timestamp ?? String(this.#options.now()),
      });
    }
    return [...firstOffsets].map(([partition, baseOffset]) => ({ topic: batch.topic, partition, baseOffset }));
  }

  /**
   * One fetch round: each running consumer gets the next messages of each of its unpaused
   * partitions. Resolves with how many messages were taken in all.
   */
  async deliver(): Promise<number> {
    let taken = 0;
    for (const group of this.#groups.values()) {
      for (const member of [...group.members]) taken += await member.fetchRound(this.#options.maxBatchSize);
    }
    return taken;
  }

  /** Deliver until a round takes nothing. */
  async deliverAll(maxRounds = 10_000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const taken = await this.deliver();
      if (taken === 0) break;
      total += taken;
    }
    return total;
  }

  consumer(options: ConsumerOptions): ConsumerPort {
    return new MemoryConsumer(this, options.groupId);
  }

  producer(options: ProducerOptions = {}): ProducerPort {
    return new MemoryProducer(this, options.transactionalId);
  }

  admin(): AdminPort {
    return {
      connect: async () => {},
      disconnect: async () => {},
      createTopics: async (topics) => topics.forEach(({ topic, partitions }) => this.createTopic(topic, partitions)),
      fetchCommittedOffsets: async (groupId, topics) => this.committed(groupId).filter((o) => topics.includes(o.topic)),
      maxMessageBytes: async (topics) => new Map(topics.map((t) => [t, this.maxMessageBytesOf(t)])),
    };
  }

  /** @internal */
  group(groupId: string): Group {
    let group = this.#groups.get(groupId);
    if (group === undefined) {
      group = { members: [], committed: new Map() };
      this.#groups.set(groupId, group);
    }
    return group;
  }

  /** @internal Eager rebalance: revoke everything from every member, then assign round-robin. */
  async rebalance(groupId: string): Promise<void> {
    const group = this.group(groupId);
    for (const member of group.members) await member.revokeAll();
    const topics = [...new Set(group.members.flatMap((m) => m.topics))].sort();
    const tps = topics.flatMap((topic) => Array.from({ length: this.partitionsOf(topic) }, (_, partition) => ({ topic, partition })));
    const assignment = new Map<MemoryConsumer, TopicPartition[]>(group.members.map((m) => [m, []]));
    const eligible = (tp: TopicPartition) => group.members.filter((m) => m.topics.includes(tp.topic));
    tps.forEach((tp, i) => {
      const members = eligible(tp);
      const member = members[i % members.length];
      if (member !== undefined) assignment.get(member)?.push(tp);
    });
    for (const [member, assigned] of assignment) member.assign(assigned, group.committed, (tp) => this.#partitions(tp.topic)[tp.partition]?.length ?? 0);
  }

  /** @internal */
  log(tp: TopicPartition): readonly ConsumedMessage[] {
    return this.#partitions(tp.topic)[tp.partition] ?? [];
  }

  #partitions(topic: string): ConsumedMessage[][] {
    this.createTopic(topic);
    return this.#topics.get(topic) ?? [];
  }

  /** @internal Like the broker: each partition's record batch of this send against the topic's limit; throws MESSAGE_TOO_LARGE if one is over. */
  checkSize(batch: ProducedBatch): void {
    const partitions = this.partitionsOf(batch.topic);
    const limit = this.maxMessageBytesOf(batch.topic);
    const bytes = new Map<number, number>();
    let roundRobin = this.#roundRobin;
    for (const message of batch.messages) {
      const partition = message.partition ?? (message.key === null ? roundRobin++ % partitions : this.#partitionFor(message.key, partitions));
      bytes.set(partition, (bytes.get(partition) ?? RECORD_BATCH_OVERHEAD) + recordBytes(message));
    }
    for (const size of bytes.values()) {
      if (size > limit) throw messageTooLarge(`a record batch of ${size} bytes is over ${batch.topic}'s max.message.bytes of ${limit}`);
    }
  }

  #partitionFor(key: Buffer | string | null, partitions: number): number {
    if (key === null) return this.#roundRobin++ % partitions;
    // FNV-1a: stable, so one key always lands on one partition (what ordering per key needs).
    let hash = 0x811c9dc5;
    for (const byte of toBuffer(key) ?? []) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash % partitions;
  }
}

/** The error kafkajs throws for a batch the broker refuses as too large (a KafkaJSProtocolError's shape). */
function messageTooLarge(message: string): Error {
  return Object.assign(new Error(`The request included a message larger than the max message size the server will accept: ${message}`), {
    name: 'KafkaJSProtocolError',
    type: 'MESSAGE_TOO_LARGE',
    code: 10,
    retriable: false,
  });
}
