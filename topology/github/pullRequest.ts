/**
 * `pull_request` → `pull_request.opened`; `closed` → `.merged` when `merged` is true, else
 * `.closed`; `synchronize`, `ready_for_review`, `reopened`, `converted_to_draft` and `edited` →
 * `.updated`. review_requested, review_request_removed, assigned, unassigned, labeled and unlabeled
 * are handed to pullRequestActivity.ts; other actions (locked, milestoned, …) are skipped.
 *
 * Event ids use the pull request's numeric id (`pull_request.id`): it survives a repository
 * rename, unlike owner/name#number, and keeps its format, unlike node ids, which GitHub is
 * migrating to a new one. Then, per type, what tells two occurrences apart:
 * - opened, merged: nothing more; each happens once in a pull request's life.
 * - closed: `closed_at`, since a pull request can be closed, reopened and closed again.
 * - updated by synchronize: the head sha before and after the push.
 * - updated by another action: the action and `updated_at`.
 *
 * occurredAt: `created_at` (opened), `merged_at`, `closed_at`, `updated_at` (updated).
 */
import { z } from 'zod';
import type { PullRequest, RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { byAction, githubEvent, githubId, identity, idTime, int32, timestamp, user, webhookBase } from './githubInternals.ts';
import { readValue } from '../payload.ts';
import { jiraKeys } from '../jiraKeys.ts';
import { activityFields, isPullRequestActivity, PULL_REQUEST_ACTIVITY_ACTIONS, pullRequestActivity } from './pullRequestActivity.ts';

const ACTIONS = ['opened', 'closed', 'synchronize', 'ready_for_review', 'reopened', 'converted_to_draft', 'edited'] as const;

const pullRequest = z.looseObject({
  id: githubId,
  number: int32,
  title: z.string(),
  user,
  html_url: z.string(),
  state: z.string(),
  draft: z.boolean().optional(),
  base: z.looseObject({ ref: z.string() }),
  head: z.looseObject({ ref: z.string(), sha: z.string(), repo: z.looseObject({ full_name: z.string() }).nullish() }),
  created_at: timestamp,
  updated_at: timestamp,
  commits: int32,
  additions: int32,
  deletions: int32,
  changed_files: int32,
  labels: z.array(z.looseObject({ name: z.string() })),
});

const closedPullRequest = z.discriminatedUnion('merged', [
  pullRequest.extend({ merged: z.literal(true), merged_at: timestamp, merged_by: user.nullish(), merge_commit_sha: z.string().nullish() }),
  pullRequest.extend({ merged: z.literal(false), closed_at: timestamp }),
]);

const pullRequestBody = z.looseObject({ ...webhookBase, pull_request: pullRequest });
const closedBody = z.looseObject({ ...webhookBase, pull_request: closedPullRequest });
const synchronizeBody = z.looseObject({ ...webhookBase, pull_request: pullRequest, before: z.string() });
const activityBody = pullRequestBody.extend(activityFields);

/** The PullRequest record every pull request event carries. */
export function pullRequestRecord(repository: string, pr: z.infer<typeof pullRequest>): PullRequest {
  return {
    repository,
    number: pr.number,
    title: pr.title,
    author: identity(pr.user),
    url: pr.html_url,
    state: pr.state,
    draft: pr.draft ?? false,
    baseRef: pr.base.ref,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    createdAt: pr.created_at,
    firstCommitAt: null,
    commits: pr.commits,
    additions: pr.additions,
    deletions: pr.deletions,
    changedFiles: pr.changed_files,
    labels: pr.labels.map((label) => label.name),
    jiraKeys: jiraKeys(pr.title, pr.head.ref),
    headRepository: pr.head.repo?.full_name ?? null,
  };
}

export function pullRequestEvent(webhook: RawWebhook): Outcome {
  return byAction(webhook, [...ACTIONS, ...PULL_REQUEST_ACTIVITY_ACTIONS], (action, value) => {
    if (isPullRequestActivity(action)) {
      return readValue(activityBody, value, (body) => pullRequestActivity(webhook, action, body, pullRequestRecord(body.repository.full_name, body.pull_request)));
    }
    switch (action) {
      case 'opened':
        return readValue(pullRequestBody, value, (body) => opened(webhook, body));
      case 'closed':
        return readValue(closedBody, value, (body) => closed(webhook, body));
      case 'synchronize':
        return readValue(synchronizeBody, value, (body) => {
          const naturalKey = [body.pull_request.id, action, body.before, body.pull_request.head.sha];
          return updated(webhook, body, action, body.before, naturalKey);
        });
      default:
        return readValue(pullRequestBody, value, (body) => updated(webhook, body, action, null, [body.pull_request.id, action, idTime(body.pull_request.updated_at)]));
    }
  });
}

function opened(webhook: RawWebhook, body: z.infer<typeof pullRequestBody>): Outcome {
  const pr = body.pull_request;
  const payload = { pullRequest: pullRequestRecord(body.repository.full_name, pr) };
  return normalized([githubEvent(webhook, { type: 'pull_request.opened', naturalKey: [pr.id], occurredAt: pr.created_at, body, payload })]);
}

function closed(webhook: RawWebhook, body: z.infer<typeof closedBody>): Outcome {
  const pr = body.pull_request;
  const pullRequest = pullRequestRecord(body.repository.full_name, pr);
  if (pr.merged) {
    const payload = { pullRequest, mergedAt: pr.merged_at, mergedBy: pr.merged_by ? identity(pr.merged_by) : null, mergeCommitSha: pr.merge_commit_sha ?? null };
    return normalized([githubEvent(webhook, { type: 'pull_request.merged', naturalKey: [pr.id], occurredAt: pr.merged_at, body, payload })]);
  }
  const payload = { pullRequest, closedAt: pr.closed_at };
  return normalized([githubEvent(webhook, { type: 'pull_request.closed', naturalKey: [pr.id, idTime(pr.closed_at)], occurredAt: pr.closed_at, body, payload })]);
}

function updated(webhook: RawWebhook, body: z.infer<typeof pullRequestBody>, action: string, beforeSha: string | null, naturalKey: readonly (string | number)[]): Outcome {
  const pr = body.pull_request;
  const payload = { pullRequest: pullRequestRecord(body.repository.full_name, pr), action, beforeSha };
  return normalized([githubEvent(webhook, { type: 'pull_request.updated', naturalKey, occurredAt: pr.updated_at, body, payload })]);
}
