/**
 * Every fixture of every source as events, for the stores' "same end however delivered" tests:
 * each delivery received a second after the one before it (GitHub's organization webhooks carry no
 * time of their own, so this is their time), so writing them backwards delivers the later ones
 * first, as a late replay of older ones would.
 */
import { readFileSync } from 'node:fs';
import type { EngEvent } from '../../avro/generated/types.ts';
import { SOURCES } from '../../topology/sources.ts';
import { sameMillisecondWebhooks } from './githubOrganization.ts';

const RECEIVED_AT = Date.UTC(2026, 0, 1);

export function fixtureEvents(): EngEvent[] {
  const fixtures = SOURCES.flatMap((normalizer) => normalizer.fixtures().map((f) => ({ normalizer, f })));
  return fixtures.flatMap(({ normalizer, f }, i) => {
    const outcome = normalizer.normalize({ source: f.source, eventName: f.eventName, deliveryId: f.name, receivedAt: RECEIVED_AT + i * 1_000, headers: {}, body: readFileSync(f.file, 'utf8') });
    return outcome.kind === 'normalized' ? outcome.events : [];
  });
}

/** The events of `fixtureEvents`, one per id (what a store should hold), in first-seen order. */
export const distinctEvents = (events: readonly EngEvent[]): EngEvent[] => [...new Map(events.map((e) => [e.eventId, e])).values()];

/**
 * sameMillisecondWebhooks (team 400 created; alice added and removed at once; renamed and deleted
 * at once) in four deliveries: in order and with the pairs swapped, one a batch and all in one.
 */
export function sameMillisecondDeliveries(): { readonly events: readonly EngEvent[]; readonly orders: readonly (readonly (readonly EngEvent[])[])[] } {
  const events = sameMillisecondWebhooks();
  const [created, added, removed, renamed, deleted] = events as [EngEvent, EngEvent, EngEvent, EngEvent, EngEvent];
  return {
    events,
    orders: [
      [[created], [added], [removed], [renamed], [deleted]],
      [[created], [removed], [added], [deleted], [renamed]],
      [[created, added, removed, renamed, deleted]],
      [[created, removed, added, deleted, renamed]],
    ],
  };
}
