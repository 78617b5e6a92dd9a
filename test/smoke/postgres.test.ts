import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { uniqueIdentifier } from '../support/names.ts';

describe('PostgreSQL smoke', () => {
  const pool = new pg.Pool({ connectionString: localStack.postgres.url, max: 2 });
  const table = uniqueIdentifier('smoke');

  beforeAll(async () => {
    await pool.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text NOT NULL)`);
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  it('writes and reads back rows through pg, with parameters', async () => {
    await pool.query(`INSERT INTO ${table} (id, note) SELECT * FROM unnest($1::int[], $2::text[])`, [[1, 2], ['one', 'two']]);
    const { rows } = await pool.query<{ id: number; note: string }>(`SELECT id, note FROM ${table} ORDER BY id`);
    expect(rows).toEqual([{ id: 1, note: 'one' }, { id: 2, note: 'two' }]);
  });

  it('is the switchyard database on a PostgreSQL the project supports', async () => {
    const { rows } = await pool.query<{ db: string; version: number }>(
      `SELECT current_database() AS db, current_setting('server_version_num')::int AS version`,
    );
    expect(rows[0]?.db).toBe('switchyard');
    expect(rows[0]?.version).toBeGreaterThanOrEqual(150000);
  });
});
