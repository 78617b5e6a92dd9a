/**
 * What landed on a raw topic, decoded: one consumer per topic that runs for the whole test file
 * and keeps every record (key, partition, offset, the RawWebhook through the wire codec), so a
 * test waits for its delivery to land without joining a consumer group each time.
 *
 * Two barriers, neither a quiet window:
 * - `until`: polls what was read with a deadline, for "it landed";
 * - `toEnd`: reads to the end offsets as they are when called (admin.fetchTopicOffsets), for
 *   "nothing (more) was produced": called after the ingress answered, which it does for a 2xx
 *   only once Kafka acknowledged, and which a refusal never produces before.
 */
import type kafkajs from 'kafkajs';
import type { Codec } from '../../avro/codec.ts';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { waitFor } from '../../test/support/kafka.ts';
import { uniqueName } from '../../test/support/names.ts';

export interface LandedRecord {
  readonly key: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly webhook: RawWebhook;
}

export interface RawTopicReader {
  readonly topic: string;
  /** Everything read so far, in the order read. */
  readonly records: readonly LandedRecord[];
  /** The records of a delivery id, read so far. */
  of(deliveryId: string): LandedRecord[];
  /** Waits until `condition` holds of what was read (or fails after `timeoutMs`, saying `what`). */
  until(condition: (records: readonly LandedRecord[]) => boolean, what: string, timeoutMs?: number): Promise<readonly LandedRecord[]>;
  /** Waits until every record up to the topic's end offsets as they are now was read; returns all read. */
  toEnd(timeoutMs?: number): Promise<readonly LandedRecord[]>;
  close(): Promise<void>;
}

/** Starts reading `topic` from its beginning, decoding each value as a RawWebhook (every raw topic carries one). */
export async function rawTopicReader(kafka: kafkajs.Kafka, codec: Codec, topic: string): Promise<RawTopicReader> {
  const records: LandedRecord[] = [];
  /** The last offset read per partition. */
  const reached = new Map<number, bigint>();
  const admin = kafka.admin();
  // Records over 20 MB come as one batch beyond the fetch sizes (KIP-74): the defaults are kept, on purpose.
  const consumer = kafka.consumer({ groupId: uniqueName('ingress-reader'), maxWaitTimeInMs: 500 });
  await Promise.all([admin.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const { value } = await codec.decode('github-events', message.value!);
      records.push({ key: message.key?.toString('utf8') ?? '', partition, offset: BigInt(message.offset), webhook: value });
      reached.set(partition, BigInt(message.offset));
    },
  });

  const until = async (condition: (records: readonly LandedRecord[]) => boolean, what: string, timeoutMs = 20_000) => {
    await waitFor(() => condition(records), timeoutMs, () => `${what} on ${topic} (${records.length} records read)`);
    return records;
  };
  return {
    topic,
    records,
    of: (deliveryId) => records.filter((r) => r.webhook.deliveryId === deliveryId),
    until,
    async toEnd(timeoutMs = 20_000) {
      const ends = await admin.fetchTopicOffsets(topic);
      const left = ends.filter(({ low, high }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => ({ partition, last: BigInt(high) - 1n }));
      const done = () => left.every(({ partition, last }) => (reached.get(partition) ?? -1n) >= last);
      await waitFor(done, timeoutMs, () => `reading ${topic} to its end offsets ${JSON.stringify(ends.map((e) => e.high))}`);
      return records;
    },
    async close() {
      await Promise.all([consumer.disconnect(), admin.disconnect()]);
    },
  };
}
