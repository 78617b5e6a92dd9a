/**
 * Every record of a topic on a given cluster, up to its end offsets as they are when called:
 * test/support/kafka.ts's readToEnd for a broker other than the stack's (a private one that a
 * test stops and starts). A barrier, not a quiet window: it returns once the reader passed the
 * last offset of every partition, and fails naming the partitions it did not reach.
 */
import kafkajs from 'kafkajs';
import { waitFor } from '../../test/support/kafka.ts';
import { uniqueName } from '../../test/support/names.ts';

export async function readTopicToEnd(kafka: kafkajs.Kafka, topic: string, timeoutMs = 30_000): Promise<kafkajs.KafkaMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const left = new Map(ends.filter(({ low, high }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high) - 1n]));
  const messages: kafkajs.KafkaMessage[] = [];
  if (left.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: uniqueName('kafka-down-reader') });
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
