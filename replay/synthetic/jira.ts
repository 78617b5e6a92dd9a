/**
 * Synthetic Jira Cloud webhooks from the fixtures in `topology/jira/fixtures/`: issues created,
 * updated (a workflow transition, or a new assignee), comments, and now and then a sprint
 * closed, in the cast's eight projects. About one transition in eight goes to Blocked, and a
 * third of issues are High or Highest, so the Slack derivation has work to do.
 *
 * Issues created get ids of their own (10,000,000 + index); updates and comments land on a pool
 * of 400 existing issues per project, each change with its own changelog or comment id.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { DEVELOPERS, PROJECTS, type Developer, type Project } from '../cast.ts';
import { fixture, type JsonObject } from '../fixtures.ts';
import { synthetic, type Draw } from './draw.ts';

const SITE = 'https://acme.atlassian.net';

/** Jira's date-time style: `2026-01-05T08:00:00.000+0000`. */
const jiraTime = (millis: number): string => new Date(millis).toISOString().replace('Z', '+0000');

export function jiraUser(dev: Developer): JsonObject {
  return { self: `${SITE}/rest/api/2/user?accountId=${dev.jiraAccountId}`, accountId: dev.jiraAccountId, displayName: dev.name, emailAddress: dev.email, active: true, timeZone: 'Europe/London', accountType: 'atlassian' };
}

const STATUS_CATEGORY: Readonly<Record<string, string>> = { 'To Do': 'new', 'In Progress': 'indeterminate', 'In Review': 'indeterminate', Blocked: 'indeterminate', Done: 'done' };
const STATUS_ID: Readonly<Record<string, string>> = { 'To Do': '10000', 'In Progress': '3', 'In Review': '10003', Blocked: '10004', Done: '10001' };
const TRANSITIONS: readonly (readonly [string, string])[] = [
  ['To Do', 'In Progress'], ['To Do', 'In Progress'], ['In Progress', 'In Review'], ['In Progress', 'In Review'],
  ['In Review', 'Done'], ['In Review', 'Done'], ['In Progress', 'Blocked'], ['Blocked', 'In Progress'],
];
const PRIORITIES = ['Highest', 'High', 'High', 'Medium', 'Medium', 'Medium', 'Low', 'Low', 'Low'];
const SUMMARIES = ['Card payments time out at checkout', 'Refund emails show the wrong currency', 'Search ignores accents', 'Login loops on expired sessions', 'Nightly export misses late rows', 'Android build fails on API 35', 'Feature flag cache is never invalidated', 'Dashboard p95 is off by one bucket'];
const ISSUE_TYPES = ['Story', 'Story', 'Bug', 'Task'];

const templates = { created: undefined as JsonObject | undefined };
const createdTemplate = (): JsonObject => (templates.created ??= fixture('jira', 'jira-issue_created.json'));

interface IssueSpec {
  readonly project: Project;
  readonly id: string;
  readonly number: number;
  readonly status: string;
  readonly priority: string;
  readonly assignee: Developer | null;
  readonly reporter: Developer;
  readonly created: number;
  readonly updated: number;
}

/** An issue as Jira embeds it in webhooks, on the fixture's shape (custom fields included). */
function issue(d: Draw, spec: IssueSpec): JsonObject {
  const base = createdTemplate().issue as JsonObject;
  const fields = base.fields as JsonObject;
  const key = `${spec.project.key}-${spec.number}`;
  const sprintNumber = 1 + Math.floor((d.at - Date.parse('2025-01-06T00:00:00Z')) / (14 * 86_400_000));
  return {
    ...base,
    id: spec.id,
    self: `${SITE}/rest/api/2/issue/${spec.id}`,
    key,
    fields: {
      ...fields,
      issuetype: { ...(fields.issuetype as JsonObject), name: d.rng.pick(ISSUE_TYPES) },
      project: { ...(fields.project as JsonObject), self: `${SITE}/rest/api/2/project/${spec.project.id}`, id: spec.project.id, key: spec.project.key, name: spec.project.name },
      customfield_10020: [{ id: spec.project.boardId * 1000 + sprintNumber, name: `${spec.project.key} Sprint ${sprintNumber}`, state: 'active', boardId: spec.project.boardId }],
      customfield_10016: d.rng.pick([1, 2, 3, 5, 8, 13, null]),
      priority: { self: `${SITE}/rest/api/2/priority/${PRIORITIES.indexOf(spec.priority) + 1}`, name: spec.priority, id: String(PRIORITIES.indexOf(spec.priority) + 1) },
      labels: [spec.project.name.toLowerCase().replaceAll(' ', '-')],
      assignee: spec.assignee ? jiraUser(spec.assignee) : null,
      status: { name: spec.status, id: STATUS_ID[spec.status], statusCategory: { key: STATUS_CATEGORY[spec.status], name: spec.status } },
      creator: jiraUser(spec.reporter),
      reporter: jiraUser(spec.reporter),
      summary: d.rng.pick(SUMMARIES),
      parent: undefined,
      created: jiraTime(spec.created),
      updated: jiraTime(spec.updated),
    },
  };
}

/** One of the 400 issues per project that updates and comments land on. */
function existingIssue(d: Draw, status: string, assignee: Developer | null): IssueSpec {
  const project = d.rng.pick(PROJECTS);
  const number = d.rng.between(1, 400);
  return {
    project,
    number,
    id: String(1_000_000 * (PROJECTS.indexOf(project) + 1) + number),
    status,
    priority: d.rng.pick(PRIORITIES),
    assignee,
    reporter: d.rng.pick(DEVELOPERS),
    created: d.at - d.rng.between(1, 60) * 86_400_000,
    updated: d.at,
  };
}

function issueCreated(d: Draw): RawWebhook {
  const reporter = d.rng.pick(DEVELOPERS);
  const project = d.rng.pick(PROJECTS);
  const spec: IssueSpec = { project, id: String(d.numeric(10_000_000)), number: 1000 + d.index, status: 'To Do', priority: d.rng.pick(PRIORITIES), assignee: d.rng.chance(0.5) ? d.rng.pick(DEVELOPERS) : null, reporter, created: d.at, updated: d.at };
  return synthetic(d, 'jira', 'jira:issue_created', { ...createdTemplate(), timestamp: d.at, user: jiraUser(reporter), issue: issue(d, spec) });
}

function issueTransitioned(d: Draw): RawWebhook {
  const [from, to] = d.rng.pick(TRANSITIONS);
  const actor = d.rng.pick(DEVELOPERS);
  const spec = existingIssue(d, to, actor);
  const items = [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: STATUS_ID[from], fromString: from, to: STATUS_ID[to], toString: to }];
  return synthetic(d, 'jira', 'jira:issue_updated', { timestamp: d.at, webhookEvent: 'jira:issue_updated', issue_event_type_name: 'issue_generic', user: jiraUser(actor), issue: issue(d, spec), changelog: { id: String(d.numeric(20_000_000)), items } });
}

function issueAssigned(d: Draw): RawWebhook {
  const actor = d.rng.pick(DEVELOPERS);
  const assignee = d.rng.pick(DEVELOPERS);
  const spec = existingIssue(d, d.rng.pick(['To Do', 'In Progress']), assignee);
  const items = [{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: null, fromString: null, to: assignee.jiraAccountId, toString: assignee.name, tmpFromAccountId: null, tmpToAccountId: assignee.jiraAccountId }];
  return synthetic(d, 'jira', 'jira:issue_updated', { timestamp: d.at, webhookEvent: 'jira:issue_updated', issue_event_type_name: 'issue_assigned', user: jiraUser(actor), issue: issue(d, spec), changelog: { id: String(d.numeric(20_000_000)), items } });
}

function commentCreated(d: Draw): RawWebhook {
  const author = d.rng.pick(DEVELOPERS);
  const spec = existingIssue(d, d.rng.pick(['In Progress', 'In Review', 'Blocked']), author);
  const commentId = String(d.numeric(30_000_000));
  const { fields, ...rest } = issue(d, spec) as { fields: JsonObject } & JsonObject;
  return synthetic(d, 'jira', 'comment_created', {
    timestamp: d.at,
    webhookEvent: 'comment_created',
    comment: {
      self: `${SITE}/rest/api/2/issue/${spec.id}/comment/${commentId}`,
      id: commentId,
      author: jiraUser(author),
      body: d.rng.pick(['Reproduced on staging.', 'Fix is in review.', 'Waiting on the vendor.', 'Can we pair on this tomorrow?']),
      updateAuthor: { accountId: author.jiraAccountId, displayName: author.name },
      created: jiraTime(d.at),
      updated: jiraTime(d.at),
      jsdPublic: true,
    },
    // A comment event embeds a short form of the issue.
    issue: { ...rest, fields: { summary: fields.summary, issuetype: fields.issuetype, project: fields.project, assignee: fields.assignee, priority: fields.priority, status: fields.status } },
  });
}

function sprintClosed(d: Draw): RawWebhook {
  const project = d.rng.pick(PROJECTS);
  const id = d.numeric(2_000_000);
  const end = d.at;
  const start = end - 14 * 86_400_000;
  return synthetic(d, 'jira', 'sprint_closed', {
    timestamp: d.at,
    webhookEvent: 'sprint_closed',
    sprint: {
      id,
      self: `${SITE}/rest/agile/1.0/sprint/${id}`,
      state: 'closed',
      name: `${project.key} Sprint ${id}`,
      startDate: new Date(start).toISOString(),
      endDate: new Date(end).toISOString(),
      completeDate: new Date(end + 3_600_000).toISOString(),
      createdDate: new Date(start - 3 * 86_400_000).toISOString(),
      originBoardId: project.boardId,
      goal: `${project.name}: ${d.rng.pick(['ship v2', 'pay down flaky tests', 'cut p95 latency'])}`,
    },
  });
}

/** The Jira kinds and their share of all synthetic webhooks (%). */
export const JIRA_KINDS = {
  'jira.issue_created': { weight: 7, build: issueCreated },
  'jira.issue_transitioned': { weight: 11, build: issueTransitioned },
  'jira.issue_assigned': { weight: 4, build: issueAssigned },
  'jira.comment_created': { weight: 7, build: commentCreated },
  'jira.sprint_closed': { weight: 1, build: sprintClosed },
} as const;
