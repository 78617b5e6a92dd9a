/**
 * The client's ceiling on this machine, shared by the benches that compare with it: a bare
 * kafkajs consumer in a fresh group reading `topics` from the beginning with an `eachBatch` that
 * only counts — no decoding, no commits of ours, nothing downstream.
 *
 * Timed from the first batch handed over to the one that brings the count to `count` (joining
 * the group is not counted), so it is records/s of steady reading, the figure a pipeline's own
 * records/s is divided by.
 */
import type kafkajs from 'kafkajs';

export interface BareConsumeResult {
  readonly records: number;
  readonly seconds: number;
  readonly perSec: number;
}

export async function bareConsume(kafka: kafkajs.Kafka, topics: readonly string[], count: number, groupId = `bench-bare-${Date.now()}`): Promise<BareConsumeResult> {
  if (!(count > 0)) throw new Error(`bareConsume: count must be positive, got ${count}`);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    let records = 0;
    let first = 0;
    let last = 0;
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            if (first === 0) first = performance.now();
            records += batch.messages.length;
            if (records >= count && last === 0) {
              last = performance.now();
              resolve();
            }
          },
        })
        .catch(reject);
    });
    const seconds = (last - first) / 1000;
    return { records, seconds, perSec: records / seconds };
  } finally {
    await consumer.disconnect();
  }
}
