/**
 * The kafkajs adapter behind the port (the default client). Notes on what kafkajs does that the
 * port's contract needs handled here:
 * - eachBatch with `eachBatchAutoResolve: false` and `autoCommit: false`: only the messages the
 *   source took are resolved, so kafkajs fetches the rest again after resume, and nothing is
 *   committed but what the runner commits.
 * - kafkajs rebalances eagerly and restarts every partition from the committed offset after a
 *   join, so every rebalance revokes every partition (at REBALANCING, else at GROUP_JOIN) and
 *   assigns the new set; batches wait until the revoke handler has run.
 * - With every partition paused, kafkajs sleeps `maxWaitTimeInMs` before fetching again: kept
 *   short, or each pause of the source costs seconds.
 * - AddOffsetsToTxn is not retried on CONCURRENT_TRANSACTIONS (kafkajs#430): sendOffsets is.
 */
import kafkajs from 'kafkajs';
import type { Consumer, Kafka, KafkaConfig, Producer, Transaction } from 'kafkajs';
import { type TopicPartition, type TopicPartitionOffset, byTopic } from '../record.ts';
import type {
  AdminPort,
  ConsumerHandlers,
  ConsumerOptions,
  ConsumerPort,
  KafkaPort,
  ProducedBatch,
  ProducerOptions,
  ProducerPort,
  RecordMetadata,
  TransactionPort,
} from './port.ts';

const { Kafka: KafkaClient } = kafkajs;

/** A port over kafkajs, from its config or from a client you made (or a stand-in with its shape). */
export function kafkajsPort(config: KafkaConfig | Pick<Kafka, 'consumer' | 'producer' | 'admin'>): KafkaPort {
  const kafka = 'consumer' in config ? config : new KafkaClient(config);
  return {
    consumer: (options) => new KafkajsConsumer(kafka, options),
    producer: (options) => kafkajsProducer(kafka, options),
    admin: () => {
      const admin = kafka.admin();
      return {
        connect: () => admin.connect(),
        disconnect: () => admin.disconnect(),
        createTopics: async (topics) => {
          await admin.createTopics({ waitForLeaders: true, topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions })) });
        },
        fetchCommittedOffsets: async (groupId, topics) => {
          const found = await admin.fetchOffsets({ groupId, topics: [...topics] });
          return found.flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, partition: p.partition, offset: p.offset })));
        },
        maxMessageBytes: (topics) => maxMessageBytes(admin, topics),
      } satisfies AdminPort;
    },
  };
}

/**
 * `max.message.bytes` of each topic by DescribeConfigs. A topic without its own value reports
 * the broker's `message.max.bytes` as its default; should a broker leave it out, the broker's
 * own setting is read instead (the controller's, which every broker shares on our clusters).
 */
export async function maxMessageBytes(admin: Pick<kafkajs.Admin, 'describeConfigs' | 'describeCluster'>, topics: readonly string[]): Promise<ReadonlyMap<string, number>> {
  const limits = new Map<string, number>();
  if (topics.length === 0) return limits;
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: kafkajs.ConfigResourceTypes.TOPIC, name, configNames: ['max.message.bytes'] })),
  });
  for (const resource of resources) {
    const value = Number(resource.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue);
    if (Number.isSafeInteger(value) && value > 0) limits.set(resource.resourceName, value);
  }
  if (topics.every((t) => limits.has(t))) return limits;
  const { controller, brokers } = await admin.describeCluster();
  const broker = String(controller ?? brokers[0]?.nodeId ?? 0);
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: kafkajs.ConfigResourceTypes.BROKER, name: broker, configNames: ['message.max.bytes'] }] });
  const fallback = Number(described.resources[0]?.configEntries.find((e) => e.configName === 'message.max.bytes')?.configValue);
  if (!(Number.isSafeInteger(fallback) && fallback > 0)) throw new Error(`neither max.message.bytes of ${topics.filter((t) => !limits.has(t)).join(', ')} nor message.max.bytes of broker ${broker} could be read`);
  for (const topic of topics) if (!limits.has(topic)) limits.set(topic, fallback);
  return limits;
}

class KafkajsConsumer implements ConsumerPort {
  readonly #consumer: Consumer;
  readonly #options: ConsumerOptions;
  #assigned: TopicPartition[] = [];
  #revoking: Promise<void> = Promise.resolve();

  constructor(kafka: Pick<Kafka, 'consumer'>, options: ConsumerOptions) {
    this.#options = options;
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      // When every partition is paused, kafkajs sleeps maxWaitTime before it looks again, so a
      // resume waits that long (5 s by default: a flow-controlled source crawled at 50 records/s).
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 200,
      ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeout: options.sessionTimeoutMs }),
      ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatInterval: options.heartbeatIntervalMs }),
    });
  }

  connect(): Promise<void> {
    return this.#consumer.connect();
  }

  subscribe(options: { topics: readonly string[]; fromBeginning?: boolean }): Promise<void> {
    return this.#consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
  }

  async run(handlers: ConsumerHandlers): Promise<void> {
    const { events } = this.#consumer;
    const revokeAll = () => {
      const revoked = this.#assigned;
      this.#assigned = [];
      if (revoked.length > 0) this.#revoking = this.#revoking.then(() => handlers.onRevoked(revoked)).catch(() => {});
    };
    this.#consumer.on(events.REBALANCING, revokeAll);
    this.#consumer.on(events.GROUP_JOIN, ({ payload }) => {
      revokeAll();
      this.#assigned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
      const assigned = this.#assigned;
      this.#revoking = this.#revoking.then(() => handlers.onAssigned(assigned));
    });
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        await this.#revoking;
        if (!isRunning() || isStale()) return;
        const messages = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ?? null,
          value: m.value ?? null,
          headers: m.headers ?? {},
          timestamp: m.timestamp,
        }));
        const taken = await handlers.eachBatch({ topic: batch.topic, partition: batch.partition, messages });
        const last = messages[taken - 1];
        if (last !== undefined) resolveOffset(last.offset);
        await heartbeat();
      },
    });
  }

  pause(tps: readonly TopicPartition[]): void {
    if (tps.length > 0) this.#consumer.pause(byTopic(tps));
  }

  resume(tps: readonly TopicPartition[]): void {
    if (tps.length > 0) this.#consumer.resume(byTopic(tps));
  }

  async commitOffsets(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    await this.#consumer.commitOffsets(offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
  }

  stop(): Promise<void> {
    return this.#consumer.stop();
  }

  disconnect(): Promise<void> {
    return this.#consumer.disconnect();
  }
}

function kafkajsProducer(kafka: Pick<Kafka, 'producer'>, options: ProducerOptions = {}): ProducerPort {
  const idempotent = options.idempotent ?? true;
  const producer: Producer = kafka.producer({
    idempotent,
    ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId, maxInFlightRequests: 1 }),
  });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    send: (batch) => send(producer, batch),
    transaction: async () => kafkajsTransaction(await producer.transaction()),
  };
}

async function send(sender: Pick<Producer, 'send'>, batch: ProducedBatch): Promise<RecordMetadata[]> {
  const metadata = await sender.send({
    topic: batch.topic,
    acks: -1,
    messages: batch.messages.map((m) => ({
      key: m.key,
      value: m.value,
      ...(m.headers === undefined ? {} : { headers: m.headers as kafkajs.IHeaders }),
      ...(m.partition === undefined ? {} : { partition: m.partition }),
      ...(m.timestamp === undefined ? {} : { timestamp: m.timestamp }),
    })),
  });
  return metadata.map((m) => ({ topic: m.topicName, partition: m.partition, baseOffset: m.baseOffset ?? m.offset ?? '-1' }));
}

export interface ConcurrentTransactionsRetry {
  /** Default 10. */
  readonly attempts?: number;
  /** Delay before the first retry, doubling after; default 100 ms. */
  readonly initialDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A kafkajs transaction behind the port, with sendOffsets retried on CONCURRENT_TRANSACTIONS. */
export function kafkajsTransaction(transaction: Pick<Transaction, 'send' | 'sendOffsets' | 'commit' | 'abort'>, retry: ConcurrentTransactionsRetry = {}): TransactionPort {
  return {
    send: (batch) => send(transaction, batch),
    sendOffsets: ({ consumerGroupId, offsets }) =>
      retryConcurrentTransactions(
        () =>
          transaction.sendOffsets({
            consumerGroupId,
            topics: byTopic(offsets).map(({ topic }) => ({
              topic,
              partitions: offsets.filter((o) => o.topic === topic).map(({ partition, offset }) => ({ partition, offset })),
            })),
          }),
        retry,
      ),
    commit: () => transaction.commit(),
    abort: () => transaction.abort(),
  };
}

/**
 * The broker answers CONCURRENT_TRANSACTIONS while the previous transaction of this producer is
 * still being completed; it clears in milliseconds, but kafkajs does not retry
 * AddOffsetsToTxn on it (kafkajs#430), so the whole transaction would be aborted for nothing.
 */
export async function retryConcurrentTransactions<T>(operation: () => Promise<T>, retry: ConcurrentTransactionsRetry = {}): Promise<T> {
  const attempts = retry.attempts ?? 10;
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let delay = retry.initialDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const concurrent = typeof error === 'object' && error !== null && 'type' in error && error.type === 'CONCURRENT_TRANSACTIONS';
      if (!concurrent || attempt >= attempts) throw error;
      await sleep(delay);
      delay *= 2;
    }
  }
}
