/**
 * `comment_updated` / `comment_deleted` → one `comment.updated` / `comment.deleted` event: the
 * comment as the body carries it (REST API v2 representation, its body text as sent), beside
 * commentCreated.ts, whose kind keeps its own payload record.
 *
 * Jira sends the comment and the issue it is on; a deleted comment may come without its body or
 * authors, which are then null. The actor is the webhook's `user`, else who last edited the
 * comment (`updateAuthor`), else its author.
 *
 * Id: `jira.comment.updated:<comment id>:<updated>` — a comment is edited many times, each edit
 * moving its `updated` time, so a redelivery gives the same id and a second edit a new one.
 * `jira.comment.deleted:<comment id>` — a comment is deleted once and its id never reused.
 * occurredAt is the webhook's `timestamp`.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { envelope, jiraTime, optionalJiraTime, optionalJiraUser } from './schemas.ts';

function body<const Name extends 'comment_updated' | 'comment_deleted'>(webhookEvent: Name) {
  return z.looseObject({
    ...envelope(webhookEvent),
    comment: z.looseObject({
      id: z.string().min(1),
      author: optionalJiraUser,
      updateAuthor: optionalJiraUser,
      body: z.string().nullish(),
      created: optionalJiraTime,
      // An edit's id is made of its time: required where it names the event.
      updated: webhookEvent === 'comment_updated' ? jiraTime : optionalJiraTime,
    }),
    issue: z.looseObject({
      id: z.string().min(1),
      key: z.string().min(1),
      fields: z.looseObject({ project: z.looseObject({ key: z.string() }).nullish() }).nullish(),
    }),
  });
}

const bodies = { comment_updated: body('comment_updated'), comment_deleted: body('comment_deleted') };

/** The normalizer of `comment_updated` or `comment_deleted`: the two read the same body. */
export function commentChanged(webhookEvent: keyof typeof bodies): (webhook: RawWebhook) => Outcome {
  return (webhook) => {
    const parsed = parseBody(bodies[webhookEvent], webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const { timestamp, user, comment, issue } = parsed.value;
    const updated = comment.updated ?? null;
    const deleted = webhookEvent === 'comment_deleted';
    return normalized([
      engEvent(webhook, {
        type: deleted ? 'comment.deleted' : 'comment.updated',
        naturalKey: deleted ? [comment.id] : [comment.id, updated!],
        occurredAt: timestamp,
        source: 'jira',
        actor: user ?? comment.updateAuthor ?? comment.author,
        projectKey: issue.fields?.project?.key ?? null,
        payload: {
          commentId: comment.id,
          issueId: issue.id,
          issueKey: issue.key,
          author: comment.author,
          updateAuthor: comment.updateAuthor,
          body: comment.body ?? null,
          createdAt: comment.created,
          updatedAt: updated,
        },
      }),
    ]);
  };
}
