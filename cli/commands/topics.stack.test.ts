import kafkajs from 'kafkajs';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { allTopics, loadKafkaConfig } from '../../config/index.ts';
import { DLQ_MAX_MESSAGE_BYTES, maxMessageBytesOf, RAW_MAX_MESSAGE_BYTES } from '../../config/topics.ts';
import { kafka as testKafka } from '../../test/support/kafka.ts';
import { uniqueName } from '../../test/support/names.ts';
import { createTopics, listTopics, topicsCommand } from './topics.ts';

const { logLevel } = kafkajs;

/** Kafka and topic settings for a fresh prefix, whose topics are deleted when the test ends. */
function freshSettings(env: Record<string, string> = {}): ReturnType<typeof loadKafkaConfig> {
  const prefix = `${uniqueName('topics')}.`;
  const config = loadKafkaConfig({ SWITCHYARD_TOPIC_PREFIX: prefix, ...env });
  onTestFinished(() => deletePrefixed(prefix));
  return { kafka: { ...config.kafka, logLevel: logLevel.NOTHING }, topics: config.topics };
}

async function deletePrefixed(prefix: string): Promise<void> {
  const admin = testKafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

async function partitionsOf(topics: readonly string[]): Promise<Record<string, number>> {
  const admin = testKafka.admin();
  await admin.connect();
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
  await admin.disconnect();
  return Object.fromEntries(metadata.map((t) => [t.name, t.partitions.length]));
}

describe('topics create', () => {
  it('creates every topic Switchyard uses with the configured partitions, then leaves them as they are', async () => {
    const { kafka, topics } = freshSettings({ KAFKA_TOPIC_PARTITIONS: '2' });
    const p = topics.prefix;
    const expected = ['github-events', 'jira-events', 'notion-events', 'prometheus-metrics', 'eng.events.v1', 'jira-commands', 'slack-notifications', 'switchyard.dlq'].map((t) => `${p}${t}`);

    expect((await listTopics(kafka, topics)).map((s) => [s.topic, s.status])).toEqual(expected.map((t) => [t, 'missing']));

    const logged: string[] = [];
    const first = await createTopics(kafka, topics, (line) => logged.push(line));
    expect(first).toEqual(expected.map((topic) => ({ topic, status: 'created', partitions: 2, replicationFactor: 1 })));
    expect(await partitionsOf(expected)).toEqual(Object.fromEntries(expected.map((t) => [t, 2])));
    expect(logged).toContain(`topic ${p}eng.events.v1: created (2 partitions, replication factor 1)`);

    // Idempotent: asking for more partitions never alters an existing topic (its keys would move).
    const second = await createTopics(kafka, { ...topics, partitions: 5 });
    expect(second).toEqual(expected.map((topic) => ({ topic, status: 'exists', partitions: 2, replicationFactor: 1 })));
    expect(await partitionsOf(expected)).toEqual(Object.fromEntries(expected.map((t) => [t, 2])));
    expect((await listTopics(kafka, topics)).every((s) => s.status === 'exists')).toBe(true);
  });

  it('sets max.message.bytes on each topic it creates: the raw topics, outputs and DLQ limits of config/topics.ts', async () => {
    const { kafka, topics } = freshSettings({ KAFKA_TOPIC_PARTITIONS: '1' });
    await createTopics(kafka, topics);
    const admin = testKafka.admin();
    await admin.connect();
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: allTopics(topics.names).map((name) => ({ type: kafkajs.ConfigResourceTypes.TOPIC, name, configNames: ['max.message.bytes'] })) });
    await admin.disconnect();
    const limits = Object.fromEntries(resources.map((r) => [r.resourceName, Number(r.configEntries[0]?.configValue)]));
    expect(limits).toEqual(maxMessageBytesOf(topics.names));
    expect(limits[topics.names.deadLetters]).toBe(DLQ_MAX_MESSAGE_BYTES);
    expect(limits[topics.names.raw['github-events']!]).toBe(RAW_MAX_MESSAGE_BYTES);
  });

  it('creates only the missing ones when some exist', async () => {
    const { kafka, topics } = freshSettings({ KAFKA_TOPIC_PARTITIONS: '1' });
    const admin = testKafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: topics.names.events, numPartitions: 4 }] });
    await admin.disconnect();
    const states = await createTopics(kafka, topics);
    expect(states.find((s) => s.topic === topics.names.events)).toEqual({ topic: topics.names.events, status: 'exists', partitions: 4, replicationFactor: 1 });
    expect(states.filter((s) => s.status === 'created')).toHaveLength(7);
  });

  it('names the topics and the setting when the broker refuses them', async () => {
    const { kafka, topics } = freshSettings({ KAFKA_TOPIC_REPLICATION_FACTOR: '3' });
    await expect(createTopics(kafka, topics)).rejects.toThrow(new RegExp(`creating topics \\(3 partitions, replication factor 3\\) failed: ${topics.names.events.replaceAll('.', '\\.')}: `));
  });

  it('says which brokers it could not reach', async () => {
    const { kafka, topics } = freshSettings({ KAFKA_BROKERS: '127.0.0.1:1' });
    await expect(createTopics({ ...kafka, retry: { retries: 0 } }, topics)).rejects.toThrow(/^cannot reach Kafka at 127\.0\.0\.1:1 \(KAFKA_BROKERS\): /);
  });

  it('runs as `switchyard topics create --partitions N` and prints a table', async () => {
    const prefix = `${uniqueName('topics-cli')}.`;
    onTestFinished(() => deletePrefixed(prefix));
    vi.stubEnv('SWITCHYARD_TOPIC_PREFIX', prefix);
    vi.stubEnv('SWITCHYARD_ENV_FILE', '');
    onTestFinished(() => void vi.unstubAllEnvs());
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((text: unknown) => void printed.push(String(text)));
    onTestFinished(() => log.mockRestore());

    await topicsCommand().parseAsync(['node', 'topics', 'create', '--partitions', '3']);
    const lines = printed.join('\n').split('\n');
    expect(lines[0]).toMatch(/^TOPIC +STATUS +PARTITIONS +REPLICATION$/);
    expect(lines.slice(1)).toHaveLength(8);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${prefix.replaceAll('.', '\\.')}switchyard\\.dlq +created +3 +1$`)));
    expect(await partitionsOf([`${prefix}eng.events.v1`])).toEqual({ [`${prefix}eng.events.v1`]: 3 });
  });
});
