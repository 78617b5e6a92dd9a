/**
 * Jira sprints in `sprint_velocity`, one row per sprint, from every event that tells of one:
 * issues name it (name, project), lifecycle webhooks (sprint.created, .started, .updated,
 * .deleted) and sprint.closed give the sprint as it is after each change.
 *
 * Replay-exact, in any order. A row from a lifecycle event carries `changedAt`, its webhook time:
 * - name, board and dates follow the newest lifecycle event (an older one replayed later only
 *   fills what is still empty; an issue's sighting, which has no time, fills gaps too once any
 *   lifecycle event is known, and before that follows the latest, as it always has);
 * - `state` only moves forward, future → active → closed, whatever order events come in: Jira
 *   never takes a sprint back (a started sprint cannot be future again), so the furthest state
 *   seen is the state;
 * - a deleted sprint is marked (`deleted_at`), not removed: its issues' events still name it and
 *   would bring a removed row back, and velocityOf leaves deleted sprints out;
 * - points and completion come from sprint.closed; a null never replaces a value.
 */
import type pg from 'pg';
import type { RowOf, SprintRow } from './rows.ts';

const RANK: Readonly<Record<string, number>> = { future: 1, active: 2, closed: 3 };
const rank = (state: string | null | undefined): number => (state ? (RANK[state] ?? 0) : 0);

/** Whether `row` tells what is current over `before` (see above). */
function newer(row: SprintRow, before: SprintRow): boolean {
  const at = row.changedAt ?? null;
  const was = before.changedAt ?? null;
  return at === null ? was === null : was === null || at >= was;
}

const COLUMNS = ['name', 'boardId', 'projectKey', 'startAt', 'endAt', 'completedAt', 'committedPoints', 'completedPoints', 'committedIssues', 'completedIssues'] as const;

/** Two rows of one sprint as one, by the rules above: what the SQL below does to a stored row. */
export function mergeSprint(before: SprintRow, row: SprintRow): SprintRow {
  const first = newer(row, before) ? row : before;
  const second = first === row ? before : row;
  const merged: Record<string, unknown> = { sprintId: row.sprintId };
  for (const c of COLUMNS) merged[c] = first[c] ?? second[c];
  merged.state = rank(row.state) >= rank(before.state) ? (row.state ?? before.state ?? null) : (before.state ?? null);
  merged.changedAt = maxOf(row.changedAt, before.changedAt);
  merged.deletedAt = maxOf(row.deletedAt, before.deletedAt);
  return merged as unknown as SprintRow;
}

function maxOf(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined) return b ?? null;
  return b === null || b === undefined ? a : Math.max(a, b);
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

const SQL_COLUMNS = ['name', 'board_id', 'project_key', 'start_at', 'end_at', 'completed_at', 'committed_points', 'completed_points', 'committed_issues', 'completed_issues'];
const NEWER = '(CASE WHEN excluded.changed_at IS NULL THEN s.changed_at IS NULL ELSE s.changed_at IS NULL OR excluded.changed_at >= s.changed_at END)';
const sqlRank = (state: string) => `coalesce(array_position(ARRAY['future', 'active', 'closed'], ${state}), 0)`;

export async function upsertSprints(client: pg.ClientBase, rows: readonly RowOf<'sprint_velocity'>[]): Promise<void> {
  const sprints = new Map<number, SprintRow>();
  for (const { sprint: row } of rows) {
    const before = sprints.get(row.sprintId);
    sprints.set(row.sprintId, before === undefined ? row : mergeSprint(before, row));
  }
  if (sprints.size === 0) return;
  const merged = [...sprints.values()];
  await client.query(
    `INSERT INTO sprint_velocity AS s (sprint_id, ${SQL_COLUMNS.join(', ')}, state, changed_at, deleted_at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::numeric[], $9::numeric[], $10::int[], $11::int[],
                          $12::text[], $13::timestamptz[], $14::timestamptz[])
     ON CONFLICT (sprint_id) DO UPDATE SET
       ${SQL_COLUMNS.map((c) => `${c} = CASE WHEN ${NEWER} THEN coalesce(excluded.${c}, s.${c}) ELSE coalesce(s.${c}, excluded.${c}) END`).join(',\n       ')},
       state = CASE WHEN ${sqlRank('excluded.state')} >= ${sqlRank('s.state')} THEN coalesce(excluded.state, s.state) ELSE s.state END,
       changed_at = greatest(s.changed_at, excluded.changed_at),
       deleted_at = greatest(s.deleted_at, excluded.deleted_at)`,
    [
      merged.map((r) => r.sprintId),
      merged.map((r) => r.name),
      merged.map((r) => r.boardId),
      merged.map((r) => r.projectKey),
      merged.map((r) => iso(r.startAt)),
      merged.map((r) => iso(r.endAt)),
      merged.map((r) => iso(r.completedAt)),
      merged.map((r) => r.committedPoints),
      merged.map((r) => r.completedPoints),
      merged.map((r) => r.committedIssues),
      merged.map((r) => r.completedIssues),
      merged.map((r) => r.state ?? null),
      merged.map((r) => iso(r.changedAt)),
      merged.map((r) => iso(r.deletedAt)),
    ],
  );
}

/** What a lifecycle event (sprint.created, .started, .updated, .deleted) tells of its sprint. */
export function sprintOfLifecycle(
  sprint: { readonly sprintId: number; readonly name: string; readonly state: string; readonly boardId: number | null; readonly startAt: number | null; readonly endAt: number | null; readonly completedAt: number | null },
  at: number,
  deleted: boolean,
): SprintRow {
  return {
    sprintId: sprint.sprintId,
    name: sprint.name,
    boardId: sprint.boardId,
    projectKey: null,
    startAt: sprint.startAt,
    endAt: sprint.endAt,
    completedAt: sprint.completedAt,
    committedPoints: null,
    completedPoints: null,
    committedIssues: null,
    completedIssues: null,
    state: sprint.state,
    changedAt: at,
    deletedAt: deleted ? at : null,
  };
}
