/**
 * How Jira Cloud webhooks arrive, for replay and the gateway it stands in for:
 *
 * - key: the issue's project key (`issue.fields.project.key`, else the prefix of `issue.key`); a
 *   sprint, which belongs to a board rather than a project, `board-<originBoardId>`; an issue
 *   link, which names its issues by id only, `link-<link id>`, so its deletion follows its
 *   creation; a project event, its `project.key`, with its issues; a user event, which is about
 *   an account, `account-<accountId>`; a worklog, which names its issue by id only,
 *   `issue-<issueId>`, so one worklog's creation, edits and deletion stay in order; a version,
 *   which names its project by id only, `project-<projectId>`. One project's events stay in order.
 * - headers: `x-atlassian-webhook-identifier`, Jira's delivery id.
 * - a bare body is Jira's when it has a `webhookEvent`, which is its event name.
 */
import type { Recognized } from '../normalizer.ts';
import { at, textAt } from '../jsonAt.ts';

export function jiraKey(body: unknown): string | undefined {
  const project = textAt(body, 'issue', 'fields', 'project', 'key');
  if (project) return project;
  const issueKey = textAt(body, 'issue', 'key');
  if (issueKey?.includes('-')) return issueKey.slice(0, issueKey.lastIndexOf('-'));
  const link = at(body, 'issueLink', 'id');
  if (typeof link === 'number' || (typeof link === 'string' && link !== '')) return `link-${link}`;
  const worklogIssue = at(body, 'worklog', 'issueId');
  if (typeof worklogIssue === 'number' || (typeof worklogIssue === 'string' && worklogIssue !== '')) return `issue-${worklogIssue}`;
  const versionProject = at(body, 'version', 'projectId');
  if (typeof versionProject === 'number' || (typeof versionProject === 'string' && versionProject !== '')) return `project-${versionProject}`;
  const projectKey = textAt(body, 'project', 'key');
  if (projectKey) return projectKey;
  // Every body's `user` is who acted, except in user events, where it is the account itself.
  const account = textAt(body, 'user', 'accountId');
  if (account && textAt(body, 'webhookEvent')?.startsWith('user_')) return `account-${account}`;
  const board = at(body, 'sprint', 'originBoardId');
  return typeof board === 'number' ? `board-${board}` : undefined;
}

export function jiraHeaders(_eventName: string, deliveryId: string): Record<string, string> {
  return { 'x-atlassian-webhook-identifier': deliveryId };
}

export function recognizeJira(_file: string, body: object): Recognized | undefined {
  const { webhookEvent } = body as { webhookEvent?: unknown };
  return typeof webhookEvent === 'string' ? { by: 'body', source: 'jira', eventName: webhookEvent } : undefined;
}
