/**
 * The sample webhooks `npm start` replays once, so a fresh stack has something in every store
 * and both upstream examples of the guide happen: each source's own samples (`Normalizer.samples`,
 * its `samples.ts` says what they are), source after source in the order of topology/sources.ts,
 * built from the sources' real fixtures (read, not copied: a fixture fixed there is fixed here).
 *
 * Delivery ids are `sample-<n>` (n its place in the list), received a second apart from
 * 2026-01-05T09:00Z, with the headers the gateway keeps for the source.
 */
import type { RawWebhook } from '../avro/generated/types.ts';
import type { Normalizer } from '../topology/normalizer.ts';
import { SOURCES } from '../topology/sources.ts';

const RECEIVED_AT = Date.parse('2026-01-05T09:00:00Z');

/** The samples, in the order they are replayed (each source's events in the order they happened). */
export function sampleWebhooks(sources: readonly Normalizer<string>[] = SOURCES): RawWebhook[] {
  const samples = sources.flatMap((normalizer) => normalizer.samples().map((sample) => ({ normalizer, ...sample })));
  return samples.map(({ normalizer, source, eventName, body }, i) => {
    const deliveryId = `sample-${i + 1}`;
    return { source, eventName, deliveryId, receivedAt: RECEIVED_AT + i * 1000, headers: { ...normalizer.headers(eventName, deliveryId) }, body: JSON.stringify(body) };
  });
}
