/**
 * What every Jira webhook body shares, as zod schemas of the fields the normalizers read: the
 * envelope (`timestamp`, `webhookEvent`, `user`), Jira users and Jira's timestamps.
 */
import { z } from 'zod';
import type { Identity } from '../../avro/generated/types.ts';
import { epochMillis, isoMillis } from '../payload.ts';

export { epochMillis };

/** A Jira date-time (`2024-05-02T09:15:00.000+0000`) as epoch milliseconds. */
export const jiraTime = isoMillis;

/** The same, for dates a sprint may leave unset. */
export const optionalJiraTime = jiraTime.nullish().transform((millis) => millis ?? null);

/**
 * A Jira Cloud user (webhook `user`, an issue's assignee or reporter, a comment's author) as an
 * Identity. The email is there only when the user's privacy settings share it.
 */
export const jiraUser = z
  .looseObject({ accountId: z.string(), displayName: z.string().nullish(), emailAddress: z.string().nullish() })
  .transform(
    (user): Identity => ({
      source: 'jira',
      accountId: user.accountId,
      login: null,
      displayName: user.displayName ?? null,
      email: user.emailAddress || null,
    }),
  );

/** A user field that may be empty (unassigned) or absent. */
export const optionalJiraUser = jiraUser.nullish().transform((user) => user ?? null);

/**
 * The fields every Jira webhook body carries: when Jira raised the event (epoch milliseconds),
 * the event's name, which must be the RawWebhook's eventName, and who caused it, when anybody did.
 */
export function envelope<const Name extends string>(webhookEvent: Name) {
  return {
    timestamp: epochMillis,
    webhookEvent: z.literal(webhookEvent),
    user: optionalJiraUser,
  };
}
