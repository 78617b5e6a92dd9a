/**
 * What GitHub's comment webhooks (issue_comment, pull_request_review_comment, commit_comment)
 * share: the comment as they embed it, and the rule that makes their event ids.
 *
 * Event id: the comment's numeric id, since a comment is created once and deleted once (the
 * kind says which); an edit adds the comment's `updated_at`, which every edit moves, so a
 * redelivery of one edit is the same event and a second edit a new one.
 *
 * occurredAt: `created_at` (created), `updated_at` (edited). A deletion carries no time of its own
 * (the comment keeps its last `updated_at`), so it takes the gateway's `receivedAt`, the closest
 * bound the webhook has and the same on every replay of the record.
 *
 * Bodies are kept as GitHub sends them: GitHub caps a comment at 65,536 characters and the
 * gateway's raw-size limit bounds the whole webhook, as for issue and commit texts.
 *
 * Authors may be null: GitHub's webhook schemas (rest-api-description's `issue-comment`,
 * `pull-request`: `nullable-simple-user`) type `comment.user` and `pull_request.user` as nullable,
 * which is what a deleted account leaves. Such a comment is still kept (a null author); it is
 * nobody's pickup of a pull request (sinks/clickhouse/queries.ts skips an empty reviewer).
 */
import { z } from 'zod';
import type { GitHubIssueComment, GitHubReviewComment, Identity, RawWebhook } from '../../avro/generated/types.ts';
import { githubId, identity, idTime, nonEmpty, timestamp, user } from './githubInternals.ts';

export const COMMENT_ACTIONS = ['created', 'edited', 'deleted'] as const;
export type CommentAction = (typeof COMMENT_ACTIONS)[number];

/** An account the payload may give as null (a deleted user): required, but nullable. */
export const nullableUser = user.nullable();

/** The Identity of an account, or null for a deleted one. */
export const identityOrNull = (account: z.infer<typeof user> | null): Identity | null => (account === null ? null : identity(account));

/** The fields every comment payload has. */
export const comment = z.looseObject({
  id: githubId,
  user: nullableUser,
  body: z.string().nullish(),
  author_association: z.string().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  html_url: z.string(),
});

type Comment = z.infer<typeof comment>;

/** The comment's id, and its `updated_at` for an edit. */
export function commentKey(action: CommentAction, c: Comment): (string | number)[] {
  return action === 'edited' ? [c.id, idTime(c.updated_at)] : [c.id];
}

export function commentTime(webhook: RawWebhook, action: CommentAction, c: Comment): number {
  return action === 'created' ? c.created_at : action === 'edited' ? c.updated_at : webhook.receivedAt;
}

export const commentText = (c: Comment): string | null => nonEmpty(c.body);

/**
 * The fields issue_comment and pull_request_review_comment both carry (GitHubIssueComment,
 * GitHubReviewComment): one place, so the two records cannot drift apart.
 */
type CommentFields = Pick<GitHubIssueComment & GitHubReviewComment, 'commentId' | 'author' | 'authorAssociation' | 'body' | 'createdAt' | 'updatedAt' | 'url'>;

export function commentFields(c: Comment): CommentFields {
  return {
    commentId: c.id,
    author: identityOrNull(c.user),
    authorAssociation: c.author_association ?? null,
    body: commentText(c),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    url: c.html_url,
  };
}
