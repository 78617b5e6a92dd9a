/**
 * `commit_comment` → `commit_comment.created`: a comment on a commit, or on a line of one of its
 * files. GitHub sends only `created` for this event.
 *
 * Event ids and times: commentInternals.ts (a comment is created once: its id alone).
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { comment, commentKey, commentText, commentTime, identityOrNull } from './commentInternals.ts';
import { byAction, githubEvent, int32, nonEmpty, webhookBase } from './githubInternals.ts';

const body = z.looseObject({
  ...webhookBase,
  comment: comment.extend({ commit_id: z.string(), path: z.string().nullish(), line: int32.nullish() }),
});

export function commitComment(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['created'], (action, value) =>
    readValue(body, value, (b) => {
      const c = b.comment;
      const payload = {
        repository: b.repository.full_name,
        sha: c.commit_id,
        path: nonEmpty(c.path),
        line: c.line ?? null,
        commentId: c.id,
        author: identityOrNull(c.user),
        authorAssociation: c.author_association ?? null,
        body: commentText(c),
        createdAt: c.created_at,
        url: c.html_url,
      };
      return normalized([githubEvent(webhook, { type: 'commit_comment.created', naturalKey: commentKey(action, c), occurredAt: commentTime(webhook, action, c), body: b, payload })]);
    }),
  );
}
