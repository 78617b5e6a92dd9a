/**
 * A month of one project, built by hand so every metric has a number worked out on paper
 * (queries.test.ts states them). Team PAY works in acme/checkout during March 2024:
 *
 *   Feb 28  D100 prod success 10:10           Feb 29  incident fp0 08:00–09:00 (→ D100, February)
 *   Mar 1   PR#1 (alice) first commit 09:00, opened 12:00, reviewed by bob 16:00 (4h)
 *   Mar 2   PR#1 merged 10:00 (m1); D101 (m1) created 11:00, success 11:20
 *   Mar 4   PR#2 (bob, first commit unknown) opened 09:00; bob's own comment 09:30 (not a
 *           review); carol reviews 11:00 (2h); alice 15:00.      Sprint 11 closed 09:00 (20/18)
 *   Mar 5   PR#2 merged 08:00 (m2); D102 (m2) created 09:00, FAILED 09:15; D103 (m2) created
 *           10:00, success 10:30; incident fp1 12:00–13:30 (→ D103); hotfix D104 13:00–13:10
 *   Mar 6   acme/other: deployment D900 and incident fp9 (another project: never counted)
 *   Mar 10  PR#3 (carol) first commit 08:00; Mar 11 opened 09:00, alice reviews 17:00 (8h)
 *   Mar 12  D106 staging 09:30–09:40 (not production); PR#3 merged 09:00 (m3); D105 (m3)
 *           created 10:00, success 10:25
 *   Mar 13  PR#4 (alice) opened 10:00; Mar 14 carol reviews 10:00 (24h); never merged
 *   Mar 18  Sprint 12 closed 09:00 (22/21), reopened and closed again 15:00 (22/23)
 *   Mar 19  PR#5 (bob) opened 10:00, with alice's review stamped 09:00 (a negative span)
 *   Mar 20  D107 (m3 again) created 10:00, success 10:05
 *   Mar 21  incident fp2 02:00–06:00 (→ D107); Mar 25 incident fp3 10:00, still firing (→ D107)
 *
 * Commits in sprint 12's window [Mar 4, Mar 18): alice 4, bob 3 (one pushed twice, to two
 * branches), carol 2, dave (no GitHub login) 1; alice has one more on Mar 1, carol 5 in
 * acme/other. Two Prometheus samples, one NaN.
 */
import type { EngEvent, EngEventOf, Identity, PullRequest } from '../../../avro/generated/types.ts';
import { envelope } from '../../testing/envelope.ts';

export const REPO = 'acme/checkout';
export const OTHER_REPO = 'acme/other';
export const PROJECT = 'PAY';
export const BOARD = 7;

export const t = (iso: string): number => Date.parse(iso);
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

const account = (login: string, id: number): Identity => ({ source: 'github', accountId: String(id), login, displayName: login, email: null });
const gitAuthor = (login: string | null, email: string): Identity => ({ source: 'github', accountId: null, login, displayName: login ?? email, email });
const people = { alice: account('alice', 1), bob: account('bob', 2), carol: account('carol', 3), deployer: account('deploy-bot', 99) };

type Of<T extends EngEvent['type']> = Extract<EngEvent, { type: T }>;
const base = <T extends EngEvent['type'], P>(type: T, id: string, occurredAt: number, payload: P, repository: string | null, actor: Identity | null): EngEventOf<T, P> =>
  envelope(type, `${type}:${id}`, occurredAt, payload, { repository, actor, deliveryId: `delivery-${id}` });

function pullRequest(number: number, author: Identity, createdAt: number, firstCommitAt: number | null, repository = REPO): PullRequest {
  return {
    repository, number, title: `PR ${number}`, author, url: `https://github.com/${repository}/pull/${number}`, state: 'open', draft: false,
    baseRef: 'main', headRef: `feature-${number}`, headSha: `head${number}`, createdAt, firstCommitAt, headRepository: repository, commits: 2, additions: 10, deletions: 2, changedFiles: 1, labels: [], jiraKeys: [`${PROJECT}-${number}`],
  };
}

const opened = (pr: PullRequest): Of<'pull_request.opened'> => base('pull_request.opened', `pr${pr.number}`, pr.createdAt, { pullRequest: pr }, pr.repository, pr.author);
const merged = (pr: PullRequest, mergedAt: number, sha: string): Of<'pull_request.merged'> =>
  base('pull_request.merged', `pr${pr.number}`, mergedAt, { pullRequest: { ...pr, state: 'closed' }, mergedAt, mergedBy: pr.author, mergeCommitSha: sha }, pr.repository, pr.author);
const review = (pr: PullRequest, id: number, reviewer: Identity, at: number, state = 'approved'): Of<'review.submitted'> =>
  base('review.submitted', `r${id}`, at, { repository: pr.repository, pullRequestNumber: pr.number, pullRequestAuthor: pr.author, reviewId: id, reviewer, state, submittedAt: at, commitId: pr.headSha, url: 'https://github.com/r' }, pr.repository, reviewer);

function deployment(id: number, sha: string, createdAt: number, outcome: { state: 'success' | 'failure'; at: number }, environment = 'production', repository = REPO): EngEvent[] {
  const common = { repository, deploymentId: id, environment, sha, ref: 'main', creator: people.deployer, workflowRunId: null };
  return [
    base('deployment.created', `${id}`, createdAt, { ...common, productionEnvironment: environment === 'production', task: 'deploy', description: null, createdAt }, repository, people.deployer),
    base('deployment.status_changed', `${id}1`, createdAt + MINUTE, { ...common, statusId: id * 10 + 1, state: 'in_progress', description: null, deploymentCreatedAt: createdAt, createdAt: createdAt + MINUTE, logUrl: null }, repository, people.deployer),
    base('deployment.status_changed', `${id}2`, outcome.at, { ...common, statusId: id * 10 + 2, state: outcome.state, description: null, deploymentCreatedAt: createdAt, createdAt: outcome.at, logUrl: null }, repository, people.deployer),
  ];
}

function incident(fingerprint: string, startsAt: number, endsAt: number | null, repository = REPO): EngEvent[] {
  const labels: Record<string, string> = { alertname: `Alert-${fingerprint}`, severity: 'critical', repository, ...(repository === REPO ? { project: PROJECT } : {}) };
  const payload = (status: string, ends: number | null) => ({ fingerprint, alertName: labels.alertname!, status, severity: 'critical', labels, annotations: { summary: 'errors' }, startsAt, endsAt: ends, generatorUrl: null });
  const firing = base('alert.firing', `${fingerprint}:${startsAt}`, startsAt, payload('firing', null), null, null);
  return endsAt === null ? [firing] : [firing, base('alert.resolved', `${fingerprint}:${startsAt}`, endsAt, payload('resolved', endsAt), null, null)];
}

function commit(sha: string, author: Identity, at: number, repository = REPO, branch = 'main', distinct = true): Of<'commit.pushed'> {
  return base('commit.pushed', `${repository}:${sha}`, at, {
    repository, ref: `refs/heads/${branch}`, branch, sha, message: `work on ${sha}`, author, committer: author, timestamp: at, url: `https://github.com/${repository}/commit/${sha}`, distinct, added: 0, removed: 0, modified: 1, jiraKeys: [],
  }, repository, account(author.login ?? 'someone', 0));
}

function sprintClosed(id: string, sprintId: number, completedAt: number, committedPoints: number, completedPoints: number): Of<'sprint.closed'> {
  return base('sprint.closed', id, completedAt, { sprintId, name: `Sprint ${sprintId}`, boardId: BOARD, goal: null, startAt: completedAt - 14 * 24 * HOUR, endAt: completedAt, completedAt, committedPoints, completedPoints, committedIssues: null, completedIssues: null }, null, null);
}

const sample = (name: string, value: number, at: number): Of<'metric.sampled'> =>
  base('metric.sampled', `${name}:${at}`, at, { name, labels: { job: 'checkout', instance: 'a:9090' }, value, timestamp: at }, null, null);

export function scenario(): EngEvent[] {
  const pr1 = pullRequest(1, people.alice, t('2024-03-01T12:00:00Z'), t('2024-03-01T09:00:00Z'));
  const pr2 = pullRequest(2, people.bob, t('2024-03-04T09:00:00Z'), null);
  const pr3 = pullRequest(3, people.carol, t('2024-03-11T09:00:00Z'), t('2024-03-10T08:00:00Z'));
  const pr4 = pullRequest(4, people.alice, t('2024-03-13T10:00:00Z'), null);
  const pr5 = pullRequest(5, people.bob, t('2024-03-19T10:00:00Z'), null);
  const alice = gitAuthor('alice', 'alice@acme.test');
  const bob = gitAuthor('bob', 'bob@acme.test');
  const carol = gitAuthor('carol', 'carol@acme.test');
  const dave = gitAuthor(null, 'dave@example.com');
  return [
    ...deployment(100, 'm0', t('2024-02-28T10:00:00Z'), { state: 'success', at: t('2024-02-28T10:10:00Z') }),
    ...incident('fp0', t('2024-02-29T08:00:00Z'), t('2024-02-29T09:00:00Z')),
    opened(pr1), review(pr1, 11, people.bob, t('2024-03-01T16:00:00Z')), merged(pr1, t('2024-03-02T10:00:00Z'), 'm1'),
    ...deployment(101, 'm1', t('2024-03-02T11:00:00Z'), { state: 'success', at: t('2024-03-02T11:20:00Z') }),
    opened(pr2), review(pr2, 21, people.bob, t('2024-03-04T09:30:00Z'), 'commented'), review(pr2, 22, people.carol, t('2024-03-04T11:00:00Z')), review(pr2, 23, people.alice, t('2024-03-04T15:00:00Z')),
    merged(pr2, t('2024-03-05T08:00:00Z'), 'm2'),
    ...deployment(102, 'm2', t('2024-03-05T09:00:00Z'), { state: 'failure', at: t('2024-03-05T09:15:00Z') }),
    ...deployment(103, 'm2', t('2024-03-05T10:00:00Z'), { state: 'success', at: t('2024-03-05T10:30:00Z') }),
    ...incident('fp1', t('2024-03-05T12:00:00Z'), t('2024-03-05T13:30:00Z')),
    ...deployment(104, 'h4', t('2024-03-05T13:00:00Z'), { state: 'success', at: t('2024-03-05T13:10:00Z') }),
    ...deployment(900, 'o1', t('2024-03-06T10:00:00Z'), { state: 'success', at: t('2024-03-06T10:05:00Z') }, 'production', OTHER_REPO),
    ...incident('fp9', t('2024-03-06T11:00:00Z'), t('2024-03-06T12:00:00Z'), OTHER_REPO),
    opened(pr3), review(pr3, 31, people.alice, t('2024-03-11T17:00:00Z')),
    ...deployment(106, 'm3', t('2024-03-12T09:30:00Z'), { state: 'success', at: t('2024-03-12T09:40:00Z') }, 'staging'),
    merged(pr3, t('2024-03-12T09:00:00Z'), 'm3'),
    ...deployment(105, 'm3', t('2024-03-12T10:00:00Z'), { state: 'success', at: t('2024-03-12T10:25:00Z') }),
    opened(pr4), review(pr4, 41, people.carol, t('2024-03-14T10:00:00Z'), 'changes_requested'),
    opened(pr5), review(pr5, 51, people.alice, t('2024-03-19T09:00:00Z')),
    ...deployment(107, 'm3', t('2024-03-20T10:00:00Z'), { state: 'success', at: t('2024-03-20T10:05:00Z') }),
    ...incident('fp2', t('2024-03-21T02:00:00Z'), t('2024-03-21T06:00:00Z')),
    ...incident('fp3', t('2024-03-25T10:00:00Z'), null),
    commit('a0', alice, t('2024-03-01T09:00:00Z')),
    commit('a1', alice, t('2024-03-04T10:00:00Z')), commit('a2', alice, t('2024-03-06T10:00:00Z')), commit('a3', alice, t('2024-03-11T10:00:00Z')), commit('a4', alice, t('2024-03-17T23:59:59Z')),
    commit('b1', bob, t('2024-03-04T11:00:00Z')), commit('b2', bob, t('2024-03-05T11:00:00Z'), REPO, 'feature-2'), commit('b2', bob, t('2024-03-05T11:00:00Z'), REPO, 'main', false), commit('b3', bob, t('2024-03-12T11:00:00Z')),
    commit('c1', carol, t('2024-03-10T08:00:00Z')), commit('c2', carol, t('2024-03-12T08:00:00Z')),
    commit('d1', dave, t('2024-03-08T08:00:00Z')),
    commit('x1', carol, t('2024-03-18T00:00:00Z')), // the first second after the sprint: not in it
    ...['o1', 'o2', 'o3', 'o4', 'o5'].map((sha, i) => commit(sha, carol, t(`2024-03-0${i + 4}T12:00:00Z`), OTHER_REPO)),
    sprintClosed('s11', 11, t('2024-03-04T09:00:00Z'), 20, 18),
    sprintClosed('s12a', 12, t('2024-03-18T09:00:00Z'), 22, 21),
    sprintClosed('s12b', 12, t('2024-03-18T15:00:00Z'), 22, 23),
    sample('http_requests_total', 1234, t('2024-03-05T12:00:00Z')),
    sample('error_ratio', Number.NaN, t('2024-03-05T12:00:15Z')),
  ];
}
