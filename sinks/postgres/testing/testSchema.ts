/**
 * Test support: a PostgreSQL sink on the local stack in a schema of its own
 * (`switchyard_test_<random>`), created by init() and dropped after the test file, so test
 * files share the server without resetting it.
 */
import { afterAll, beforeAll } from 'vitest';
import { localStack } from '../../../config/endpoints.ts';
import { uniqueIdentifier } from '../../../test/support/names.ts';
import type { PostgresConfig } from '../config.ts';
import { postgresSink, type PostgresSink } from '../sink.ts';

export function localConfig(schema: string, teamsFile?: string): PostgresConfig {
  return { url: localStack.postgres.url, poolMax: 4, schema, teamsFile };
}

/** Registers its own setup and cleanup; read `.sink` inside tests. `init: false` leaves init() to the test. */
export function useTestSchema(options: { teamsFile?: string; init?: boolean } = {}): { readonly sink: PostgresSink } {
  const holder: { sink?: PostgresSink } = {};
  beforeAll(async () => {
    holder.sink = postgresSink(localConfig(uniqueIdentifier('switchyard_test'), options.teamsFile));
    if (options.init !== false) await holder.sink.init();
  });
  afterAll(async () => {
    if (!holder.sink) return;
    await holder.sink.pool.query(`DROP SCHEMA IF EXISTS ${holder.sink.schema} CASCADE`);
    await holder.sink.close();
  });
  return {
    get sink() {
      if (!holder.sink) throw new Error('useTestSchema: the sink exists only inside tests');
      return holder.sink;
    },
  };
}

const TABLES = ['users', 'identities', 'user_merges', 'teams', 'team_members', 'projects', 'project_owners', 'repositories', 'processed_events', 'developer_daily_activity', 'sprint_velocity', 'team_repositories', 'organization_members', 'repository_collaborators', 'github_removals', 'repository_renames', 'jira_issues', 'jira_worklogs'];

/** Every row of every table, in a stable order: two equal snapshots mean an identical store. */
export async function snapshot(sink: PostgresSink): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { rows } = await sink.pool.query(`SELECT * FROM ${table} t ORDER BY t::text`);
    result[table] = rows;
  }
  return result;
}

export async function countRows(sink: PostgresSink, table: string): Promise<number> {
  const { rows } = await sink.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}
