/**
 * `pull_request_review_comment` → `review_comment.created`, `.edited`, `.deleted`: a comment on
 * a line of a pull request's diff, alone or as part of a review, or a reply in its thread
 * (`in_reply_to_id`). Review activity: the first by someone other than the author ends PR pickup
 * time.
 *
 * Event ids and times: commentInternals.ts.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { comment, COMMENT_ACTIONS, commentFields, commentKey, commentTime, identityOrNull, nullableUser } from './commentInternals.ts';
import { byAction, githubEvent, githubId, int32, webhookBase } from './githubInternals.ts';

const body = z.looseObject({
  ...webhookBase,
  pull_request: z.looseObject({ number: int32, user: nullableUser }),
  comment: comment.extend({
    pull_request_review_id: githubId.nullish(),
    in_reply_to_id: githubId.nullish(),
    path: z.string(),
    line: int32.nullish(),
    commit_id: z.string(),
  }),
});

export function reviewComment(webhook: RawWebhook): Outcome {
  return byAction(webhook, COMMENT_ACTIONS, (action, value) =>
    readValue(body, value, (b) => {
      const c = b.comment;
      const payload = {
        repository: b.repository.full_name,
        pullRequestNumber: b.pull_request.number,
        pullRequestAuthor: identityOrNull(b.pull_request.user),
        ...commentFields(c),
        reviewId: c.pull_request_review_id ?? null,
        inReplyToId: c.in_reply_to_id ?? null,
        path: c.path,
        line: c.line ?? null,
        commitId: c.commit_id,
      };
      return normalized([githubEvent(webhook, { type: `review_comment.${action}`, naturalKey: commentKey(action, c), occurredAt: commentTime(webhook, action, c), body: b, payload })]);
    }),
  );
}
