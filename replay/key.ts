/**
 * The Kafka key of a raw webhook: what the normalize sub-topology keeps as the key of every
 * event it derives, so one key's events stay in order from raw topic to store (DESIGN.md,
 * "Ordering"). Read from the body the way the gateway would, by the webhook's own source
 * (`Normalizer.key`: a repository, a Jira project, a Notion workspace, a metric job).
 *
 * A body that names none, or a source no normalizer reads, is keyed by its source alone: one
 * partition keeps its order, which a missing key (round-robin) would not.
 */
import type { RawWebhook } from '../avro/generated/types.ts';
import type { Normalizer } from '../topology/normalizer.ts';
import { normalizerIn, SOURCES } from '../topology/sources.ts';

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
