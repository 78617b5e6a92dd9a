/**
 * The batch's statements: one multi-row statement per table (arrays through `unnest`), never a
 * statement per row, each taking that table's rows (rows.ts) of the whole batch. Rows are merged
 * in memory first, because one INSERT … ON CONFLICT DO UPDATE may not touch the same row twice.
 */
import type pg from 'pg';
import { userOf, type UserId } from './identities.ts';
import { COUNTERS, type ActivityRow, type Counter, type RowOf } from './rows.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export async function upsertRepositories(client: pg.ClientBase, rows: readonly RowOf<'repositories'>[]): Promise<void> {
  const seen = new Map<string, { first: number; last: number }>();
  for (const { fullName: name, seenAt } of rows) {
    const s = seen.get(name);
    seen.set(name, { first: Math.min(s?.first ?? seenAt, seenAt), last: Math.max(s?.last ?? seenAt, seenAt) });
  }
  if (seen.size === 0) return;
  const names = [...seen.keys()];
  await client.query(
    `INSERT INTO repositories AS r (full_name, owner, name, first_seen_at, last_seen_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
     ON CONFLICT (full_name) DO UPDATE SET first_seen_at = least(r.first_seen_at, excluded.first_seen_at), last_seen_at = greatest(r.last_seen_at, excluded.last_seen_at)`,
    [names, names.map((n) => n.split('/', 1)[0]!), names.map((n) => n.slice(n.indexOf('/') + 1)), names.map((n) => iso(seen.get(n)!.first)), names.map((n) => iso(seen.get(n)!.last))],
  );
}

/** Project keys only: names come from the teams file. */
export async function upsertProjects(client: pg.ClientBase, rows: readonly RowOf<'projects'>[]): Promise<void> {
  const keys = [...new Set(rows.map((row) => row.key))];
  if (keys.length === 0) return;
  await client.query('INSERT INTO projects (key) SELECT unnest($1::text[]) ON CONFLICT (key) DO NOTHING', [keys]);
}

/**
 * Claims the batch's event ids in `processed_events`; returns the ids no earlier write claimed.
 * Run in the transaction that increments the counters: if that transaction fails, the claim is
 * rolled back with it and the retry counts the events once.
 */
export async function claimEvents(client: pg.ClientBase, rows: readonly RowOf<'processed_events'>[]): Promise<Set<string>> {
  const claimed = await client.query<{ event_id: string }>(
    'INSERT INTO processed_events (event_id, type) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
    [rows.map((r) => r.eventId), rows.map((r) => r.kind)],
  );
  return new Set(claimed.rows.map((r) => r.event_id));
}

/** Adds the counter bumps of the events claimed now, summed per (user, day) in memory, in one statement. */
export async function incrementActivity(client: pg.ClientBase, bumps: readonly ActivityRow[], users: ReadonlyMap<string, UserId>): Promise<void> {
  const totals = new Map<string, { user: UserId; day: string; counts: Record<Counter, number> }>();
  for (const bump of bumps) {
    const user = userOf(bump.who, users);
    if (user === undefined) continue;
    const id = `${user}|${bump.day}`;
    const total = totals.get(id) ?? { user, day: bump.day, counts: { commits: 0, prs_opened: 0, prs_merged: 0, reviews: 0, issues_completed: 0 } };
    total.counts[bump.counter] += 1;
    totals.set(id, total);
  }
  if (totals.size === 0) return;
  const rows = [...totals.values()];
  await client.query(
    `INSERT INTO developer_daily_activity AS d (user_id, day, ${COUNTERS.join(', ')})
     SELECT * FROM unnest($1::bigint[], $2::date[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[])
     ON CONFLICT (user_id, day) DO UPDATE SET ${COUNTERS.map((c) => `${c} = d.${c} + excluded.${c}`).join(', ')}`,
    [rows.map((r) => r.user), rows.map((r) => r.day), ...COUNTERS.map((c) => rows.map((r) => r.counts[c]))],
  );
}
