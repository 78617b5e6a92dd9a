/**
 * `user_created` / `user_updated` / `user_deleted` → one `account.created` / `account.updated` /
 * `account.deleted` event: the Jira account (accountId, displayName, emailAddress), whether it is
 * active and its type. "account", not "user": the event is about one source's account, which the
 * identity mapping (sinks/postgres/identities.ts) ties to a person, not about the person.
 *
 * In these webhooks the body's `user` is the account the event is about, not who changed it: the
 * webhook names no actor, so the event's actor is null and the account is the payload's.
 * `emailAddress` is there only when the account's privacy settings share it (often not), and
 * a deleted account may come with its id alone: everything but `accountId` is optional.
 * Atlassian's webhook page names these events and shows no body; the reader follows the user's
 * REST representation.
 *
 * Id: an account is created and deleted once: `jira.account.<verb>:<accountId>`, the same on a
 * redelivery. It is updated many times: `jira.account.updated:<accountId>:<timestamp>`, the
 * webhook's time, unchanged on a retry and new for a second change. occurredAt is that `timestamp`.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-users/#api-rest-api-2-user-get
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { epochMillis, parseBody } from '../payload.ts';

const types = { user_created: 'account.created', user_updated: 'account.updated', user_deleted: 'account.deleted' } as const;
export type UserEvent = keyof typeof types;

function body(webhookEvent: UserEvent) {
  return z.looseObject({
    timestamp: epochMillis,
    webhookEvent: z.literal(webhookEvent),
    user: z.looseObject({
      accountId: z.string().min(1),
      displayName: z.string().nullish(),
      emailAddress: z.string().nullish(),
      active: z.boolean().nullish(),
      accountType: z.string().nullish(),
    }),
  });
}

/** The normalizer of one of the user webhooks: they read the same body. */
export function user(webhookEvent: UserEvent): (webhook: RawWebhook) => Outcome {
  const schema = body(webhookEvent);
  const type = types[webhookEvent];
  return (webhook) => {
    const parsed = parseBody(schema, webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const { timestamp, user: account } = parsed.value;
    // As every Jira user is read (schemas.ts jiraUser): an empty email is no email.
    const identity = { source: 'jira', accountId: account.accountId, login: null, displayName: account.displayName ?? null, email: account.emailAddress || null };
    return normalized([
      engEvent(webhook, {
        type,
        naturalKey: type === 'account.updated' ? [account.accountId, timestamp] : [account.accountId],
        occurredAt: timestamp,
        source: 'jira',
        actor: null,
        projectKey: null,
        payload: { account: identity, active: account.active ?? null, accountType: account.accountType || null },
      }),
    ]);
  };
}
