/**
 * Kafka helpers for integration tests, after kafkajs's own testHelpers: every test gets fresh
 * topics and groups with random names, so tests share one broker without resetting it, and the
 * topics are deleted when the test file ends.
 */
import kafkajs from 'kafkajs';
import { afterAll } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { localStack } from '../../config/endpoints.ts';
import { type ConsumerGroupTopics, groupLag, type LagSample } from '../../metrics/consumerLag.ts';
import { DEFAULT_TOPICS, type NormalizeTopics } from '../../topology/normalize.ts';
import { uniqueName } from './names.ts';

const { AssignerProtocol, Kafka, logLevel } = kafkajs;

export const kafka = new Kafka({ clientId: 'switchyard-test', brokers: [...localStack.kafka.brokers], logLevel: logLevel.NOTHING });

const created: string[] = [];
afterAll(async () => {
  if (created.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: created.splice(0) }).catch(() => undefined);
  await admin.disconnect();
});

/** A topic no other test uses, deleted after the file's tests; `config`: its own topic settings (`max.message.bytes`). */
export async function freshTopic(partitions: number, prefix = 'test', config: Readonly<Record<string, string>> = {}): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = kafka.admin();
  await admin.connect();
  const configEntries = Object.entries(config).map(([name, value]) => ({ name, value }));
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions, configEntries }], waitForLeaders: true });
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
 * Every message of a topic from the beginning, once `count` have been read (or the time is up):
 * for waiting until something arrives. Reads committed messages only, as Switchyard's consumers
 * do. To show that nothing more arrived, read the topic to its end with {@link readToEnd}.
 */
export async function readAll(topic: string, count: number, timeoutMs = 20_000): Promise<kafkajs.KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: kafkajs.KafkaMessage[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  await waitFor(() => messages.length >= count, timeoutMs).catch(() => undefined);
  await consumer.disconnect();
  return messages;
}

/** Poll until the condition holds, or fail saying what was awaited (`what` is read at the time, so it can say how far it got). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string) = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(50);
  }
}

/**
 * Every message of a topic up to its end offsets as they are when called (committed messages
 * only, as Switchyard's consumers read; `uncommitted` also shows what aborted transactions left
 * in the log). A barrier, not a quiet window: it returns once the reader has passed the last
 * offset of every partition, commit markers included, and fails if it cannot; so "nothing more
 * was written" is read off the whole topic, not off a timeout. `cluster`: another broker than the
 * stack's (a private one a test stops and starts).
 */
export async function readToEnd(topic: string, { uncommitted = false, timeoutMs = 20_000, cluster = kafka }: { uncommitted?: boolean; timeoutMs?: number; cluster?: kafkajs.Kafka } = {}): Promise<kafkajs.KafkaMessage[]> {
  const admin = cluster.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  // The last offset still to pass, per partition that holds anything.
  const left = new Map(ends.filter(({ low, high }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high) - 1n]));
  const messages: kafkajs.KafkaMessage[] = [];
  if (left.size === 0) return messages;
  const consumer = cluster.consumer({ groupId: uniqueName('reader'), readUncommitted: uncommitted });
  // Emitted after each batch's messages were handled, also for a batch of nothing but a commit
  // marker, with the batch's last offset (the marker's): how a reader tells it reached the end.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const last = left.get(payload.partition);
    if (last !== undefined && BigInt(payload.lastOffset) >= last) left.delete(payload.partition);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor(() => left.size === 0, timeoutMs, () => `reading ${topic} to its end (partitions not reached: ${[...left.keys()].join(', ')})`);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** A consumer group and what it reads, for {@link waitForCaughtUp}. */
export type ReadingGroup = ConsumerGroupTopics;

/**
 * The positive barrier before asserting that nothing (more) happened: waits until each group,
 * in the order given (put upstream groups first), has committed up to the end offset of every
 * partition it reads. The runner commits a record only once everything downstream of it is
 * done, so by then whatever the records cause has happened. Lag is counted as
 * metrics/consumerLag.ts does.
 */
export async function waitForCaughtUp(groups: readonly ReadingGroup[], timeoutMs = 30_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const group of groups) {
      let behind: LagSample[] = [];
      const caughtUp = async () => (behind = (await groupLag(admin, group)).filter(({ lag }) => lag > 0)).length === 0;
      await waitFor(caughtUp, timeoutMs, () => `group ${group.groupId} to commit up to the end of what it reads; behind: ${JSON.stringify(behind.map(({ topic, partition, lag }) => ({ topic, partition, lag })))}`);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Waits until a group has a member again, with partitions assigned: a run that has joined and reads from the group's committed offsets. */
export async function waitForMember(groupId: string, timeoutMs = 30_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let state = 'unknown';
    const assigned = async () => {
      const [group] = (await admin.describeGroups([groupId])).groups;
      state = group?.state ?? 'unknown';
      const partitions = (group?.members ?? []).flatMap((m) => Object.values(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).flat());
      return state === 'Stable' && partitions.length > 0;
    };
    await waitFor(assigned, timeoutMs, () => `group ${groupId} to have a member with partitions (state ${state})`);
  } finally {
    await admin.disconnect();
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
