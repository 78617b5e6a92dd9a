/** The pgvector adapter against PGlite: real PostgreSQL 18 with real pgvector 0.8, in-process (pgvector.stack.test.ts: over the wire). */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { VectorStoreError } from './errors.ts';
import { pgvectorStore, toVectorStoreError } from './pgvector.ts';
import type { SqlClient } from './pgvector.ts';

const db = new PGlite({ extensions: { vector } });
afterAll(() => db.close());
let n = 0;
const fresh = (dimension = 3) => {
  const tablePrefix = `p${++n}_`;
  return { tablePrefix, store: pgvectorStore({ sql: db, dimension, namespaces: ['developer_profiles', 'project_docs'], tablePrefix }) };
};

describe('pgvectorStore', () => {
  test('pg.Pool and PGlite are both SqlClients', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const clients: SqlClient[] = [db, pool];
    expect(clients).toHaveLength(2);
    await pool.end();
  });

  test('init is idempotent and makes a table per namespace with an HNSW cosine index', async () => {
    const { store, tablePrefix } = fresh();
    await store.init();
    await store.init();
    const { rows } = await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%hnsw%'`, [`${tablePrefix}project_docs`]);
    expect(rows[0]?.indexdef).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
    expect(await store.describe()).toMatchObject({ kind: 'pgvector', dimension: 3, namespaces: { developer_profiles: 0, project_docs: 0 }, version: expect.stringMatching(/^PostgreSQL 18.*pgvector 0\.8\.7$/) });
  });

  test('upserts on conflict, fetches, queries by cosine, deletes', async () => {
    const { store } = fresh();
    await store.init();
    await store.upsert('project_docs', [
      { id: 'a', values: [1, 0, 0], metadata: { title: 'old' } },
      { id: 'b', values: [0.6, 0.8, 0], metadata: { title: 'B', tags: ['x', 'y'] } },
      { id: 'a', values: [1, 0, 0], metadata: { title: 'A' } },
    ]);
    await store.upsert('project_docs', [{ id: 'c', values: [0, 0, 1], metadata: {} }]);
    const matches = await store.query('project_docs', [1, 0.1, 0], 2);
    expect(matches.map((m) => m.id)).toEqual(['a', 'b']);
    expect(matches[0]!.metadata).toEqual({ title: 'A' });
    expect(matches[0]!.score).toBeCloseTo(0.995, 3);
    const fetched = await store.fetch('project_docs', ['b', 'zz']);
    expect([...fetched.values()]).toEqual([{ id: 'b', values: [0.6, 0.8, 0], metadata: { title: 'B', tags: ['x', 'y'] } }]);
    await store.delete('project_docs', ['a', 'nope']);
    expect((await store.describe()).namespaces).toEqual({ developer_profiles: 0, project_docs: 2 });
  });

  test('refuses a table made for another dimension, naming both', async () => {
    const { store, tablePrefix } = fresh(3);
    await store.init();
    const other = pgvectorStore({ sql: db, dimension: 384, namespaces: ['project_docs'], tablePrefix });
    const error = await other.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VectorStoreError);
    expect((error as VectorStoreError).message).toMatch(/holds vectors of dimension 3 but the embedder makes 384/);
  });

  test('refuses a record of the wrong dimension or an unknown namespace, permanently', async () => {
    const { store } = fresh();
    await store.init();
    await expect(store.upsert('project_docs', [{ id: 'short', values: [1, 0], metadata: {} }])).rejects.toMatchObject({ retriable: false, recordId: 'short' });
    await expect(store.upsert('elsewhere', [])).rejects.toMatchObject({ retriable: false });
  });

  test('SQLSTATE decides retrying: connection and resource errors retry, data errors do not', () => {
    expect(toVectorStoreError('x', Object.assign(new Error('gone'), { code: '08006' })).retriable).toBe(true);
    expect(toVectorStoreError('x', Object.assign(new Error('deadlock'), { code: '40P01' })).retriable).toBe(true);
    expect(toVectorStoreError('x', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).retriable).toBe(true);
    expect(toVectorStoreError('x', Object.assign(new Error('bad'), { code: '22P02' })).retriable).toBe(false);
  });
});
