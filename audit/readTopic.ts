/**
 * Every committed value of a topic, from the beginning up to its end offsets as they were when
 * called, read with a throwaway consumer group (deleted afterwards) as Switchyard's consumers
 * read: committed records only.
 *
 * A transactional topic ends in commit markers (and may hold aborted records) that are never
 * delivered, so a partition whose last offset is a marker is never "reached". Reading therefore
 * also stops when nothing arrived for QUIET_MS after the group had JOIN_MS to join, or after
 * `timeoutMs`; a record not read by then is missing from the answer, and the audit that asked
 * reports it missing rather than hanging.
 */
import { randomBytes } from 'node:crypto';
import type kafkajs from 'kafkajs';

const QUIET_MS = 3_000;
/** Joining a new group takes seconds: quiet only counts once the first records could have come. */
const JOIN_MS = 10_000;

export async function readTopic(kafka: kafkajs.Kafka, topic: string, timeoutMs: number): Promise<Buffer[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, { low: BigInt(o.low), high: BigInt(o.high) }]));
    const pending = new Set([...ends].filter(([, o]) => o.high > o.low).map(([p]) => p));
    if (pending.size === 0) return [];
    const groupId = `switchyard-audit-${randomBytes(6).toString('hex')}`;
    const consumer = kafka.consumer({ groupId, readUncommitted: false });
    const values: Buffer[] = [];
    let lastArrival = Date.now();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          lastArrival = Date.now();
          const end = ends.get(partition)!;
          if (BigInt(message.offset) >= end.high) return; // written after the read began
          if (message.value !== null) values.push(message.value);
          if (BigInt(message.offset) + 1n >= end.high) pending.delete(partition);
        },
      });
      const started = Date.now();
      const quiet = () => Date.now() - lastArrival > QUIET_MS && Date.now() - started > JOIN_MS;
      while (pending.size > 0 && Date.now() - started < timeoutMs && !quiet()) await new Promise((resolve) => setTimeout(resolve, 100));
      return values;
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}
