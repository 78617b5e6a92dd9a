/**
 * `switchyard topics create|list`: every topic Switchyard reads or writes (the raw topics,
 * eng.events.v1, jira-commands, slack-notifications, switchyard.dlq), made with the configured
 * partitions and replication factor, and each with an explicit `max.message.bytes`
 * (config/topics.ts `maxMessageBytesOf`: the raw topics, replay and the ingress agree on one
 * limit; the DLQ holds a dead-lettered raw record with its headers) rather than whatever the
 * broker's default happens to be.
 *
 * Idempotent: a topic that exists is reported and left as it is, never altered (adding
 * partitions to a keyed topic would move keys between partitions and break their order).
 * `createTopics` is what `npm start`, chaos and the bench call before they run a worker; the worker
 * itself refuses to start while any is missing (worker/run.ts).
 */
import { Command, InvalidArgumentError } from 'commander';
import kafkajs from 'kafkajs';
import type { Admin, KafkaConfig } from 'kafkajs';
import { allTopics, loadEnvFile, loadKafkaConfig, type TopicSettings } from '../../config/index.ts';
import { maxMessageBytesOf } from '../../config/topics.ts';
import { table } from '../table.ts';

const { Kafka, logLevel } = kafkajs;

export interface TopicState {
  readonly topic: string;
  /** `created` now, `exists` already, `missing` (only from `listTopics`). */
  readonly status: 'created' | 'exists' | 'missing';
  readonly partitions: number | undefined;
  readonly replicationFactor: number | undefined;
}

/** Which topics are Switchyard's: their names come from TopicSettings (and its prefix). */
type Topics = Pick<TopicSettings, 'names' | 'partitions' | 'replicationFactor'>;

/**
 * Creates every topic Switchyard uses that does not exist yet; reports each. Throws a message
 * naming the brokers when Kafka cannot be reached, and the topic when the broker refuses one
 * (e.g. a replication factor above the number of brokers).
 */
export async function createTopics(kafkaConfig: KafkaConfig, topics: Topics, log?: (message: string) => void): Promise<TopicState[]> {
  return withAdmin(kafkaConfig, async (admin) => {
    const wanted = allTopics(topics.names);
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        // Another process may create one between listTopics and here: kafkajs then returns false, not an error.
        const limits = maxMessageBytesOf(topics.names);
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: topics.partitions,
            replicationFactor: topics.replicationFactor,
            configEntries: limits[topic] === undefined ? [] : [{ name: 'max.message.bytes', value: String(limits[topic]) }],
          })),
        });
      } catch (error) {
        throw new Error(`creating topics (${topics.partitions} partitions, replication factor ${topics.replicationFactor}) failed: ${describeKafkaError(error)}`, { cause: error });
      }
    }
    const states = await statesOf(admin, wanted, new Set(missing));
    for (const s of states) log?.(`topic ${s.topic}: ${s.status} (${s.partitions} partitions, replication factor ${s.replicationFactor})`);
    return states;
  });
}

/** Each of Switchyard's topics as the cluster has it, `missing` where it does not. */
export async function listTopics(kafkaConfig: KafkaConfig, topics: Pick<TopicSettings, 'names'>): Promise<TopicState[]> {
  return withAdmin(kafkaConfig, async (admin) => {
    const wanted = allTopics(topics.names);
    const existing = new Set(await admin.listTopics());
    const present = await statesOf(admin, wanted.filter((t) => existing.has(t)), new Set());
    return wanted.map((topic) => present.find((s) => s.topic === topic) ?? { topic, status: 'missing', partitions: undefined, replicationFactor: undefined });
  });
}

async function statesOf(admin: Admin, topics: readonly string[], created: ReadonlySet<string>): Promise<TopicState[]> {
  if (topics.length === 0) return [];
  const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
  return topics.map((topic) => {
    const found = metadata.topics.find((t) => t.name === topic);
    return {
      topic,
      status: created.has(topic) ? 'created' : 'exists',
      partitions: found?.partitions.length,
      replicationFactor: found?.partitions[0]?.replicas.length,
    };
  });
}

async function withAdmin<T>(kafkaConfig: KafkaConfig, work: (admin: Admin) => Promise<T>): Promise<T> {
  // kafkajs logs every retry at error level; the failure is reported once, by the caller.
  const admin = new Kafka({ logLevel: logLevel.NOTHING, ...kafkaConfig }).admin();
  const brokers = Array.isArray(kafkaConfig.brokers) ? kafkaConfig.brokers.join(',') : 'the configured brokers';
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`cannot reach Kafka at ${brokers} (KAFKA_BROKERS): ${describeKafkaError(error)}`, { cause: error });
  }
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** kafkajs wraps per-topic failures in an aggregate whose own message says little. */
function describeKafkaError(error: unknown): string {
  if (error instanceof kafkajs.KafkaJSAggregateError) {
    return error.errors.map((e) => (typeof e === 'string' ? e : 'topic' in e ? `${String(e.topic)}: ${e.message}` : e.message)).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

const wholeNumber = (flag: string) => (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${flag} must be a whole number ≥ 1`);
  return Number(value);
};

/** What the command line reads: the environment and .env, then its flags over the topic settings. */
function configured(options: { partitions?: number; replicationFactor?: number }): ReturnType<typeof loadKafkaConfig> {
  loadEnvFile();
  const { kafka, topics } = loadKafkaConfig();
  // A command fails fast where a worker would keep retrying.
  return { kafka: { retry: { retries: 2 }, connectionTimeout: 3_000, ...kafka }, topics: { ...topics, ...options } };
}

const row = (s: TopicState): string[] => [s.topic, s.status, s.partitions === undefined ? '-' : String(s.partitions), s.replicationFactor === undefined ? '-' : String(s.replicationFactor)];

export function topicsCommand(): Command {
  const topics = new Command('topics').description("Switchyard's Kafka topics (raw, eng.events.v1, jira-commands, slack-notifications, switchyard.dlq) on $KAFKA_BROKERS (default: the local stack)");

  topics
    .command('create')
    .description('create every topic that does not exist (KAFKA_TOPIC_PARTITIONS, KAFKA_TOPIC_REPLICATION_FACTOR); existing topics are reported and left as they are')
    .option('--partitions <n>', 'partitions of each new topic (default: $KAFKA_TOPIC_PARTITIONS or 3)', wholeNumber('--partitions'))
    .option('--replication-factor <n>', 'replicas of each new topic (default: $KAFKA_TOPIC_REPLICATION_FACTOR or 1)', wholeNumber('--replication-factor'))
    .action(async (options: { partitions?: number; replicationFactor?: number }) => {
      const { kafka, topics: settings } = configured(options);
      const states = await createTopics(kafka, settings);
      console.log(table(['TOPIC', 'STATUS', 'PARTITIONS', 'REPLICATION'], states.map(row)));
    });

  topics
    .command('list')
    .description("each of Switchyard's topics: whether it exists, its partitions and replication factor")
    .action(async () => {
      const { kafka, topics: settings } = configured({});
      const states = await listTopics(kafka, settings);
      console.log(table(['TOPIC', 'STATUS', 'PARTITIONS', 'REPLICATION'], states.map(row)));
      if (states.some((s) => s.status === 'missing')) {
        console.error('\nSome topics are missing: `npx switchyard topics create` makes them.');
        process.exitCode = 1;
      }
    });

  return topics;
}
