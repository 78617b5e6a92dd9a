/**
 * Jira's worklogs and the issues they are logged on, in PostgreSQL (migration
 * 1767225600004_jira_worklogs.sql): the hours the hourly-rate question multiplies
 * (queries.ts `timeSpent`).
 *
 * ROWS. `jira_issues` rows come from issue.created/updated/deleted (the issue's key and project:
 * a worklog names its issue by id only); `jira_worklogs` rows from worklog.created/updated/
 * deleted. Each is the thing's state at a version time (`at`): an issue's `updatedAt`, a
 * worklog's `updated`, a deletion's webhook time.
 *
 * REPLAY. A row is applied only when it is at least as new as what the table holds, and never
 * over a deletion: Jira reuses neither issue nor worklog ids, so a deletion is final, and a late
 * replay of an older creation or edit changes nothing. Applying the same rows again sets the same
 * values. A deletion keeps the row, marked (`deleted_at`): the mark is what the late replay meets.
 */
import type pg from 'pg';
import type { EventOf } from '../handlers.ts';

export type JiraWorkRow =
  | { readonly table: 'jira_issues'; readonly issueId: string; readonly issueKey: string; readonly projectKey: string; readonly at: number; readonly deleted: boolean }
  | {
      readonly table: 'jira_worklogs';
      readonly worklogId: string;
      readonly issueId: string;
      readonly authorAccountId: string | null;
      readonly timeSpentSeconds: number;
      readonly startedAt: number | null;
      readonly at: number;
      readonly deleted: boolean;
    };

export function jiraIssueRow(event: EventOf<'issue.created' | 'issue.updated'>): JiraWorkRow {
  const { issue } = event.payload;
  return { table: 'jira_issues', issueId: issue.issueId, issueKey: issue.issueKey, projectKey: issue.projectKey, at: issue.updatedAt, deleted: false };
}

/** A deleted issue's row; null when its project is unknown (the body named none), as nothing could be tied to it. */
export function deletedIssueRow(event: EventOf<'issue.deleted'>): JiraWorkRow | null {
  if (!event.projectKey) return null;
  return { table: 'jira_issues', issueId: event.payload.issueId, issueKey: event.payload.issueKey, projectKey: event.projectKey, at: event.occurredAt, deleted: true };
}

export function worklogRow(event: EventOf<'worklog.created' | 'worklog.updated' | 'worklog.deleted'>): JiraWorkRow {
  const w = event.payload;
  const deleted = event.type === 'worklog.deleted';
  return {
    table: 'jira_worklogs',
    worklogId: w.worklogId,
    issueId: w.issueId,
    authorAccountId: w.author?.accountId ?? null,
    timeSpentSeconds: w.timeSpentSeconds,
    startedAt: w.startedAt,
    // A deletion is as new as its webhook; an edit as its `updated` (else its creation, else the webhook).
    at: deleted ? Math.max(event.occurredAt, w.updatedAt ?? 0) : (w.updatedAt ?? w.createdAt ?? event.occurredAt),
    deleted,
  };
}

const JIRA_WORK_TABLES: ReadonlySet<string> = new Set<JiraWorkRow['table']>(['jira_issues', 'jira_worklogs']);

export function jiraWorkRowsOf(rows: readonly { readonly table: string }[]): JiraWorkRow[] {
  return rows.filter((row): row is JiraWorkRow => JIRA_WORK_TABLES.has(row.table));
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Applies the rows in order, one statement each (worklogs are a few a day per person). The
 * `WHERE` of each upsert is the replay rule: not over a deletion, not with an older version.
 */
export async function applyJiraWorkRows(client: pg.ClientBase, rows: readonly JiraWorkRow[]): Promise<void> {
  for (const row of rows) {
    if (row.table === 'jira_issues') {
      await client.query(
        `INSERT INTO jira_issues AS j (issue_id, issue_key, project_key, version_at, deleted_at) VALUES ($1, $2, $3, $4, CASE WHEN $5::boolean THEN $4::timestamptz END)
         ON CONFLICT (issue_id) DO UPDATE SET issue_key = excluded.issue_key, project_key = excluded.project_key, version_at = excluded.version_at,
           deleted_at = coalesce(j.deleted_at, excluded.deleted_at)
         WHERE j.deleted_at IS NULL AND (excluded.deleted_at IS NOT NULL OR j.version_at <= excluded.version_at)`,
        [row.issueId, row.issueKey, row.projectKey, iso(row.at), row.deleted],
      );
    } else {
      await client.query(
        `INSERT INTO jira_worklogs AS w (worklog_id, issue_id, author_account_id, time_spent_seconds, started_at, version_at, deleted_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::boolean THEN $6::timestamptz END)
         ON CONFLICT (worklog_id) DO UPDATE SET issue_id = excluded.issue_id, author_account_id = excluded.author_account_id, time_spent_seconds = excluded.time_spent_seconds,
           started_at = excluded.started_at, version_at = greatest(w.version_at, excluded.version_at), deleted_at = excluded.deleted_at
         WHERE w.deleted_at IS NULL AND (excluded.deleted_at IS NOT NULL OR w.version_at <= excluded.version_at)`,
        [row.worklogId, row.issueId, row.authorAccountId, row.timeSpentSeconds, row.startedAt === null ? null : iso(row.startedAt), iso(row.at), row.deleted],
      );
    }
  }
}
