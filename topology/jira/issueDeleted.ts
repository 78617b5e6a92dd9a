/**
 * `jira:issue_deleted` → one `issue.deleted` event: which issue is gone (its id, its key then).
 * The body carries the issue as it was; the stores need only its id to remove it and its key
 * and project to say which it was.
 *
 * Id: `jira.issue.deleted:<issue id>`. Jira deletes an issue once and never reuses its id (a
 * deleted issue is not restored under the same id), so a redelivery gives the same id and the
 * deletion's id differs from the issue's creation and updates. occurredAt is the webhook's
 * `timestamp`: the time of the deletion, which the stores compare an older update's time with.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { envelope } from './schemas.ts';

const body = z.looseObject({
  ...envelope('jira:issue_deleted'),
  issue: z.looseObject({
    id: z.string().min(1),
    key: z.string().min(1),
    fields: z.looseObject({ summary: z.string().nullish(), project: z.looseObject({ key: z.string() }).nullish() }).nullish(),
  }),
});

export function issueDeleted(webhook: RawWebhook): Outcome {
  const parsed = parseBody(body, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  const { timestamp, user, issue } = parsed.value;
  const projectKey = issue.fields?.project?.key ?? (issue.key.includes('-') ? issue.key.slice(0, issue.key.lastIndexOf('-')) : null);
  return normalized([
    engEvent(webhook, {
      type: 'issue.deleted',
      naturalKey: [issue.id],
      occurredAt: timestamp,
      source: 'jira',
      actor: user,
      projectKey,
      payload: { issueId: issue.id, issueKey: issue.key, summary: issue.fields?.summary ?? null },
    }),
  ]);
}
