/**
 * `replay` (replay/replay.ts) that also says when the broker acknowledged each webhook: the start
 * of an end-to-end latency. replay sends its batches one at a time, in the order it takes the
 * webhooks, and skips none of ours (synthetic webhooks all encode), so the k records of each
 * acknowledged `sendBatch` are the next k webhooks it took. The producer is replay's own
 * (idempotent, acks=-1): only its `sendBatch` is wrapped, to read the clock when it resolves.
 *
 * replay's `onProgress` would be too late a clock: a paced replay sleeps before calling it.
 */
import type kafkajs from 'kafkajs';
import type { Codec } from '../../avro/codec.ts';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { replay, type ReplayOptions, type ReplaySummary } from '../../replay/index.ts';

export interface AckedReplay {
  readonly summary: ReplaySummary;
  /** performance.now() when the broker acknowledged each webhook, by delivery id. */
  readonly ackedAt: ReadonlyMap<string, number>;
}

export async function ackedReplay(options: { kafka: kafkajs.Kafka; codec: Codec; webhooks: Iterable<RawWebhook>; topics: Readonly<Record<string, string>>; rate: number; onProgress?: ReplayOptions['onProgress'] }): Promise<AckedReplay> {
  const taken: string[] = [];
  const ackedAt = new Map<string, number>();
  let acked = 0;
  function* noting(): Generator<RawWebhook> {
    for (const webhook of options.webhooks) {
      taken.push(webhook.deliveryId);
      yield webhook;
    }
  }
  const { kafka } = options;
  const noticing = Object.assign(Object.create(kafka) as kafkajs.Kafka, {
    producer: (config?: kafkajs.ProducerConfig) => {
      const producer = kafka.producer(config);
      return {
        ...producer,
        sendBatch: async (batch: kafkajs.ProducerBatch) => {
          const result = await producer.sendBatch(batch);
          const at = performance.now();
          const records = (batch.topicMessages ?? []).reduce((sum, t) => sum + t.messages.length, 0);
          for (const end = acked + records; acked < end; acked += 1) ackedAt.set(taken[acked]!, at);
          return result;
        },
      };
    },
  });
  const summary = await replay({ kafka: noticing, codec: options.codec, webhooks: noting(), topics: options.topics, rate: options.rate, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
  if (summary.skipped > 0) throw new Error(`the latency replay skipped ${summary.skipped} webhooks (${summary.unreadable[0]?.reason ?? 'no reason given'}): their acknowledgement times would be misattributed`);
  return { summary, ackedAt };
}
