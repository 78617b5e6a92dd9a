/**
 * `pull_request_review` → `review.submitted` (action submitted) or
 * `review.dismissed` (action dismissed); `edited` is skipped. With the pull request's
 * author they give the REVIEWED relationship and the end of PR review time.
 *
 * Event id: the review's numeric id. A review is submitted once and dismissed at most once, and
 * the type already says which, so nothing else is needed.
 *
 * occurredAt: `review.submitted_at` for a submission. A dismissal carries no time of its own
 * (the review keeps its submission time), so it takes the gateway's `receivedAt`: the closest
 * bound the webhook has, and the same on every replay of the record.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { byAction, githubEvent, githubId, identity, int32, timestamp, user, webhookBase } from './githubInternals.ts';
import { readValue } from '../payload.ts';

const ACTIONS = ['submitted', 'dismissed'] as const;

const review = z.looseObject({
  id: githubId,
  user,
  state: z.string(),
  commit_id: z.string().nullish(),
  html_url: z.string(),
});

const pullRequest = z.looseObject({ number: int32, user });

/** A submitted review must say when; a dismissed one may be a pending review that never was. */
const BODY_BY_ACTION = {
  submitted: z.looseObject({ ...webhookBase, review: review.extend({ submitted_at: timestamp }), pull_request: pullRequest }),
  dismissed: z.looseObject({ ...webhookBase, review: review.extend({ submitted_at: timestamp.nullish() }), pull_request: pullRequest }),
};

export function pullRequestReview(webhook: RawWebhook): Outcome {
  return byAction(webhook, ACTIONS, (action, value) =>
    readValue(BODY_BY_ACTION[action], value, (body) => {
      const { review, pull_request: pr } = body;
      const submittedAt = review.submitted_at ?? null;
      const payload = {
        repository: body.repository.full_name,
        pullRequestNumber: pr.number,
        pullRequestAuthor: identity(pr.user),
        reviewId: review.id,
        reviewer: identity(review.user),
        state: review.state.toLowerCase(),
        submittedAt,
        commitId: review.commit_id ?? null,
        url: review.html_url,
      };
      const type = action === 'submitted' ? 'review.submitted' : 'review.dismissed';
      const occurredAt = action === 'submitted' && submittedAt !== null ? submittedAt : webhook.receivedAt;
      return normalized([githubEvent(webhook, { type, naturalKey: [review.id], occurredAt, body, payload })]);
    }),
  );
}
