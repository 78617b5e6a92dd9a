/**
 * The private broker keeps what it acknowledged across a kill and a controlled stop, and
 * advertises the address the test connects to: what the ingress's "Kafka stopped while
 * deliveries arrive" test relies on.
 */
import kafkajs from 'kafkajs';
import { expect, it } from 'vitest';
import { waitFor } from './kafka.ts';
import { uniqueName } from './names.ts';
import { privateKafka } from './privateKafka.ts';

const { Kafka, logLevel } = kafkajs;

async function reachable(brokers: string[]): Promise<boolean> {
  const admin = new Kafka({ clientId: 'private-kafka-test', brokers, connectionTimeout: 500, retry: { retries: 0 }, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function readValues(client: kafkajs.Kafka, topic: string, count: number): Promise<string[]> {
  const consumer = client.consumer({ groupId: uniqueName('private-reader') });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value?.toString() ?? '') });
    await waitFor(() => values.length >= count, 30_000, () => `${count} records on ${topic} (read ${values.length})`);
  } finally {
    await consumer.disconnect();
  }
  return values;
}

it('keeps an acknowledged record across a kill and a stop of its own broker', async () => {
  const broker = await privateKafka();
  const client = new Kafka({ clientId: 'private-kafka-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });

  const admin = client.admin();
  await admin.connect();
  const { brokers: registered } = await admin.describeCluster();
  expect(registered.map(({ host, port }) => `${host}:${port}`)).toEqual(broker.brokers);
  const topic = uniqueName('private');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = client.producer({ idempotent: true });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before the kill' }] });
  await producer.disconnect();

  await broker.kill();
  expect(await reachable(broker.brokers)).toBe(false);
  await broker.start();
  expect(await readValues(client, topic, 1)).toEqual(['before the kill']);

  const again = client.producer({ idempotent: true });
  await again.connect();
  await again.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before the stop' }] });
  await again.disconnect();

  await broker.stop();
  expect(await reachable(broker.brokers)).toBe(false);
  await broker.start();
  expect(await readValues(client, topic, 2)).toEqual(['before the kill', 'before the stop']);
}, 180_000);
