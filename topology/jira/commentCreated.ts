/**
 * `comment_created` → one `comment.created` event: who commented on which issue, and what.
 *
 * Webhooks use the REST API v2 representation, where a comment's body is text (wiki markup), so
 * it is kept as sent. The actor is the webhook's `user` when present, else the comment's author.
 *
 * Id: `jira.comment.created:<comment id>`. Comment ids are unique on the site and a comment is
 * created once, so a redelivery gives the same id.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { envelope, jiraTime, jiraUser } from './schemas.ts';

const body = z.looseObject({
  ...envelope('comment_created'),
  comment: z.looseObject({ id: z.string(), author: jiraUser, body: z.string(), created: jiraTime }),
  issue: z.looseObject({
    id: z.string(),
    key: z.string(),
    fields: z.looseObject({ project: z.looseObject({ key: z.string() }).nullish() }).nullish(),
  }),
});

export function commentCreated(webhook: RawWebhook): Outcome {
  const parsed = parseBody(body, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  const { timestamp, user, comment, issue } = parsed.value;
  return normalized([
    engEvent(webhook, {
      type: 'comment.created',
      naturalKey: [comment.id],
      occurredAt: timestamp,
      source: 'jira',
      actor: user ?? comment.author,
      projectKey: issue.fields?.project?.key ?? null,
      payload: {
        commentId: comment.id,
        issueId: issue.id,
        issueKey: issue.key,
        author: comment.author,
        body: comment.body,
        createdAt: comment.created,
      },
    }),
  ]);
}
