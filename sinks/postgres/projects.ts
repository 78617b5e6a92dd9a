/**
 * Jira projects as Jira's project webhooks tell them (project.created, .updated, .deleted): the
 * project's Jira id, name, type and lead, in `projects` beside the organization file's name.
 *
 * - Which row: the project's key, the key every other event names it by. A key changed in Jira
 *   starts a row of the new key; both carry the Jira id, and the one with the newest `jira_at` is
 *   current (queries.ts `projectKeyOfJiraId`, for events that name a project by id only).
 * - Which name wins: the organization file's, where it names the project (`file_name`): it is
 *   what people wrote down on purpose, as for teams. Webhooks fill the rest (`jira_name`);
 *   `name`, which readers read, is coalesce(file_name, jira_name), kept so by both writers.
 * - Replay: each row is the project as of its webhook's time (`jira_at`); an older event, replayed
 *   later, changes nothing, the same one again neither. A deletion is the newest state, marked
 *   (`jira_deleted_at`), not removed: events and the file's ownerships refer to the project, and a
 *   replayed creation, older than the mark, cannot bring it back.
 */
import type pg from 'pg';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { RowOf } from './rows.ts';

export interface JiraProjectRow {
  readonly table: 'jira_projects';
  readonly jiraId: string;
  readonly key: string;
  readonly name: string;
  readonly type: string | null;
  readonly leadAccountId: string | null;
  /** The webhook's time (occurredAt). */
  readonly at: number;
  readonly deleted: boolean;
}

/** The row of a project event. */
export function jiraProjectRow(event: Extract<EngEvent, { type: 'project.created' | 'project.updated' | 'project.deleted' }>): JiraProjectRow {
  const p = event.payload;
  return { table: 'jira_projects', jiraId: p.projectId, key: p.key, name: p.name, type: p.projectTypeKey, leadAccountId: p.lead?.accountId ?? null, at: event.occurredAt, deleted: event.type === 'project.deleted' };
}

/** The newest row of each key; on equal times a deletion wins, so one batch ends as the events one at a time would. */
function newest(rows: readonly JiraProjectRow[]): JiraProjectRow[] {
  const byKey = new Map<string, JiraProjectRow>();
  for (const row of rows) {
    const before = byKey.get(row.key);
    if (before === undefined || row.at > before.at || (row.at === before.at && row.deleted)) byKey.set(row.key, row);
  }
  return [...byKey.values()];
}

export async function upsertJiraProjects(client: pg.ClientBase, rows: readonly RowOf<'jira_projects'>[]): Promise<void> {
  const list = newest(rows);
  if (list.length === 0) return;
  const iso = (ms: number) => new Date(ms).toISOString();
  await client.query(
    `INSERT INTO projects AS p (key, name, jira_id, jira_name, jira_type, lead_account_id, jira_at, jira_deleted_at)
     SELECT k.key, k.name, k.jira_id, k.name, k.jira_type, k.lead, k.at, CASE WHEN k.deleted THEN k.at END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::boolean[]) AS k(key, name, jira_id, jira_type, lead, at, deleted)
     ON CONFLICT (key) DO UPDATE SET
       jira_id = excluded.jira_id, jira_name = excluded.jira_name, jira_type = excluded.jira_type, lead_account_id = excluded.lead_account_id,
       jira_at = excluded.jira_at, jira_deleted_at = excluded.jira_deleted_at,
       name = coalesce(p.file_name, excluded.jira_name)
     WHERE p.jira_at IS NULL OR excluded.jira_at > p.jira_at OR (excluded.jira_at = p.jira_at AND excluded.jira_deleted_at IS NOT NULL)`,
    [list.map((r) => r.key), list.map((r) => r.name), list.map((r) => r.jiraId), list.map((r) => r.type), list.map((r) => r.leadAccountId), list.map((r) => iso(r.at)), list.map((r) => r.deleted)],
  );
}
