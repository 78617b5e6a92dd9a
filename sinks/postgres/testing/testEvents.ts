/**
 * Hand-built EngEvents for the PostgreSQL sink's tests, as the normalizers would emit them:
 * johndoe commits (git author: login and email) and opens a PR (GitHub account: login and
 * numeric id) that janesmith reviews and that is merged; in Jira he is an accountId with the
 * same email and finishes PROJ-12 in sprint 31, which closes with its points. A teams file puts
 * both in Team Alpha, owner of PROJ and OPS.
 */
import type { EngEvent, Identity, JiraIssue, PullRequest } from '../../../avro/generated/types.ts';
import { envelope } from '../../testing/envelope.ts';

export const at = (iso: string): number => Date.parse(iso);

export const johnGit: Identity = { source: 'github', accountId: null, login: 'johndoe', displayName: 'John Doe', email: 'John.Doe@acme.io' };
export const johnGitHub: Identity = { source: 'github', accountId: '1001', login: 'johndoe', displayName: null, email: null };
export const johnJira: Identity = { source: 'jira', accountId: '5b10ac8d82e05b22cc7d4ef5', login: null, displayName: 'John Doe', email: 'john.doe@acme.io' };
export const janeGitHub: Identity = { source: 'github', accountId: '1002', login: 'janesmith', displayName: null, email: null };

const REPO = 'acme/switchyard';

export function commit(sha: string, author: Identity, when: string, options: { distinct?: boolean; message?: string } = {}): EngEvent {
  const time = at(when);
  return envelope('commit.pushed', `github:commit:${REPO}:${sha}`, time, {
    repository: REPO, ref: 'refs/heads/main', branch: 'main', sha, message: options.message ?? `PROJ-12 work on ${sha}`, author, committer: author,
    timestamp: time, url: `https://github.com/${REPO}/commit/${sha}`, distinct: options.distinct ?? true, added: 1, removed: 0, modified: 2, jiraKeys: ['PROJ-12'],
  }, { actor: author, repository: REPO });
}

function pullRequest(number: number, author: Identity, createdAt: string): PullRequest {
  return {
    repository: REPO, number, title: `PROJ-12 pull request ${number}`, author, url: `https://github.com/${REPO}/pull/${number}`, state: 'open', draft: false,
    baseRef: 'main', headRef: `PROJ-12-${number}`, headSha: `head${number}`, createdAt: at(createdAt), firstCommitAt: null, headRepository: null, commits: 2, additions: 40, deletions: 3,
    changedFiles: 4, labels: [], jiraKeys: ['PROJ-12'],
  };
}

export function prOpened(number: number, author: Identity, when: string): EngEvent {
  return envelope('pull_request.opened', `github:pr:${REPO}:${number}:opened`, at(when), { pullRequest: pullRequest(number, author, when) }, { actor: author, repository: REPO });
}

export function prMerged(number: number, author: Identity, opened: string, merged: string): EngEvent {
  return envelope('pull_request.merged', `github:pr:${REPO}:${number}:merged`, at(merged), {
    pullRequest: { ...pullRequest(number, author, opened), state: 'closed' }, mergedAt: at(merged), mergedBy: author, mergeCommitSha: `merge${number}`,
  }, { actor: author, repository: REPO });
}

export function review(reviewId: number, number: number, reviewer: Identity, author: Identity, when: string): EngEvent {
  return envelope('review.submitted', `github:review:${REPO}:${reviewId}`, at(when), {
    repository: REPO, pullRequestNumber: number, pullRequestAuthor: author, reviewId, reviewer, state: 'approved', submittedAt: at(when),
    commitId: `head${number}`, url: `https://github.com/${REPO}/pull/${number}#pullrequestreview-${reviewId}`,
  }, { actor: reviewer, repository: REPO });
}

export function issueDone(issueKey: string, assignee: Identity, when: string, changelogId: string): EngEvent {
  const issue: JiraIssue = {
    issueId: `100${issueKey.split('-')[1]}`, issueKey, projectKey: issueKey.split('-')[0]!, summary: 'Log in with SSO', issueType: 'Story', status: 'Done',
    statusCategory: 'done', priority: 'High', assignee, reporter: null, parentKey: null, sprint: { sprintId: 31, name: 'PROJ Sprint 7', state: 'active' },
    storyPoints: 5, labels: [], createdAt: at('2025-02-24T09:00:00Z'), updatedAt: at(when), url: `https://acme.atlassian.net/browse/${issueKey}`, resolvedAt: null, resolution: null,
  };
  return envelope('issue.updated', `jira:issue:${issue.issueId}:${changelogId}`, at(when), {
    issue, changedFields: ['status'], statusChange: { from: 'In Progress', to: 'Done' }, assigneeChange: null,
  }, { actor: assignee, projectKey: issue.projectKey });
}

export function sprintClosed(sprintId: number, projectKey: string | null, when: string): EngEvent {
  return envelope('sprint.closed', `jira:sprint:${sprintId}:closed`, at(when), {
    sprintId, name: 'PROJ Sprint 7', boardId: 4, goal: 'SSO login', startAt: at('2025-02-24T09:00:00Z'), endAt: at('2025-03-07T17:00:00Z'),
    completedAt: at(when), committedPoints: 21, completedPoints: 18, committedIssues: 8, completedIssues: 7,
  }, { projectKey });
}

/** The story in the header, in the order it happened. */
export function johndoeWeek(): EngEvent[] {
  return [
    commit('a1b2c3', johnGit, '2025-03-03T09:15:00Z'),
    commit('b2c3d4', johnGit, '2025-03-03T11:40:00Z'),
    prOpened(7, johnGitHub, '2025-03-03T12:00:00Z'),
    review(9001, 7, janeGitHub, johnGitHub, '2025-03-04T10:00:00Z'),
    commit('c3d4e5', johnGit, '2025-03-04T11:00:00Z', { distinct: false }), // seen before on another branch: not counted
    commit('d4e5f6', johnGit, '2025-03-04T13:30:00Z'),
    prMerged(7, johnGitHub, '2025-03-03T12:00:00Z', '2025-03-04T15:00:00Z'),
    issueDone('PROJ-12', johnJira, '2025-03-05T09:30:00Z', '20001'),
    sprintClosed(31, 'PROJ', '2025-03-07T17:30:00Z'),
  ];
}

export const TEAMS_FILE = {
  teams: [
    {
      name: 'Team Alpha',
      members: [
        { github: 'johndoe', slack: 'U024BE7LH', hourlyRate: 95 },
        { github: 'janesmith', email: 'jane@acme.io', hourlyRate: 110.5 },
      ],
      projects: [{ key: 'PROJ', name: 'Project Phoenix' }, 'OPS'],
    },
    { name: 'Team Beta', members: [{ github: 'janesmith' }], projects: [{ key: 'WEB', name: 'Website' }] },
  ],
};
