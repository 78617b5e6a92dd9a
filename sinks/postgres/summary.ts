/**
 * What the PostgreSQL store holds, in headline counts (Sink.summary): one statement of
 * `count(*)` subqueries. processed_events grows by one row per event, so its count is a scan of
 * its primary key: well under a second at millions of rows, and only run on demand.
 */
import { addressOf, type StoreSummary } from '../sink.ts';
import type { Queryable } from './queries.ts';

const COUNTED = {
  users: 'users',
  identities: 'identities',
  teams: 'teams',
  repositories: 'repositories',
  projects: 'projects',
  'processed events': 'processed_events',
  'daily activity rows': 'developer_daily_activity',
  sprints: 'sprint_velocity',
} as const;

export async function postgresSummary(db: Queryable, url: string, schema: string): Promise<StoreSummary> {
  const columns = Object.entries(COUNTED).map(([name, table], i) => `(SELECT count(*) FROM ${table})::int AS c${i}`);
  const { rows } = await db.query<Record<string, number>>(`SELECT ${columns.join(', ')}`);
  const row = rows[0] ?? {};
  return {
    rows: Object.fromEntries(Object.keys(COUNTED).map((name, i) => [name, Number(row[`c${i}`] ?? 0)])),
    where: `${addressOf(url)} (schema ${schema})`,
  };
}
