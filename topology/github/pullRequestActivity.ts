/**
 * The `pull_request` actions that change who works on a pull request or what it is labeled,
 * not the pull request itself (pullRequest.ts reads the body and hands them here):
 *
 * | action                 | kind                                 |
 * | ---------------------- | ------------------------------------ |
 * | review_requested       | pull_request.review_requested        |
 * | review_request_removed | pull_request.review_request_removed  |
 * | assigned, unassigned   | pull_request.assigned, .unassigned   |
 * | labeled, unlabeled     | pull_request.labeled, .unlabeled     |
 *
 * A review may be requested of a person (`requested_reviewer`) or of a team (`requested_team`):
 * GitHub sends one or the other, and both occur; a request naming neither is invalid.
 *
 * Event id: the pull request's numeric id (pullRequest.ts says why), whom it is about, and the
 * pull request's `updated_at`, which every one of these actions moves. Whom: `user:<id>` or
 * `team:<id>` (GitHub's numeric ids, which survive a rename; a login or slug does not) for a
 * review request or an assignment, the label's name for a label (as issues.ts). So a redelivery
 * is the same event; two reviewers asked at once (one `updated_at`) are two events; and asking
 * the same person again after a removal is a new one, since the removal moved `updated_at`. The
 * kind holds the action, so a request and its removal never share an id.
 *
 * Known limit: `updated_at` has one-second resolution, so the same change made twice within a
 * second (a bot adding, removing and adding a label again; assigning, unassigning and assigning
 * someone) gives its second occurrence the first's id, and the stores keep one. Nothing in these
 * payloads tells such occurrences apart (the label, reviewer or assignee is the same object; no
 * delivery-independent counter or finer time is sent). The received time would, but it is not
 * used: a delivery redelivered by hand is received again, so it would become a second event of
 * one change (a label counted added twice), which is worse than missing a toggle within a second.
 *
 * occurredAt: the pull request's `updated_at`, the webhook's own time for the change.
 */
import { z } from 'zod';
import type { PullRequest, RawWebhook } from '../../avro/generated/types.ts';
import { invalid, normalized, type Outcome } from '../normalizer.ts';
import { githubEvent, identity, idTime, user, type webhookBase } from './githubInternals.ts';
import { githubTeam, team } from './organizationInternals.ts';

export const PULL_REQUEST_ACTIVITY_ACTIONS = ['review_requested', 'review_request_removed', 'assigned', 'unassigned', 'labeled', 'unlabeled'] as const;
export type PullRequestActivityAction = (typeof PULL_REQUEST_ACTIVITY_ACTIONS)[number];

export const isPullRequestActivity = (action: string): action is PullRequestActivityAction => (PULL_REQUEST_ACTIVITY_ACTIONS as readonly string[]).includes(action);

/** What these actions add to a pull_request body; pullRequest.ts extends its body with them. */
export const activityFields = {
  requested_reviewer: user.nullish(),
  requested_team: team.nullish(),
  assignee: user.nullish(),
  label: z.looseObject({ name: z.string() }).nullish(),
};

type ActivityBody = z.infer<z.ZodObject<typeof webhookBase>> & {
  readonly pull_request: { readonly id: number; readonly updated_at: number };
  readonly requested_reviewer?: z.infer<typeof user> | null | undefined;
  readonly requested_team?: z.infer<typeof team> | null | undefined;
  readonly assignee?: z.infer<typeof user> | null | undefined;
  readonly label?: { readonly name: string } | null | undefined;
};

export function pullRequestActivity(webhook: RawWebhook, action: PullRequestActivityAction, body: ActivityBody, pullRequest: PullRequest): Outcome {
  const pr = body.pull_request;
  const naturalKey = (whom: string | null) => [pr.id, ...(whom === null ? [] : [whom]), idTime(pr.updated_at)];
  const occurredAt = pr.updated_at;
  switch (action) {
    case 'review_requested':
    case 'review_request_removed': {
      const reviewer = body.requested_reviewer ?? null;
      const requestedTeam = body.requested_team ?? null;
      if (reviewer === null && requestedTeam === null) return invalid('$.requested_reviewer', `a ${action} names requested_reviewer or requested_team; this one names neither`);
      const whom = reviewer !== null ? `user:${reviewer.id}` : `team:${requestedTeam!.id}`;
      const payload = { pullRequest, reviewer: reviewer === null ? null : identity(reviewer), team: reviewer === null && requestedTeam !== null ? githubTeam(requestedTeam) : null };
      return normalized([githubEvent(webhook, { type: `pull_request.${action}`, naturalKey: naturalKey(whom), occurredAt, body, payload })]);
    }
    case 'assigned':
    case 'unassigned': {
      const assignee = body.assignee ?? null;
      const payload = { pullRequest, assignee: assignee === null ? null : identity(assignee) };
      return normalized([githubEvent(webhook, { type: `pull_request.${action}`, naturalKey: naturalKey(assignee === null ? null : `user:${assignee.id}`), occurredAt, body, payload })]);
    }
    case 'labeled':
    case 'unlabeled': {
      const label = body.label?.name ?? null;
      return normalized([githubEvent(webhook, { type: `pull_request.${action}`, naturalKey: naturalKey(label), occurredAt, body, payload: { pullRequest, label } })]);
    }
  }
}
