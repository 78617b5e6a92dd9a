/**
 * Hand-built EngEvents for the vector sink's tests: three developers with distinct work (Kafka
 * consumer rebalancing, ClickHouse materialized views, a React dashboard), a fourth who also
 * worked on Kafka, events routing keeps out (a merge commit, an issue not done), and Notion pages
 * (an on-call runbook, DORA metrics definitions, one created then deleted, one never fetched).
 */
import type { EngEvent, Identity, JiraIssue, NotionEntityChanged, NotionParent, PullRequest } from '../../../avro/generated/types.ts';
import { envelope } from '../../testing/envelope.ts';

export const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);
export const hour = 3_600_000;

export const github = (login: string, name: string): Identity => ({ source: 'github', accountId: null, login, displayName: name, email: `${login}@example.com` });
const jiraUser = (accountId: string, name: string): Identity => ({ source: 'jira', accountId, login: null, displayName: name, email: null });

export function commit(sha: string, author: Identity, repository: string, message: string, at: number): EngEvent {
  return envelope('commit.pushed', `github:commit:${repository}:${sha}`, at, {
    repository,
    ref: 'refs/heads/main',
    branch: 'main',
    sha,
    message,
    author,
    committer: author,
    timestamp: at,
    url: `https://github.com/${repository}/commit/${sha}`,
    distinct: true,
    added: 1,
    removed: 0,
    modified: 2,
    jiraKeys: [],
  }, { actor: author, repository });
}

export function mergedPr(number: number, author: Identity, repository: string, title: string, at: number, labels: string[] = []): EngEvent {
  const pullRequest: PullRequest = {
    repository,
    number,
    title,
    author,
    url: `https://github.com/${repository}/pull/${number}`,
    state: 'closed',
    draft: false,
    baseRef: 'main',
    headRef: `feature-${number}`,
    headSha: `head${number}`,
    createdAt: at - 5 * hour,
    firstCommitAt: null,
    headRepository: null,
    commits: 3,
    additions: 120,
    deletions: 30,
    changedFiles: 4,
    labels,
    jiraKeys: [],
  };
  return envelope('pull_request.merged', `github:pr:${repository}:${number}:merged`, at, { pullRequest, mergedAt: at, mergedBy: author, mergeCommitSha: `merge${number}` }, { actor: author, repository });
}

export function jiraDone(key: string, assignee: Identity, summary: string, at: number, to = 'Done'): EngEvent {
  const issue: JiraIssue = {
    issueId: key.replace(/\D/g, ''),
    issueKey: key,
    projectKey: key.split('-')[0]!,
    summary,
    issueType: 'Story',
    status: to,
    statusCategory: to === 'Done' ? 'done' : 'indeterminate',
    priority: 'Medium',
    assignee,
    reporter: assignee,
    parentKey: null,
    sprint: null,
    storyPoints: 3,
    labels: [],
    createdAt: at - 48 * hour,
    updatedAt: at,
    url: `https://acme.atlassian.net/browse/${key}`,
    resolvedAt: null,
    resolution: null,
  };
  return envelope('issue.updated', `jira:issue:${key}:changelog:${at}`, at, { issue, changedFields: ['status'], statusChange: { from: 'In Progress', to }, assigneeChange: null }, {
    actor: assignee,
    projectKey: issue.projectKey,
  });
}

export function notionPage(
  type: 'page.created' | 'page.updated' | 'page.deleted' | 'page.undeleted' | 'page.moved',
  id: string,
  title: string | null,
  excerpt: string | null,
  at: number,
  parent: NotionParent = { type: 'database', id: 'db-engineering-handbook' },
): EngEvent {
  const payload: NotionEntityChanged = {
    entityId: id,
    notionEventType: type.replace('notion.', '').replace('updated', 'content_updated'),
    workspaceId: 'ws-acme',
    title,
    url: title === null ? null : `https://www.notion.so/${id}`,
    parent,
    lastEditedAt: at,
    excerpt,
    propertyChanges: null,
  };
  return envelope(type, `notion:${type}:${id}:${at}`, at, payload);
}

export const alice = github('alice', 'Alice Adams');
export const bob = github('bob', 'Bob Brown');
export const dave = github('dave', 'Dave Diaz');
export const carol = jiraUser('5b10ac8d82e05b22cc7d4ef5', 'Carol Chen');

export const EVENTS: readonly EngEvent[] = [
  commit('a1', alice, 'acme/ingest', 'Fix Kafka consumer rebalancing storm when partitions are revoked', T0),
  commit('a2', alice, 'acme/ingest', 'Use the cooperative sticky assignor so consumer group rebalancing stops pausing every partition', T0 + hour),
  mergedPr(41, alice, 'acme/ingest', 'Kafka consumer: commit offsets before partition revocation during rebalancing', T0 + 2 * hour, ['kafka']),
  commit('b1', bob, 'acme/analytics', 'Add ClickHouse materialized view for daily deployment counts', T0 + 3 * hour),
  commit('b2', bob, 'acme/analytics', "Merge branch 'main' into clickhouse-views", T0 + 3.5 * hour),
  mergedPr(7, bob, 'acme/analytics', 'ClickHouse: rebuild materialized views on a ReplacingMergeTree table', T0 + 4 * hour, ['clickhouse']),
  jiraDone('WEB-12', carol, 'Build React dashboard page with DORA charts', T0 + 5 * hour),
  jiraDone('WEB-15', carol, 'React dashboard: filter charts by team and sprint', T0 + 6 * hour),
  jiraDone('WEB-16', carol, 'Kafka ClickHouse pipeline review', T0 + 6.5 * hour, 'In Review'),
  commit('d1', dave, 'acme/billing', 'Raise Kafka consumer session timeout to stop rebalancing under load', T0 + 7 * hour),
  notionPage('page.created', 'page-oncall', 'On-call runbook', 'What to do when an alert fires while you are on call: acknowledge the page, check the service dashboards, escalate to the incident commander after 15 minutes.', T0 + 8 * hour),
  notionPage('page.created', 'page-dora', 'DORA metrics definitions', 'How we define deployment frequency, lead time for changes, change failure rate and time to restore service, and where each metric is computed.', T0 + 9 * hour),
  notionPage('page.created', 'page-style', 'Frontend style guide', 'Buttons, colours and spacing for React components.', T0 + 9.5 * hour),
  notionPage('page.created', 'page-draft', 'Scratch notes', 'temporary notes', T0 + 10 * hour),
  notionPage('page.deleted', 'page-draft', null, null, T0 + 11 * hour),
  notionPage('page.updated', 'page-dora', null, null, T0 + 12 * hour),
];

export const PROFILE_IDS = ['github:alice', 'github:bob', 'github:dave', 'jira:5b10ac8d82e05b22cc7d4ef5'];
export const DOC_IDS = ['page-oncall', 'page-dora', 'page-style', 'page-draft'];
