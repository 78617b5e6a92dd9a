/**
 * A small organization built by hand, so every query answer can be worked out on paper
 * (queries.stack.test.ts states them).
 *
 * Organization file: team Platform (alice, bob) owns PLAT; team Web (carol) owns WEB and MOBILE;
 * team Data (erin) owns DATA. WEB depends on PLAT; MOBILE on WEB and AUTH; DATA on PLAT.
 * acme/platform is PLAT's repository, acme/web WEB's.
 *
 * Events (March 2025):
 * - commits: alice a1–a3 to acme/platform and a4 to acme/web; bob b1 to acme/platform; carol c1, c2
 *   to acme/web, c2 pushed again to a release branch (same sha, same event id); gus, a git author
 *   GitHub could not match, g1 to acme/web;
 * - reviews: bob comments then approves alice's acme/platform#10, dave approves it too, bob merges
 *   it; alice reviews carol's acme/web#21, carol merges it herself (no review); carol reviews
 *   frank's acme/web#20;
 * - Jira: PLAT-1 created for Jira user acc-1, then moved to acc-2 in sprint 5 and In Progress;
 *   WEB-7 created unassigned;
 * - Notion: a runbook created then edited; a draft created then deleted.
 *
 * So: Platform's members are alice and bob (1 hop); dave (reviewed alice) and carol (reviewed by
 * alice) are 2 hops away; frank (reviewed by carol) 3; erin, gus and the Jira accounts further.
 */
import type { EngEvent, EngEventOf, Identity, JiraIssue, NotionEntityChanged, PullRequest } from '../../../avro/generated/types.ts';
import { envelope } from '../../testing/envelope.ts';
import type { Organization } from '../organization.ts';

export const organization: Organization = {
  teams: [
    { name: 'Platform', members: ['alice', 'bob'], owns: ['PLAT'] },
    { name: 'Web', members: ['carol'], owns: ['WEB', 'MOBILE'] },
    { name: 'Data', members: ['erin'], owns: ['DATA'] },
  ],
  dependencies: [
    { project: 'WEB', dependsOn: ['PLAT'] },
    { project: 'MOBILE', dependsOn: ['WEB', 'AUTH'] },
    { project: 'DATA', dependsOn: ['PLAT'] },
  ],
  projects: [
    { key: 'PLAT', repositories: ['acme/platform'] },
    { key: 'WEB', repositories: ['acme/web'] },
  ],
};

export const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);
const HOUR = 3_600_000;
const at = (hours: number): number => T0 + hours * HOUR;

export const person = (login: string): Identity => ({ source: 'github', accountId: null, login, displayName: login[0]!.toUpperCase() + login.slice(1), email: `${login}@example.com` });
const gus: Identity = { source: 'github', accountId: null, login: null, displayName: 'Gus', email: 'Gus@Example.com' };
const jiraUser = (accountId: string, name: string): Identity => ({ source: 'jira', accountId, login: null, displayName: name, email: null });

/** The shared envelope, with this scenario's delivery ids (event id and time) as they were first written. */
const base = <T extends EngEvent['type'], P>(type: T, eventId: string, occurredAt: number, payload: P, extra: Partial<EngEventOf<T, P>> = {}): EngEventOf<T, P> =>
  envelope(type, eventId, occurredAt, payload, { deliveryId: `delivery-${eventId}-${occurredAt}`, ...extra });

function commit(sha: string, author: Identity, repository: string, hours: number, branch = 'main'): EngEvent {
  const timestamp = at(hours);
  return base('commit.pushed', `github:commit:${repository}:${sha}`, timestamp, {
    repository, ref: `refs/heads/${branch}`, branch, sha, message: `work ${sha}`, author, committer: author, timestamp,
    url: `https://github.com/${repository}/commit/${sha}`, distinct: branch === 'main', added: 0, removed: 0, modified: 1, jiraKeys: [],
  }, { repository, actor: author });
}

function pullRequest(repository: string, number: number, author: Identity): PullRequest {
  return {
    repository, number, title: `PR ${number}`, author, url: `https://github.com/${repository}/pull/${number}`, state: 'open', draft: false, baseRef: 'main',
    headRef: `f${number}`, headSha: `h${number}`, createdAt: at(0), firstCommitAt: null, headRepository: null, commits: 1, additions: 1, deletions: 0, changedFiles: 1, labels: [], jiraKeys: [],
  };
}

function review(repository: string, number: number, author: Identity, reviewer: Identity, reviewId: number, state: string, hours: number): EngEvent {
  return base('review.submitted', `github:review:${reviewId}`, at(hours), {
    repository, pullRequestNumber: number, pullRequestAuthor: author, reviewId, reviewer, state, submittedAt: at(hours), commitId: null, url: `https://github.com/${repository}/pull/${number}#r${reviewId}`,
  }, { repository, actor: reviewer });
}

function merged(repository: string, number: number, author: Identity, mergedBy: Identity, hours: number): EngEvent {
  return base('pull_request.merged', `github:pr:${repository}#${number}:merged`, at(hours), { pullRequest: pullRequest(repository, number, author), mergedAt: at(hours), mergedBy, mergeCommitSha: `m${number}` }, { repository, actor: mergedBy });
}

export function jiraIssue(key: string, overrides: Partial<JiraIssue> = {}): JiraIssue {
  const projectKey = key.split('-')[0]!;
  return {
    issueId: `id-${key}`, issueKey: key, projectKey, summary: `Issue ${key}`, issueType: 'Story', status: 'To Do', statusCategory: 'new', priority: 'Medium', assignee: null,
    reporter: null, parentKey: null, sprint: null, storyPoints: 3, labels: [], createdAt: at(1), updatedAt: at(1), url: `https://acme.atlassian.net/browse/${key}`, resolvedAt: null, resolution: null, ...overrides,
  };
}

const issueCreated = (issue: JiraIssue): EngEvent => base('issue.created', `jira:${issue.issueId}:created`, issue.updatedAt, { issue }, { projectKey: issue.projectKey });
const issueUpdated = (issue: JiraIssue, changelog: string): EngEvent =>
  base('issue.updated', `jira:${issue.issueId}:${changelog}`, issue.updatedAt, { issue, changedFields: ['status', 'assignee', 'Sprint'], statusChange: null, assigneeChange: null }, { projectKey: issue.projectKey });

export function page(type: 'page.created' | 'page.updated' | 'page.deleted' | 'page.undeleted' | 'page.moved', entityId: string, title: string | null, hours: number): EngEvent {
  const payload: NotionEntityChanged = { entityId, notionEventType: type.slice('notion.'.length), workspaceId: 'ws-1', title, url: title && `https://notion.so/${entityId}`, parent: null, lastEditedAt: at(hours), excerpt: null, propertyChanges: null };
  return base(type, `notion:${entityId}:${type}:${hours}`, at(hours), payload);
}

const [alice, bob, carol, dave, frank] = (['alice', 'bob', 'carol', 'dave', 'frank'] as const).map(person) as [Identity, Identity, Identity, Identity, Identity];

export const events: EngEvent[] = [
  commit('a1', alice, 'acme/platform', 1),
  commit('a2', alice, 'acme/platform', 2),
  commit('b1', bob, 'acme/platform', 3),
  commit('a3', alice, 'acme/platform', 4),
  commit('c1', carol, 'acme/web', 5),
  commit('c2', carol, 'acme/web', 6),
  commit('c2', carol, 'acme/web', 6, 'release'),
  commit('a4', alice, 'acme/web', 7),
  commit('g1', gus, 'acme/web', 8),
  review('acme/platform', 10, alice, bob, 1001, 'commented', 9),
  review('acme/platform', 10, alice, bob, 1002, 'approved', 10),
  review('acme/platform', 10, alice, dave, 1003, 'approved', 11),
  merged('acme/platform', 10, alice, bob, 12),
  review('acme/web', 21, carol, alice, 1004, 'approved', 13),
  merged('acme/web', 21, carol, carol, 14),
  review('acme/web', 20, frank, carol, 1005, 'approved', 15),
  issueCreated(jiraIssue('PLAT-1', { assignee: jiraUser('acc-1', 'Ann') })),
  issueUpdated(jiraIssue('PLAT-1', { assignee: jiraUser('acc-2', 'Hank'), status: 'In Progress', statusCategory: 'indeterminate', sprint: { sprintId: 5, name: 'Sprint 5', state: 'active' }, updatedAt: at(20) }), 'c1'),
  issueCreated(jiraIssue('WEB-7')),
  page('page.created', 'runbook', 'On-call runbook', 2),
  page('page.updated', 'runbook', 'On-call runbook v2', 5),
  page('page.created', 'draft', 'Draft', 3),
  page('page.deleted', 'draft', null, 6),
];
