/** A run's pgvector tables, made and dropped, in the local stack's pgvector. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { readSection } from '../../config/spec.ts';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { vectorStore } from './index.ts';
import { pgvectorStore } from './pgvector.ts';
import { NAMESPACES } from './store.ts';

describe('vectorStore isolation', () => {
  it('drops a run’s tables, and refuses the deployment’s own', async () => {
    const tablePrefix = `${uniqueIdentifier('drop')}_`;
    const config = readSection(vectorStore.config, { PGVECTOR_TABLE_PREFIX: tablePrefix });
    const pool = new pg.Pool({ connectionString: localStack.pgvector.url, max: 1 });
    const tables = async () => (await pool.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE tablename LIKE $1 ORDER BY tablename', [`${tablePrefix}%`])).rows.map((r) => r.tablename);
    try {
      await pgvectorStore({ sql: pool, dimension: 3, namespaces: Object.values(NAMESPACES), tablePrefix }).init();
      expect(await tables()).toEqual([`${tablePrefix}developer_profiles`, `${tablePrefix}project_docs`, `${tablePrefix}project_docs_trash`]);
      await vectorStore.isolation.drop(config);
      expect(await tables()).toEqual([]);
      await expect(vectorStore.isolation.drop(readSection(vectorStore.config, {}))).rejects.toThrow(/refusing to drop the vectors_\* tables/);
    } finally {
      await pool.end();
    }
  });
});
