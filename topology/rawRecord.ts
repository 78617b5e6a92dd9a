/**
 * A raw webhook as a Kafka record of its raw topic: the one rule, for the ingress that receives
 * webhooks and for replay that stands in for it, of which topic a webhook goes to and what key
 * it carries, so normalize cannot tell a replayed webhook from a received one.
 *
 * The key is what the normalize sub-topology keeps as the key of every event it derives, so one
 * key's events stay in order from raw topic to store (DESIGN.md, "Ordering"). Read from the body
 * by the webhook's own source (`Normalizer.key`: a repository, a Jira project, a Notion
 * workspace, a metric job). A body that names none, or a source no normalizer reads, is keyed by
 * its source alone: one partition keeps its order, which a missing key (round-robin) would not.
 */
import type { Codec } from '../avro/codec.ts';
import type { RawWebhook } from '../avro/generated/types.ts';
import type { RawTopic } from '../avro/schemas.ts';
import type { Normalizer } from './normalizer.ts';
import { normalizerIn, SOURCES, sourceNames } from './sources.ts';

/** The key to produce `webhook` with; `body` is its parsed body when the caller has it already. */
export function rawKey(webhook: Pick<RawWebhook, 'source' | 'body'>, body?: unknown, sources: readonly Normalizer<string>[] = SOURCES): string {
  const normalizer = normalizerIn(sources, webhook.source);
  if (normalizer === undefined) return webhook.source;
  let parsed = body;
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(webhook.body) as unknown;
    } catch {
      return webhook.source;
    }
  }
  return normalizer.key(parsed) ?? webhook.source;
}

/** The raw topic a webhook's source is produced to, or why it has none. */
export function rawTopicOf(webhook: Pick<RawWebhook, 'source'>): RawTopic | { readonly reason: string } {
  return normalizerIn(SOURCES, webhook.source)?.topic ?? { reason: `unknown source "${webhook.source}": one of ${sourceNames().join(', ')}` };
}

/** A webhook's record on its (logical) raw topic: the wire codec's bytes under its key. */
export interface RawRecord {
  readonly topic: RawTopic;
  readonly key: string;
  readonly value: Buffer;
}

/**
 * The record of `webhook`, or why it has none (an unknown source, a value the codec refuses).
 * `body` is its parsed body when the caller has it already. The codec must be prepared for the
 * raw topics (`codec.prepare`).
 */
export function rawRecordOf(codec: Codec, webhook: RawWebhook, body?: unknown): RawRecord | { readonly reason: string } {
  const topic = rawTopicOf(webhook);
  if (typeof topic !== 'string') return topic;
  try {
    return { topic, key: rawKey(webhook, body), value: codec.encodeSync(topic, webhook) };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}
