/** The pgvector adapter against the local stack's pgvector service, over the wire through pg.Pool. */
import pg from 'pg';
import { describe, expect, onTestFinished, test } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { pgvectorStore } from './pgvector.ts';

describe('pgvectorStore', () => {
  test('runs the same against the local stack’s pgvector service, over the wire through pg.Pool', async () => {
    // Pool of one, as PGVECTOR_POOL_MAX defaults to: the service is PGlite, one session.
    const pool = new pg.Pool({ connectionString: localStack.pgvector.url, max: 1 });
    const tablePrefix = `${uniqueIdentifier('t')}_`;
    const store = pgvectorStore({ sql: pool, dimension: 3, namespaces: ['developer_profiles', 'project_docs'], tablePrefix, onClose: () => pool.end() });
    onTestFinished(async () => {
      await pool.query(`DROP TABLE IF EXISTS ${tablePrefix}developer_profiles, ${tablePrefix}project_docs`);
      await store.close();
    });
    await store.init();
    await store.upsert('developer_profiles', [
      { id: 'ada', values: [1, 0, 0], metadata: { name: 'Ada' } },
      { id: 'bob', values: [0, 1, 0], metadata: { name: 'Bob' } },
      { id: 'cy', values: [0.7, 0.7, 0], metadata: { name: 'Cy' } },
    ]);
    const matches = await store.query('developer_profiles', [0.9, 0.2, 0], 2);
    expect(matches.map((m) => m.id)).toEqual(['ada', 'cy']);
    expect(matches[0]!.metadata).toEqual({ name: 'Ada' });
    expect(await store.describe()).toMatchObject({ kind: 'pgvector', dimension: 3, namespaces: { developer_profiles: 3, project_docs: 0 }, version: expect.stringMatching(/pgvector \d+\.\d+/) });
  });
});
