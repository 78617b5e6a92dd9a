/**
 * `replay`: webhooks → their raw topics, as the ingress gateway would have produced them: the
 * RawWebhook envelope through the wire codec (Avro, registered schema), keyed as its source
 * keys it (topology/rawRecord.ts: a repository, a Jira project, a Notion workspace, a metric job), so the
 * normalize sub-topology cannot tell a replayed webhook from a received one.
 *
 * - Batched: up to `batchSize` records per `sendBatch`, awaited one at a time, so one key's
 *   records reach their partition in the order given.
 * - Durable: an idempotent producer and acks=-1, so a broker retry never duplicates a record
 *   and a resolved `replay` means every record is in every in-sync replica.
 * - Lazy: `webhooks` may be a generator of a million; at most one batch is held at a time.
 * - Nothing silent: inputs a reader could not read, webhooks of a source no normalizer knows,
 *   and webhooks larger than the raw topics take, are counted and listed (the first
 *   `MAX_LISTED`) in the summary with the reason.
 * - Within the raw topics' limit (RAW_MAX_MESSAGE_BYTES, config/topics.ts, the one the ingress
 *   and `topics create` use): a larger webhook is skipped and counted (`tooLarge`) rather than
 *   refused by the broker, which would end the whole replay; and a batch is flushed before it
 *   would grow past the limit, since kafkajs sends a partition's records as one record batch.
 */
import type kafkajs from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Codec } from '../avro/codec.ts';
import { RAW_MAX_MESSAGE_BYTES } from '../config/topics.ts';
import { messageBytes, RECORD_BATCH_OVERHEAD, recordBytes } from '../operators/kafka/recordSize.ts';
import { rawRecordOf } from '../topology/rawRecord.ts';
import { RAW_TOPICS } from '../topology/sources.ts';
import { isUnreadable, type ReplayInput, type Unreadable } from './webhook.ts';

export interface ReplayOptions {
  readonly kafka: kafkajs.Kafka;
  readonly codec: Codec;
  readonly webhooks: Iterable<ReplayInput> | AsyncIterable<ReplayInput>;
  /** Raw topic → the topic to produce to instead (tests, staging); default, the raw topics themselves. */
  readonly topics?: Readonly<Record<string, string>>;
  /** Records per send; default 500. */
  readonly batchSize?: number;
  /** At most this many webhooks per second, on average; default, as fast as the broker takes them. */
  readonly rate?: number;
  /** Called after every batch the broker acknowledged. */
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Stops after the batch in flight; the summary says what was sent. */
  readonly signal?: AbortSignal;
  /** The largest raw record the raw topics take; default RAW_MAX_MESSAGE_BYTES (what `topics create` sets). */
  readonly maxMessageBytes?: number;
}

export interface ReplayProgress {
  /** Records acknowledged by the broker, in all. */
  readonly sent: number;
  /** Records acknowledged, per topic produced to. */
  readonly byTopic: Readonly<Record<string, number>>;
  /** Inputs not produced (unreadable, or of an unknown source). */
  readonly skipped: number;
  readonly elapsedMs: number;
}

export interface ReplaySummary extends ReplayProgress {
  /** Why inputs were not produced: the first MAX_LISTED of them (`skipped` counts them all). */
  readonly unreadable: readonly Unreadable[];
  /** Of `skipped`, the webhooks larger than the raw topics take (always set by `replay`). */
  readonly tooLarge?: number;
}

export const MAX_LISTED = 1000;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`replay: ${name} must be a positive number, got ${value}`);
  return value;
}

export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const rate = options.rate === undefined ? undefined : positive('rate', options.rate, 1);
  // A batch bigger than a tenth of a second's worth would make a paced replay bursty.
  const batchSize = Math.max(1, Math.floor(Math.min(positive('batchSize', options.batchSize, 500), rate === undefined ? Infinity : rate / 10)));
  const maxBytes = positive('maxMessageBytes', options.maxMessageBytes, RAW_MAX_MESSAGE_BYTES);
  const { codec } = options;
  await codec.prepare(RAW_TOPICS);
  const producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();

  const started = Date.now();
  const byTopic: Record<string, number> = {};
  const unreadable: Unreadable[] = [];
  let skipped = 0;
  let tooLarge = 0;
  let sent = 0;
  let pendingBytes = RECORD_BATCH_OVERHEAD;
  let pending = new Map<string, kafkajs.Message[]>();
  let pendingCount = 0;

  const progress = (): ReplayProgress => ({ sent, byTopic: { ...byTopic }, skipped, elapsedMs: Date.now() - started });
  const skip = (item: Unreadable) => {
    skipped += 1;
    if (unreadable.length < MAX_LISTED) unreadable.push(item);
  };

  const flush = async () => {
    if (pendingCount === 0) return;
    const topicMessages = [...pending].map(([topic, messages]) => ({ topic, messages }));
    await producer.sendBatch({ acks: -1, topicMessages });
    for (const { topic, messages } of topicMessages) byTopic[topic] = (byTopic[topic] ?? 0) + messages.length;
    sent += pendingCount;
    pending = new Map();
    pendingCount = 0;
    pendingBytes = RECORD_BATCH_OVERHEAD;
    if (rate !== undefined) {
      const due = started + (sent / rate) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    options.onProgress?.(progress());
  };

  try {
    for await (const input of options.webhooks) {
      if (options.signal?.aborted) break;
      if (isUnreadable(input)) {
        skip(input);
        continue;
      }
      const origin = `delivery ${input.deliveryId}`;
      const record = rawRecordOf(codec, input);
      if ('reason' in record) {
        skip({ origin, reason: record.reason });
        continue;
      }
      const { topic } = record;
      const message = { key: record.key, value: record.value };
      const bytes = messageBytes(message);
      if (bytes > maxBytes) {
        tooLarge += 1;
        skip({ origin, reason: `the raw record of ${bytes} bytes is over the ${maxBytes} bytes the raw topics take (RAW_MAX_MESSAGE_BYTES)` });
        continue;
      }
      if (pendingBytes + recordBytes(message) > maxBytes) await flush();
      const target = options.topics?.[topic] ?? topic;
      let messages = pending.get(target);
      if (!messages) pending.set(target, (messages = []));
      // No timestamp of our own: the record is stamped when it enters Kafka, and the webhook's
      // receivedAt travels in the envelope. Kafka's time retention deletes by record timestamp,
      // so a months-old receivedAt (a backfill, the synthetic mix) would be deleted at the next
      // retention check, possibly before normalize read it.
      messages.push(message);
      pendingCount += 1;
      pendingBytes += recordBytes(message);
      if (pendingCount >= batchSize) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return { ...progress(), unreadable, tooLarge };
}
