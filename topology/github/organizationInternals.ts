/**
 * What the organization-level GitHub events (team, team_add, membership, organization, member)
 * share: the team as webhooks describe it, the organization, and the envelope of an event that
 * may name no repository.
 *
 * Their time, and their ids. None of these payloads carries a time (no created_at, updated_at or
 * timestamp on the team, the membership or the member), so occurredAt is the gateway's
 * `receivedAt`, the closest to the change the webhook knows. What tells apart two of a change
 * that can happen more than once (a rename, an add after a remove) is the delivery id, part of
 * their event ids: GitHub's X-GitHub-Delivery is the GUID of the event, not of one delivery of
 * it: the same on every redelivery, and shared by all the webhooks subscribed to the event. So a
 * redelivery (GitHub's, or "Redeliver" pressed by hand) and the same change through two webhooks
 * (an organization's and a repository's, or an App's) keep one id though received apart, and a
 * second change is another event, with another GUID. Not the received time, which each arrival
 * changes: every redelivery would be a duplicate row. A webhook replayed from the raw topic keeps
 * both. The stores that apply these changes newest-first by occurredAt still take a delivery
 * received again later as the latest word, now under the id it had.
 */
import { z } from 'zod';
import type { EngEvent, EngEventType, GitHubTeam, RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, type EventParts } from '../normalizer.ts';
import { githubId, identity, user } from './githubInternals.ts';

/** A team as team, team_add and membership webhooks embed it. `parent`: absent (older payloads) is unknown, null is none. */
export const team = z.looseObject({
  id: githubId,
  name: z.string().min(1),
  slug: z.string().nullish(),
  parent: z.looseObject({ id: githubId, name: z.string() }).nullish(),
  deleted: z.boolean().optional(),
  permission: z.string().nullish(),
});

/** The organization every organization-level event names; only its login is used. */
export const organization = z.looseObject({ login: z.string().min(1) });

export function githubTeam(t: z.infer<typeof team>): GitHubTeam {
  return {
    teamId: t.id,
    name: t.name,
    slug: t.slug ?? null,
    parentKnown: t.parent !== undefined,
    parentId: t.parent?.id ?? null,
    parentName: t.parent?.name ?? null,
  };
}

/** The parts of an organization-level event; `repository` only when the event is about one. */
export interface OrganizationEventParts<T extends EngEventType> extends Pick<EventParts<T>, 'type' | 'naturalKey' | 'payload'> {
  readonly sender: z.infer<typeof user> | undefined;
  readonly repository?: string | null;
}

/** An EngEvent of an organization-level webhook: received-time occurredAt, the sender as actor (the id: `parts.naturalKey`). */
export function organizationEvent<T extends EngEventType>(webhook: RawWebhook, parts: OrganizationEventParts<T>): EngEvent {
  const { sender, ...rest } = parts;
  return engEvent(webhook, { ...rest, source: 'github', occurredAt: webhook.receivedAt, actor: sender === undefined ? null : identity(sender) });
}
