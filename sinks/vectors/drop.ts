/**
 * Removes a run's corner of the vector store (chaos, bench): its pgvector tables, one per
 * namespace under its table prefix. A run never writes Pinecone (its isolation sets
 * VECTOR_STORE=pgvector), so there is nothing to drop there. The default prefix is a deployment's
 * own tables, so dropping under it is refused.
 */
import pg from 'pg';
import { applicationName, watchClient } from '../postgres/connectionErrors.ts';
import type { VectorConfig } from './config.ts';
import { VECTOR_ERROR_CODES, VectorStoreError } from './errors.ts';
import { NAMESPACES } from './store.ts';

/** The prefix a deployment's own tables have (config.ts's default). */
const DEPLOYMENT_PREFIX = 'vectors_';

export async function dropTables(config: VectorConfig): Promise<void> {
  if (config.store.kind !== 'pgvector') return;
  const { url, tablePrefix } = config.store;
  if (tablePrefix === DEPLOYMENT_PREFIX) {
    throw new VectorStoreError(`refusing to drop the ${DEPLOYMENT_PREFIX}* tables: PGVECTOR_TABLE_PREFIX is the deployment's own`, VECTOR_ERROR_CODES.store, { retriable: false });
  }
  const client = watchClient(new pg.Client({ connectionString: url, fallback_application_name: applicationName('drop vector tables') }), 'pgvector drop tables');
  await client.connect();
  try {
    // The prefix is a checked identifier (config.ts), and so are the namespaces.
    for (const namespace of Object.values(NAMESPACES)) await client.query(`DROP TABLE IF EXISTS "${tablePrefix}${namespace}"`);
  } finally {
    await client.end();
  }
}
