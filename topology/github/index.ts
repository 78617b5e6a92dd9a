/**
 * The GitHub normalizer: webhooks from `github-events` → EngEvents, dispatched on the
 * X-GitHub-Event name to one file per event. GitHub sends many events Switchyard does not use
 * (ping, star, fork, check_suite, …): those are skipped, never errors, so subscribing a webhook
 * to more events than we read costs a counter, not a dead letter.
 *
 * | X-GitHub-Event      | actions read                                     | kinds (source github)                |
 * | ------------------- | ------------------------------------------------ | ------------------------------------ |
 * | push                | (none)                                           | commit.pushed, one per commit, and   |
 * |                     |                                                  | ref.pushed, one per push             |
 * | pull_request        | opened, closed, synchronize, ready_for_review,   | pull_request.opened, merged, closed, |
 * |                     | reopened, converted_to_draft, edited             | updated                              |
 * | pull_request_review | submitted, dismissed                             | review.submitted, dismissed          |
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
 *
 * Each file's doc comment says why its event ids are what they are: always GitHub's own
 * identifiers (numeric ids, sha, the event's time), never the delivery id or the clock. How its
 * webhooks are keyed, kept and told on disk: webhooks.ts; its samples: samples.ts.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { fixturesIn } from '../fixtures.ts';
import { type Normalizer, type Outcome, skipped } from '../normalizer.ts';
import { deployment } from './deployment.ts';
import { deploymentStatus } from './deploymentStatus.ts';
import { issues } from './issues.ts';
import { member } from './member.ts';
import { membership } from './membership.ts';
import { organizationMembership } from './organization.ts';
import { pullRequestEvent } from './pullRequest.ts';
import { pullRequestReview } from './pullRequestReview.ts';
import { push } from './push.ts';
import { githubSamples } from './samples.ts';
import { teamEvent } from './team.ts';
import { teamAdd } from './teamAdd.ts';
import { githubHeaders, githubKey, recognizeGitHub } from './webhooks.ts';
import { workflowJob } from './workflowJob.ts';
import { workflowRun } from './workflowRun.ts';

/** A Map, not an object: event names are untrusted and `constructor` must not find a function. */
const BY_EVENT: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map([
  ['push', push],
  ['pull_request', pullRequestEvent],
  ['pull_request_review', pullRequestReview],
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
  recognize: recognizeGitHub,
  headers: githubHeaders,
  fixtures: fixturesIn(new URL('./fixtures/', import.meta.url), recognizeGitHub),
  samples: githubSamples,
};
