/**
 * The pgvector adapter: the VectorStore in PostgreSQL with the pgvector extension (self-hosted, or
 * Aurora, which supports it), through a one-method `SqlClient` that `pg.Pool` and PGlite both
 * satisfy, so tests run the real extension in-process.
 *
 * One table per namespace (`vectors_developer_profiles`, `vectors_project_docs`) rather than one
 * table with a namespace column: an HNSW index answers "nearest in this namespace" directly,
 * where a shared index would find the nearest of all namespaces and filter afterwards, returning
 * fewer than topK unless iterative scans are switched on per session — which a pool cannot promise.
 * Each table has an HNSW index with cosine distance (`vector_cosine_ops`), queried with `<=>`;
 * `score` is 1 − distance, cosine similarity as Pinecone reports it.
 *
 * Every statement is one round trip with its rows as one JSON parameter (no per-row statements,
 * no array-literal encoding that differs between drivers). Pinecone's limits are not pgvector's:
 * only the dimension (the table's) and id length (≤ 512, the same as Pinecone so ids move
 * between the stores) are checked.
 */
import { messageOf } from '../../operators/errors.ts';
import { classifyPostgres, sqlStateOf } from '../postgres/errors.ts';
import { VECTOR_ERROR_CODES, VectorStoreError } from './errors.ts';
import { chunk } from './limits.ts';
import type { Metadata, StoreDescription, VectorMatch, VectorRecord, VectorStore } from './store.ts';

/** What the adapter needs of a PostgreSQL client: `pg.Pool`, `pg.Client` and PGlite all have it. */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<{ readonly rows: readonly unknown[] }>;
}

export interface PgvectorStoreOptions {
  readonly sql: SqlClient;
  /** The vectors' dimension: the embedder's. */
  readonly dimension: number;
  /** The namespaces to create tables for at init; a write to another is refused. */
  readonly namespaces: readonly string[];
  /** Table name prefix (`vectors_` gives `vectors_developer_profiles`). */
  readonly tablePrefix?: string;
  /** Called by `close`, e.g. `() => pool.end()`; the client's owner closes it otherwise. */
  readonly onClose?: () => Promise<void>;
}

/** Rows per statement: keeps one statement's JSON parameter to a few MB. */
const ROWS_PER_STATEMENT = 500;
const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

export function pgvectorStore(options: PgvectorStoreOptions): VectorStore {
  const prefix = options.tablePrefix ?? 'vectors_';
  const tables = new Map<string, string>();
  for (const namespace of options.namespaces) {
    const table = `${prefix}${namespace}`;
    if (!IDENTIFIER.test(table) || table.length > 63) throw new Error(`pgvector: namespace ${JSON.stringify(namespace)} does not make a table name (lower-case letters, digits, _; at most 63 long)`);
    tables.set(namespace, table);
  }
  const tableOf = (namespace: string): string => {
    const table = tables.get(namespace);
    if (!table) throw new VectorStoreError(`pgvector: unknown namespace ${JSON.stringify(namespace)}; known: ${[...tables.keys()].join(', ')}`, VECTOR_ERROR_CODES.store, { retriable: false });
    return table;
  };
  const run = async (what: string, sql: string, params: unknown[] = []) => {
    try {
      return (await options.sql.query(sql, params)).rows as readonly Record<string, unknown>[];
    } catch (error) {
      throw toVectorStoreError(what, error);
    }
  };

  return {
    kind: 'pgvector',

    async init() {
      await run('create extension', 'CREATE EXTENSION IF NOT EXISTS vector');
      for (const table of tables.values()) {
        await run(
          `create ${table}`,
          `CREATE TABLE IF NOT EXISTS ${table} (
             id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 512),
             embedding vector(${options.dimension}) NOT NULL,
             metadata jsonb NOT NULL DEFAULT '{}'::jsonb
           )`,
        );
        await run(`index ${table}`, `CREATE INDEX IF NOT EXISTS ${table}_embedding_hnsw ON ${table} USING hnsw (embedding vector_cosine_ops)`);
        const [column] = await run(`check ${table}`, `SELECT atttypmod AS dimension FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'embedding'`, [table]);
        if (column?.dimension !== options.dimension) {
          throw new VectorStoreError(
            `pgvector: table ${table} holds vectors of dimension ${String(column?.dimension)} but the embedder makes ${options.dimension}: drop the table to re-embed, or configure the embedder it was made with (EMBEDDINGS)`,
            VECTOR_ERROR_CODES.store,
            { retriable: false },
          );
        }
      }
    },

    async upsert(namespace, records) {
      const table = tableOf(namespace);
      for (const record of records) checkRecord(record, options.dimension);
      // ON CONFLICT cannot touch one row twice in a statement: the last record of an id wins, as it would one by one.
      const unique = [...new Map(records.map((r) => [r.id, r])).values()];
      for (const part of chunk(unique, ROWS_PER_STATEMENT)) {
        const rows = part.map((r) => ({ id: r.id, embedding: JSON.stringify(r.values), metadata: r.metadata }));
        await run(
          `upsert into ${table}`,
          `INSERT INTO ${table} (id, embedding, metadata)
           SELECT r.id, r.embedding::vector, r.metadata FROM jsonb_to_recordset($1::jsonb) AS r(id text, embedding text, metadata jsonb)
           ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata`,
          [JSON.stringify(rows)],
        );
      }
    },

    async fetch(namespace, ids) {
      const table = tableOf(namespace);
      const found = new Map<string, VectorRecord>();
      for (const part of chunk(ids, ROWS_PER_STATEMENT)) {
        const rows = await run(
          `fetch from ${table}`,
          `SELECT id, embedding::text AS embedding, metadata FROM ${table} WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
          [JSON.stringify(part)],
        );
        for (const row of rows) found.set(String(row.id), { id: String(row.id), values: JSON.parse(String(row.embedding)) as number[], metadata: row.metadata as Metadata });
      }
      return found;
    },

    async delete(namespace, ids) {
      const table = tableOf(namespace);
      for (const part of chunk(ids, ROWS_PER_STATEMENT)) {
        await run(`delete from ${table}`, `DELETE FROM ${table} WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`, [JSON.stringify(part)]);
      }
    },

    async query(namespace, vector, topK): Promise<VectorMatch[]> {
      const table = tableOf(namespace);
      if (vector.length !== options.dimension) throw dimensionError('query vector', vector.length, options.dimension);
      const rows = await run(
        `query ${table}`,
        `SELECT id, metadata, 1 - (embedding <=> $1::vector) AS score FROM ${table} ORDER BY embedding <=> $1::vector, id LIMIT $2`,
        [JSON.stringify(vector), topK],
      );
      return rows.map((row) => ({ id: String(row.id), score: Number(row.score), metadata: row.metadata as Metadata }));
    },

    async describe(): Promise<StoreDescription> {
      const [versions] = await run('describe', `SELECT current_setting('server_version') AS server, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS vector`);
      const namespaces: Record<string, number> = {};
      for (const [namespace, table] of tables) {
        const [count] = await run(`count ${table}`, `SELECT count(*)::int AS n FROM ${table}`);
        namespaces[namespace] = Number(count?.n ?? 0);
      }
      return { kind: 'pgvector', dimension: options.dimension, namespaces, version: `PostgreSQL ${String(versions?.server)}, pgvector ${String(versions?.vector)}` };
    },

    async close() {
      await options.onClose?.();
    },
  };
}

function checkRecord(record: VectorRecord, dimension: number): void {
  if (record.id.length === 0 || record.id.length > 512) {
    throw new VectorStoreError(`record ${JSON.stringify(record.id.slice(0, 64))} refused: ids are 1 to 512 characters`, VECTOR_ERROR_CODES.limit, { retriable: false, recordId: record.id });
  }
  if (record.values.length !== dimension) throw dimensionError(`record ${JSON.stringify(record.id)}`, record.values.length, dimension, record.id);
}

function dimensionError(what: string, actual: number, expected: number, recordId?: string): VectorStoreError {
  return new VectorStoreError(`${what} has dimension ${actual}, the table ${expected}`, VECTOR_ERROR_CODES.limit, { retriable: false, ...(recordId === undefined ? {} : { recordId }) });
}

/** PostgreSQL's SQLSTATE says what a failure means for the record, as for the PostgreSQL sink (postgres/errors.ts). */
export function toVectorStoreError(what: string, error: unknown): VectorStoreError {
  const code = sqlStateOf(error);
  const classification = classifyPostgres(error);
  return new VectorStoreError(`pgvector ${what} failed${code ? ` (SQLSTATE ${code})` : ''}: ${messageOf(error)}`, VECTOR_ERROR_CODES.store, { retriable: classification !== 'permanent', classification, cause: error });
}
