/**
 * `organization` member_added / member_removed → `organization.member_added` /
 * `organization.member_removed`: a user joined or left the organization (an account seen, for the
 * identity mapping, and who belongs at all). `member_invited` is skipped (an invitation is no
 * membership yet: member_added follows when it is accepted), and so are `renamed` and `deleted`
 * (an organization's login is not what any store keys by).
 *
 * Event id: the organization's login, the member's numeric id and the delivery id, because a
 * user can leave and join again (organizationInternals.ts: why the delivery id, not the received
 * time). occurredAt: the received time; the payload has none.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, identity, user } from './githubInternals.ts';
import { organization as organizationSchema, organizationEvent } from './organizationInternals.ts';

const organizationBody = z.looseObject({
  membership: z.looseObject({ user, role: z.string().nullish() }),
  organization: organizationSchema,
  sender: user.optional(),
});

export function organizationMembership(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['member_added', 'member_removed'], (action, value) =>
    readValue(organizationBody, value, (body) => {
      const member = body.membership.user;
      return normalized([
        organizationEvent(webhook, {
          type: action === 'member_added' ? 'organization.member_added' : 'organization.member_removed',
          naturalKey: [body.organization.login, member.id, webhook.deliveryId],
          sender: body.sender,
          payload: { organization: body.organization.login, member: identity(member), role: body.membership.role ?? null },
        }),
      ]);
    }),
  );
}
