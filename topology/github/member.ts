/**
 * `member` → a repository's collaborators (people given access one by one, beside teams):
 * added → `repository.collaborator_added`, edited (a permission changed) →
 * `repository.collaborator_updated`, removed → `repository.collaborator_removed`.
 *
 * Permissions: `changes.permission.to` (added, edited) when GitHub sends it, and the old one of an
 * edit in `changes.old_permission.from`; octokit's older examples carry neither for added.
 *
 * Event id: the repository, the member's numeric id and the delivery id, because a collaborator
 * can be removed and added again (organizationInternals.ts: why the delivery id, not the received
 * time). occurredAt: the received time; the payload has none.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, identity, repository, user } from './githubInternals.ts';
import { organizationEvent } from './organizationInternals.ts';

const TYPES = { added: 'repository.collaborator_added', edited: 'repository.collaborator_updated', removed: 'repository.collaborator_removed' } as const;

const memberBody = z.looseObject({
  member: user,
  repository,
  sender: user.optional(),
  changes: z
    .looseObject({
      permission: z.looseObject({ to: z.string().nullish() }).optional(),
      old_permission: z.looseObject({ from: z.string().nullish() }).optional(),
    })
    .optional(),
});

export function member(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['added', 'edited', 'removed'], (action, value) =>
    readValue(memberBody, value, (body) => {
      const repositoryName = body.repository.full_name;
      return normalized([
        organizationEvent(webhook, {
          type: TYPES[action],
          naturalKey: [repositoryName, body.member.id, webhook.deliveryId],
          sender: body.sender,
          repository: repositoryName,
          payload: {
            repository: repositoryName,
            collaborator: identity(body.member),
            permission: body.changes?.permission?.to ?? null,
            previousPermission: body.changes?.old_permission?.from ?? null,
          },
        }),
      ]);
    }),
  );
}
