/**
 * What the organization-level GitHub events (team, team_add, membership, organization, member)
 * share: the team as webhooks describe it, the organization, and the envelope of an event that
 * may name no repository.
 *
 * Their time. None of these payloads carries one (no created_at, updated_at or timestamp on the
 * team, the membership or the member), so occurredAt is the gateway's `receivedAt`, the closest
 * to the change the webhook knows, and it is part of the event id of every change that can
 * happen more than once (a rename, an add after a remove). Deliberately not the delivery id
 * (RawWebhook: never an event's identity): a webhook replayed from the raw topic keeps its
 * `receivedAt`, so it keeps its id, and the stores, which apply these changes newest-first by
 * that time, end the same. A delivery GitHub sends again by hand is received again, later: it
 * gets a new id and is applied as the latest word, which is what the person who pressed
 * "Redeliver" means.
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

/** An EngEvent of an organization-level webhook: received-time occurredAt, the sender as actor. */
export function organizationEvent<T extends EngEventType>(webhook: RawWebhook, parts: OrganizationEventParts<T>): EngEvent {
  const { sender, ...rest } = parts;
  return engEvent(webhook, { ...rest, source: 'github', occurredAt: webhook.receivedAt, actor: sender === undefined ? null : identity(sender) });
}
