/**
 * Notion's `comment.created` → `page_comment.created` (a NotionCommentCreated): a comment added to
 * a discussion on a page, or on a block in it. Not `comment.created`: that kind is Jira's, with a
 * JiraCommentCreated payload (issue key, body), and a kind names exactly one payload record. The
 * webhook carries ids only (comment, page, parent), like every Notion event: no text.
 *
 * Id: `notion.page_comment.created:<comment id>`. A comment is created once and Notion never reuses
 * its id, so the comment names its creation, as Jira's comment id does for comment_created; a
 * retried delivery (same event, higher `attempt_number`) gives the same id.
 *
 * @see https://developers.notion.com/reference/webhooks/comment-created
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { isoMillis, parseBody } from '../payload.ts';
import { actor, author, parent } from './entityChanged.ts';

const body = z.looseObject({
  type: z.literal('comment.created'),
  timestamp: isoMillis,
  workspace_id: z.string(),
  authors: z.array(author).nullish(),
  entity: z.looseObject({ id: z.string().min(1), type: z.literal('comment') }),
  data: z.looseObject({ page_id: z.string().min(1), parent: parent.nullish() }),
});

export function commentCreated(webhook: RawWebhook): Outcome {
  const parsed = parseBody(body, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  const event = parsed.value;
  return normalized([
    engEvent(webhook, {
      type: 'page_comment.created',
      naturalKey: [event.entity.id],
      occurredAt: event.timestamp,
      source: 'notion',
      actor: actor(event.authors),
      payload: { commentId: event.entity.id, pageId: event.data.page_id, workspaceId: event.workspace_id, parent: event.data.parent ?? null },
    }),
  ]);
}

export const commentEvents: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map([['comment.created', commentCreated]]);
