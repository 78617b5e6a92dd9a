/**
 * Kafka helpers for integration tests, after kafkajs's own testHelpers: every test gets fresh
 * topics and groups with random names, so tests share one broker without resetting it, and the
 * topics are deleted when the test file ends.
 */
import kafkajs from 'kafkajs';
import { afterAll } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { localStack } from '../../scripts/stack/endpoints.ts';
import { DEFAULT_TOPICS, type NormalizeTopics } from '../../topology/normalize.ts';
import { uniqueName } from './names.ts';

const { Kafka, logLevel } = kafkajs;

export const kafka = new Kafka({ clientId: 'switchyard-test', brokers: [...localStack.kafka.brokers], logLevel: logLevel.NOTHING });

const created: string[] = [];
afterAll(async () => {
  if (created.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: created.splice(0) }).catch(() => undefined);
  await admin.disconnect();
});

/** A topic no other test uses, deleted after the file's tests. */
export async function freshTopic(partitions: number, prefix = 'test'): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
  created.push(topic);
  return topic;
}

export async function produce(topic: string, messages: { key: string; value: string }[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 1000) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
  await producer.disconnect();
}

/** End offset (next to be written) per partition. */
export async function endOffsets(topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return new Map(offsets.map((o) => [o.partition, o.high]));
}

/** The group's committed offset per partition. */
export async function committedOffsets(groupId: string, topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  const [found] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return new Map((found?.partitions ?? []).map((p) => [p.partition, p.offset]));
}

/**
 * Every message of a topic from the beginning, once `count` have been read (or the time is up).
 * Reads committed messages only, as Switchyard's consumers do; `uncommitted` also shows what
 * aborted transactions left in the log.
 */
export async function readAll(topic: string, count: number, timeoutMs = 20_000, uncommitted = false): Promise<kafkajs.KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), readUncommitted: uncommitted });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: kafkajs.KafkaMessage[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  await waitFor(() => messages.length >= count, timeoutMs).catch(() => undefined);
  await consumer.disconnect();
  return messages;
}

/** Poll until the condition holds, or fail saying what was awaited. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Fresh topics for every topic the normalize sub-topology reads and writes. */
export async function freshNormalizeTopics(): Promise<NormalizeTopics> {
  return {
    raw: Object.fromEntries(await Promise.all(Object.keys(DEFAULT_TOPICS.raw).map(async (t) => [t, await freshTopic(2, t)] as const))),
    events: await freshTopic(2, 'events'),
    jiraCommands: await freshTopic(1, 'jira-commands'),
    slackNotifications: await freshTopic(1, 'slack'),
    deadLetters: await freshTopic(1, 'dlq'),
  };
}
