/**
 * `team` → the teams of a GitHub organization, their parents and their repositories:
 *
 * | action                  | kind                     |
 * | ----------------------- | ------------------------ |
 * | created                 | team.created             |
 * | edited                  | team.updated             |
 * | deleted                 | team.deleted             |
 * | added_to_repository     | team.repository_added    |
 * | removed_from_repository | team.repository_removed  |
 *
 * An edit carries the team as it is after it (a rename: the new name, and the old one in
 * `changes.name.from`; a new parent: `team.parent`), so stores take the team's state from every
 * kind, not only from `created`.
 *
 * Event id: the team's numeric id, which survives a rename (the name and slug do not). A team is
 * created once and deleted once, so those two are the id alone; it can be edited, and given or
 * denied a repository, any number of times, so those add the delivery id (and the repository):
 * organizationInternals.ts says why the delivery id, and why not the received time.
 *
 * occurredAt: the gateway's `receivedAt` (no team payload carries a time).
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, repository, user } from './githubInternals.ts';
import { githubTeam, organization, organizationEvent, team } from './organizationInternals.ts';

const ACTIONS = ['created', 'edited', 'deleted', 'added_to_repository', 'removed_from_repository'] as const;

const teamBody = z.looseObject({
  team,
  organization,
  sender: user.optional(),
  changes: z.looseObject({ name: z.looseObject({ from: z.string() }).optional() }).optional(),
});

/** added_to_repository and removed_from_repository name the repository. */
export const teamRepositoryBody = teamBody.extend({ repository });

export function teamEvent(webhook: RawWebhook): Outcome {
  return byAction(webhook, ACTIONS, (action, value) => {
    if (action === 'added_to_repository' || action === 'removed_from_repository') {
      return readValue(teamRepositoryBody, value, (body) => {
        const added = action === 'added_to_repository';
        return normalized([teamRepositoryEvent(webhook, body, added ? 'team.repository_added' : 'team.repository_removed', added ? (body.team.permission ?? null) : null)]);
      });
    }
    return readValue(teamBody, value, (body) => {
      const type = action === 'created' ? 'team.created' : action === 'deleted' ? 'team.deleted' : 'team.updated';
      const renamedFrom = body.changes?.name?.from;
      const payload = {
        organization: body.organization.login,
        team: githubTeam(body.team),
        previousName: renamedFrom !== undefined && renamedFrom !== body.team.name ? renamedFrom : null,
      };
      const naturalKey = type === 'team.updated' ? [body.team.id, webhook.deliveryId] : [body.team.id];
      return normalized([organizationEvent(webhook, { type, naturalKey, sender: body.sender, payload })]);
    });
  });
}

/** A team given or denied a repository (team added_to_repository / removed_from_repository, team_add). */
export function teamRepositoryEvent(
  webhook: RawWebhook,
  body: z.infer<typeof teamRepositoryBody>,
  type: 'team.repository_added' | 'team.repository_removed',
  permission: string | null,
) {
  const repositoryName = body.repository.full_name;
  return organizationEvent(webhook, {
    type,
    naturalKey: [body.team.id, repositoryName, webhook.deliveryId],
    sender: body.sender,
    repository: repositoryName,
    payload: { organization: body.organization.login, team: githubTeam(body.team), repository: repositoryName, permission },
  });
}

