/**
 * The GitHub normalizer: webhooks from `github-events` → EngEvents, dispatched on the
 * X-GitHub-Event name to one file per event. GitHub sends many events Switchyard does not use
 * (ping, star, fork, …): those are skipped, never errors, so subscribing a webhook
 * to more events than we read costs a counter, not a dead letter.
 *
 * | X-GitHub-Event      | actions read                                     | kinds (source github)                |
 * | ------------------- | ------------------------------------------------ | ------------------------------------ |
 * | push                | (none)                                           | commit.pushed, one per commit, and   |
 * |                     |                                                  | ref.pushed, one per push             |
 * | pull_request        | opened, closed, synchronize, ready_for_review,   | pull_request.opened, merged, closed, |
 * |                     | reopened, converted_to_draft, edited             | updated                              |
 * |                     | review_requested, review_request_removed,        | pull_request.review_requested,       |
 * |                     | assigned, unassigned, labeled, unlabeled         | review_request_removed, assigned,    |
 * |                     |                                                  | unassigned, labeled, unlabeled       |
 * | pull_request_review | submitted, dismissed                             | review.submitted, dismissed          |
 * | pull_request_review_comment | created, edited, deleted                 | review_comment.created, edited,      |
 * |                     |                                                  | deleted                              |
 * | pull_request_review_thread | resolved, unresolved                      | review_thread.resolved, unresolved   |
 * | issue_comment       | created, edited, deleted                         | issue_comment.created, edited,       |
 * |                     |                                                  | deleted                              |
 * | commit_comment      | created                                          | commit_comment.created               |
 * | deployment          | created                                          | deployment.created                   |
 * | deployment_status   | created                                          | deployment.status_changed            |
 * | workflow_run        | completed                                        | workflow_run.completed               |
 * | workflow_job        | completed                                        | workflow_job.completed               |
 * | issues              | opened, edited, closed, reopened, labeled,       | issue.opened, edited, closed,        |
 * |                     | unlabeled                                        | reopened, labeled, unlabeled         |
 * | team                | created, edited, deleted, added_to_repository,   | team.created, updated, deleted,      |
 * |                     | removed_from_repository                          | repository_added, repository_removed |
 * | team_add            | (none)                                           | team.repository_added                |
 * | membership          | added, removed (scope team)                      | team.member_added, member_removed    |
 * | organization        | member_added, member_removed                     | organization.member_added, removed   |
 * | member              | added, edited, removed                           | repository.collaborator_added,       |
 * |                     |                                                  | updated, removed                     |
 * | repository          | created, renamed, transferred, archived,         | repository.created, renamed, …       |
 * |                     | unarchived, deleted                              | (the same verbs)                     |
 * | create / delete     | (none; branches and tags)                        | ref.created / ref.deleted            |
 * | release             | published, released, created, edited, deleted,   | release.<action>                     |
 * |                     | prereleased, unpublished                         |                                      |
 * | check_run           | completed (not GitHub Actions')                  | check_run.completed                  |
 * | check_suite         | completed (not GitHub Actions')                  | check_suite.completed                |
 * | label               | created, edited, deleted                         | label.created, edited, deleted       |
 * | milestone           | created, opened, closed, edited, deleted         | milestone.<action>                   |
 *
 * Each file's doc comment says why its event ids are what they are: GitHub's own identifiers
 * (numeric ids, sha, the event's time), never the clock; the kinds whose payload has no time of
 * its own (organizationInternals.ts) add the delivery id, GitHub's GUID of the event, the same on
 * every redelivery and every webhook it reaches. How its
 * webhooks are keyed, kept and told on disk: webhooks.ts; its samples: samples.ts.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { fixturesIn } from '../fixtures.ts';
import { type Normalizer, type Outcome, skipped } from '../normalizer.ts';
import { commitComment } from './commitComment.ts';
import { deployment } from './deployment.ts';
import { deploymentStatus } from './deploymentStatus.ts';
import { issueComment } from './issueComment.ts';
import { issues } from './issues.ts';
import { member } from './member.ts';
import { checkRun } from './checkRun.ts';
import { checkSuite } from './checkSuite.ts';
import { label } from './label.ts';
import { milestone } from './milestone.ts';
import { refLifecycle } from './refLifecycle.ts';
import { release } from './release.ts';
import { repositoryEvent } from './repository.ts';
import { membership } from './membership.ts';
import { organizationMembership } from './organization.ts';
import { pullRequestEvent } from './pullRequest.ts';
import { pullRequestReview } from './pullRequestReview.ts';
import { push } from './push.ts';
import { reviewComment } from './reviewComment.ts';
import { reviewThread } from './reviewThread.ts';
import { githubSamples } from './samples.ts';
import { teamEvent } from './team.ts';
import { teamAdd } from './teamAdd.ts';
import { githubHeaders, githubKey, recognizeGitHub } from './webhooks.ts';
import { githubReceiver } from './receiver.ts';
import { workflowJob } from './workflowJob.ts';
import { workflowRun } from './workflowRun.ts';

/** A Map, not an object: event names are untrusted and `constructor` must not find a function. */
const BY_EVENT: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map([
  ['push', push],
  ['pull_request', pullRequestEvent],
  ['pull_request_review', pullRequestReview],
  ['pull_request_review_comment', reviewComment],
  ['pull_request_review_thread', reviewThread],
  ['issue_comment', issueComment],
  ['commit_comment', commitComment],
  ['deployment', deployment],
  ['deployment_status', deploymentStatus],
  ['workflow_run', workflowRun],
  ['workflow_job', workflowJob],
  ['issues', issues],
  ['team', teamEvent],
  ['team_add', teamAdd],
  ['membership', membership],
  ['organization', organizationMembership],
  ['member', member],
  ['repository', repositoryEvent],
  ['create', refLifecycle],
  ['delete', refLifecycle],
  ['release', release],
  ['check_run', checkRun],
  ['check_suite', checkSuite],
  ['label', label],
  ['milestone', milestone],
]);

/** The X-GitHub-Event names the normalizer reads. */
export const GITHUB_EVENTS: readonly string[] = [...BY_EVENT.keys()];

export const github: Normalizer = {
  source: 'github',
  topic: 'github-events',
  normalize(webhook) {
    const normalize = BY_EVENT.get(webhook.eventName);
    return normalize === undefined ? skipped(`GitHub event "${webhook.eventName}" is not used`) : normalize(webhook);
  },
  key: githubKey,
  receivers: [githubReceiver],
  recognize: recognizeGitHub,
  headers: githubHeaders,
  fixtures: fixturesIn(new URL('./fixtures/', import.meta.url), recognizeGitHub),
  samples: githubSamples,
};
