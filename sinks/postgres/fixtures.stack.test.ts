/**
 * Every fixture of every source, as PostgreSQL keeps it: the events written one by one in the
 * order the fixtures sort, one by one in reverse, and in one batch, each into a schema of its
 * own. The three stores hold the same people, teams, projects, sprints, repositories and
 * worklogs, and the audit finds every event in each. The fixtures hold every kind the sources read
 * and contradict each other as real histories do (a team created, renamed, deleted; a member
 * added and removed; a worklog created, updated, deleted).
 *
 * Ids PostgreSQL hands out (users, teams) depend on the order rows arrive, so the comparison
 * names a user by its smallest identity key and a team by its name; times of writing (created_at,
 * processed_at) and the merge log are bookkeeping, not state, and are left out. So is a user's
 * own display name: the first name a user is given stays (identities.ts), so it is whichever
 * sighting came first; its identities' names follow their newest sighting and are compared.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { distinctEvents, fixtureEvents, sameMillisecondDeliveries } from '../testing/fixtureEvents.ts';
import { auditPostgres } from './audit.ts';
import { postgresSink, type PostgresSink } from './sink.ts';
import { localConfig, snapshot } from './testing/testSchema.ts';

const BOOKKEEPING = new Set(['created_at', 'processed_at', 'merged_at']);


/** The store with its handed-out ids named by what they stand for, each table's rows sorted. */
async function canonical(sink: PostgresSink): Promise<Record<string, string[]>> {
  const tables = await snapshot(sink);
  const userName = new Map<string, string>();
  for (const row of tables.identities as { user_id: string; source: string; external_id: string }[]) {
    const key = `${row.source}:${row.external_id}`;
    const held = userName.get(String(row.user_id));
    if (held === undefined || key < held) userName.set(String(row.user_id), key);
  }
  const teamName = new Map((tables.teams as { id: string; name: string }[]).map((t) => [String(t.id), t.name]));
  const named = (table: string, column: string, value: unknown): unknown => {
    if (value === null) return null;
    if ((table === 'users' && column === 'id') || column === 'user_id') return `user ${userName.get(String(value)) ?? '(no identity)'}`;
    if ((table === 'teams' && column === 'id') || column === 'team_id') return `team ${teamName.get(String(value))}`;
    return value;
  };
  const result: Record<string, string[]> = {};
  const compared = (table: string, column: string) => !BOOKKEEPING.has(column) && !(table === 'users' && column === 'display_name');
  for (const [table, rows] of Object.entries(tables)) {
    if (table === 'user_merges') continue;
    result[table] = (rows as Record<string, unknown>[])
      .map((row) => JSON.stringify(Object.entries(row).filter(([column]) => compared(table, column)).map(([column, value]) => [column, named(table, column, value)])))
      .sort();
  }
  return result;
}

describe('every fixture in PostgreSQL', () => {
  const sinks: PostgresSink[] = [];
  afterAll(async () => {
    for (const sink of sinks) {
      await sink.pool.query(`DROP SCHEMA IF EXISTS ${sink.schema} CASCADE`);
      await sink.close();
    }
  });

  async function storeOf(batches: readonly (readonly EngEvent[])[]): Promise<PostgresSink> {
    const sink = postgresSink(localConfig(uniqueIdentifier('switchyard_test')));
    sinks.push(sink);
    await sink.init();
    for (const batch of batches) await sink.write(batch);
    return sink;
  }

  it('is the same store however the events are ordered or batched, and the audit finds each', { timeout: 120_000 }, async () => {
    const events = fixtureEvents();
    const distinct = distinctEvents(events);

    const forward = await storeOf(events.map((e) => [e]));
    const backward = await storeOf([...events].reverse().map((e) => [e]));
    const together = await storeOf([events]);

    const expected = await canonical(forward);
    for (const table of ['identities', 'teams', 'projects', 'sprint_velocity', 'repositories', 'jira_issues', 'jira_worklogs']) expect(expected[table]!.length, table).toBeGreaterThan(0);
    expect(await canonical(backward)).toEqual(expected);
    expect(await canonical(together)).toEqual(expected);
    for (const sink of [forward, backward, together]) {
      const audit = await auditPostgres(sink.pool, distinct);
      expect(audit, audit.details.join('\n')).toMatchObject({ ok: true, missing: 0 });
    }
  });

  it('at the same millisecond a removal or a deletion wins, whatever order or batch', async () => {
    const { events, orders } = sameMillisecondDeliveries();
    for (const batches of orders) {
      const sink = await storeOf(batches);
      const { rows } = await sink.pool.query(
        `SELECT t.name, t.github_deleted_at IS NOT NULL AS deleted, count(m.user_id)::int AS members
           FROM teams t LEFT JOIN team_members m ON m.team_id = t.id WHERE t.github_id = 400 GROUP BY t.id`,
      );
      expect(rows, JSON.stringify(batches.map((b) => b.map((e) => e.type)))).toEqual([{ name: 'Contested Renamed', deleted: true, members: 0 }]);
      expect((await auditPostgres(sink.pool, events)).ok).toBe(true);
    }
  });
});
