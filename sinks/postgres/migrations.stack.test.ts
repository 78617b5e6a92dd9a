import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { countRows, useTestSchema } from './testing/testSchema.ts';

describe('postgres migrations', () => {
  const db = useTestSchema({ init: false });

  it('two workers starting at once: both succeed, each migration runs once (advisory lock)', async () => {
    await Promise.all([db.sink.init(), db.sink.init()]);
    const { rows } = await db.sink.pool.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual([
      '1767225600000_entities', '1767225600001_activity', '1767225600002_github_teams', '1767225600003_repository_names', '1767225600004_jira_worklogs', '1767225600005_jira_sprints_projects', '1767225600006_identity_name_time',
    ]);
  });

  it('applying them again does nothing and keeps the data', async () => {
    await db.sink.pool.query("INSERT INTO projects (key, name) VALUES ('KEEP', 'kept')");
    await db.sink.init();
    const client = await db.sink.pool.connect();
    try {
      expect(await migrate(client, db.sink.schema)).toEqual([]);
    } finally {
      client.release();
    }
    expect(await countRows(db.sink, 'pgmigrations')).toBe(7);
    expect(await countRows(db.sink, 'projects')).toBe(1);
  });

  it('creates the tables in the configured schema only', async () => {
    const { rows } = await db.sink.pool.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [db.sink.schema]);
    expect(rows.map((r) => r.table_name)).toEqual([
      'developer_daily_activity', 'github_removals', 'identities', 'jira_issues', 'jira_worklogs', 'organization_members', 'pgmigrations', 'processed_events', 'project_owners', 'projects',
      'repositories', 'repository_collaborators', 'repository_former_names', 'repository_renames', 'sprint_velocity', 'team_members', 'team_repositories', 'teams', 'user_merges', 'users',
    ]);
  });
});
