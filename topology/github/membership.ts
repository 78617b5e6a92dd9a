/**
 * `membership` (scope team) → `team.member_added` / `team.member_removed`: a user joined or left
 * a team. What the guide's "developers within 2 hops of the Platform team" starts from, with no
 * organization file. `scope` is always `team` today; any other scope is skipped, naming it, in
 * case GitHub adds one.
 *
 * The team may be gone: a team's deletion removes its members, and GitHub then sends `team` as
 * `{ id, name, deleted: true }` (no slug): `teamDeleted` says so.
 *
 * Event id: the team's numeric id, the member's numeric id (both survive renames) and the delivery
 * id, because a user can be added, removed and added again (organizationInternals.ts: why the
 * delivery id, and not the received time). occurredAt: the received time; the payload has none.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome, skipped } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, identity, user } from './githubInternals.ts';
import { githubTeam, organization, organizationEvent, team } from './organizationInternals.ts';

const membershipBody = z.looseObject({
  scope: z.string(),
  member: user,
  team,
  organization,
  sender: user.optional(),
});

export function membership(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['added', 'removed'], (action, value) =>
    readValue(membershipBody, value, (body) => {
      if (body.scope !== 'team') return skipped(`membership scope "${body.scope}" is not used`);
      const payload = { organization: body.organization.login, team: githubTeam(body.team), member: identity(body.member), teamDeleted: body.team.deleted === true };
      return normalized([
        organizationEvent(webhook, {
          type: action === 'added' ? 'team.member_added' : 'team.member_removed',
          naturalKey: [body.team.id, body.member.id, webhook.deliveryId],
          sender: body.sender,
          payload,
        }),
      ]);
    }),
  );
}
