/**
 * `issue_comment` → `issue_comment.created`, `.edited`, `.deleted`: a comment on a repository
 * issue or on a pull request's conversation (GitHub files both under issues; `issue.pull_request`
 * is present for a pull request). Its own kind rather than `comment.*`, which is Jira's with
 * another payload: a kind names one record. On a pull request it is review activity, and the
 * first one by someone other than the author ends PR pickup time.
 *
 * Event ids and times: commentInternals.ts.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { comment, COMMENT_ACTIONS, commentFields, commentKey, commentTime, identityOrNull, nullableUser } from './commentInternals.ts';
import { byAction, githubEvent, int32, webhookBase } from './githubInternals.ts';

const body = z.looseObject({
  ...webhookBase,
  issue: z.looseObject({ number: int32, user: nullableUser, pull_request: z.looseObject({}).nullish() }),
  comment,
});

export function issueComment(webhook: RawWebhook): Outcome {
  return byAction(webhook, COMMENT_ACTIONS, (action, value) =>
    readValue(body, value, (b) => {
      const c = b.comment;
      const payload = {
        repository: b.repository.full_name,
        number: b.issue.number,
        isPullRequest: b.issue.pull_request !== undefined && b.issue.pull_request !== null,
        issueAuthor: identityOrNull(b.issue.user),
        ...commentFields(c),
      };
      return normalized([githubEvent(webhook, { type: `issue_comment.${action}`, naturalKey: commentKey(action, c), occurredAt: commentTime(webhook, action, c), body: b, payload })]);
    }),
  );
}
