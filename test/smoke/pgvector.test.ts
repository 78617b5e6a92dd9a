import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { uniqueIdentifier } from '../support/names.ts';

describe('pgvector smoke', () => {
  // One connection: the local stack's pgvector is PGlite, one session that clients take turns on.
  const pool = new pg.Pool({ connectionString: localStack.pgvector.url, max: 1 });
  const table = uniqueIdentifier('smoke');

  beforeAll(async () => {
    await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
    await pool.query(`CREATE TABLE ${table} (id int PRIMARY KEY, embedding vector(3) NOT NULL)`);
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  it('orders rows by Euclidean distance with <->, through pg with parameters', async () => {
    await pool.query(`INSERT INTO ${table} (id, embedding) SELECT * FROM unnest($1::int[], $2::vector[])`, [
      [1, 2, 3, 4],
      ['[1,0,0]', '[0,1,0]', '[0,0,1]', '[0.9,0.1,0]'],
    ]);
    const { rows } = await pool.query<{ id: number; distance: number }>(
      `SELECT id, embedding <-> $1::vector AS distance FROM ${table} ORDER BY embedding <-> $1::vector LIMIT 3`,
      ['[1,0.05,0]'],
    );
    expect(rows.map((r) => r.id)).toEqual([1, 4, 2]);
    expect(rows[0]!.distance).toBeCloseTo(0.05, 5);
    expect(rows[1]!.distance).toBeLessThan(rows[2]!.distance);
  });

  it('builds an HNSW index and answers a nearest-neighbour query through it', async () => {
    await pool.query(`CREATE INDEX ${table}_hnsw ON ${table} USING hnsw (embedding vector_cosine_ops)`);
    const { rows: indexes } = await pool.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE tablename = $1', [table]);
    expect(indexes.map((i) => i.indexdef)).toContainEqual(expect.stringMatching(/USING hnsw \(embedding vector_cosine_ops\)/));
    const { rows } = await pool.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY embedding <=> $1::vector LIMIT 1`, ['[0,0,2]']);
    expect(rows).toEqual([{ id: 3 }]);
  });

  it('is PostgreSQL with the pgvector extension, version 0.5 or newer (HNSW)', async () => {
    const { rows } = await pool.query<{ version: number; extversion: string }>(
      `SELECT current_setting('server_version_num')::int AS version, extversion FROM pg_extension WHERE extname = 'vector'`,
    );
    expect(rows[0]?.version).toBeGreaterThanOrEqual(150000);
    const [major, minor] = (rows[0]?.extversion ?? '0.0').split('.').map(Number);
    expect(major! > 0 || minor! >= 5).toBe(true);
  });
});
