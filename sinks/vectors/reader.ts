/**
 * The access layer's read side of the vector store (access/): a `Reader` (queries.ts) whose store
 * answers only the served namespaces, never more than `limits.maxTopK` neighbours, and refuses
 * every write before it is sent. Never the sink's store: its own pool or client.
 *
 * pgvector: a separate pool as small as the writer's (PGVECTOR_POOL_MAX, 1 on the local stack's
 * PGlite, at most 8), every statement in the extended protocol (extendedSql.ts: one statement per
 * message, so `COMMIT; DELETE …` can never ride along), no transaction around the one-statement
 * kNN (on PGlite a transaction holds the only session across round trips, the sink's writer
 * waiting behind it), and pg's client-side `query_timeout`. PGlite has no roles and enforces no
 * statement_timeout (README "Read side"): the timeout frees our connection, the server finishes
 * the query anyway, so a timeout is a 504, never "stopped". It connects with PGVECTOR_URL, the
 * sink's principal: no reader role setting exists yet (README "Read side").
 *
 * Pinecone: PINECONE_READER_API_KEY, a ReadOnly data-plane key, when set; otherwise the writer's
 * key, which can write, and `warnings` says so.
 */
import pg from 'pg';
import type { AccessLimits } from '../../access/question.ts';
import { AccessError } from '../../access/errors.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { applicationName, watchPool } from '../postgres/connectionErrors.ts';
import type { OpenReader, ReaderWarning } from '../store.ts';
import type { VectorConfig } from './config.ts';
import { embedderFor, storeFor } from './connect.ts';
import { extendedSql } from './extendedSql.ts';
import { pgvectorStore } from './pgvector.ts';
import type { Reader } from './queries.ts';
import { NAMESPACES, type VectorStore } from './store.ts';

/** The namespaces questions may read; the trash of deleted pages (project_docs_trash) is never served. */
export const SERVED_NAMESPACES: readonly string[] = [NAMESPACES.developerProfiles, NAMESPACES.projectDocs];

/** Pinecone's reads at once; pgvector's is its pool's size. */
const PINECONE_READ_CONCURRENCY = 8;
/** The largest reader pool on a real PostgreSQL. */
const MAX_PGVECTOR_POOL = 8;

/** What an operator should know about the reader's principal, for the log at open. */
export function vectorReaderWarnings(config: VectorConfig): string[] {
  if (config.store.kind === 'pinecone') {
    return config.store.readerApiKey === undefined
      ? ['PINECONE_READER_API_KEY is unset: the access layer queries Pinecone with PINECONE_API_KEY, a key that can write. Make a key with the ReadOnly data-plane permission and set it.']
      : [];
  }
  return [];
}

export function openVectorReader(config: VectorConfig, limits: AccessLimits, warn: ReaderWarning): OpenReader<Reader> {
  for (const message of vectorReaderWarnings(config)) warn(message);
  const embedder = embedderFor(config.embeddings);
  const { store, concurrency, ping } = openStore(config.store, embedder.dimension, limits);
  return {
    reader: { store: readOnly(store, limits), embedder },
    concurrency,
    check: ping,
    close: () => store.close(),
  };
}

interface OpenStore {
  readonly store: VectorStore;
  readonly concurrency: number;
  /** Resolves when the store answers the reader. */
  ping(): Promise<void>;
}

function openStore(config: VectorConfig['store'], dimension: number, limits: AccessLimits): OpenStore {
  if (config.kind === 'pinecone') {
    const store = storeFor({ ...config, apiKey: config.readerApiKey ?? config.apiKey }, dimension);
    // Index stats: a read the ReadOnly key may make, proving the key and the index at once.
    return { store, concurrency: PINECONE_READ_CONCURRENCY, ping: async () => void (await store.describe()) };
  }
  const max = Math.min(config.poolMax, MAX_PGVECTOR_POOL);
  const pool = watchPool(
    new pg.Pool({
      connectionString: config.url,
      max,
      // Client-side only (PGlite enforces no statement_timeout): frees this connection; the answer is then a 504.
      query_timeout: limits.timeoutMs,
      connectionTimeoutMillis: limits.timeoutMs,
      fallback_application_name: applicationName(`access:vectors ${config.tablePrefix}`),
    }),
    'pgvector access reader',
  );
  // Only the served namespaces have tables here: the adapter itself refuses any other (tableOf), the trash included.
  const store = pgvectorStore({ sql: extendedSql(pool), dimension, namespaces: SERVED_NAMESPACES, tablePrefix: config.tablePrefix, onClose: () => pool.end() });
  // Not describe(): it counts every row of each table, which on PGlite holds the one session for a while.
  return { store, concurrency: max, ping: async () => void (await extendedSql(pool).query('SELECT 1')) };
}

/**
 * `store` for questions: reads of the served namespaces only, topK clamped to `limits.maxTopK`,
 * writes refused before anything is sent, and a store's failure handed on as a plain error, so
 * the access layer asks the store's health check whether it is down (503) instead of answering 500.
 */
export function readOnly(store: VectorStore, limits: Pick<AccessLimits, 'maxTopK'>): VectorStore {
  const served = (namespace: string): void => {
    if (!SERVED_NAMESPACES.includes(namespace)) throw new AccessError(`namespace ${JSON.stringify(namespace)} is not served; the served ones: ${SERVED_NAMESPACES.join(', ')}`, ErrorCodes.accessRefused);
  };
  const refused = (what: string) => async (): Promise<never> => {
    throw new AccessError(`the access layer's vector reader does not ${what}`, ErrorCodes.accessRefused);
  };
  return {
    kind: store.kind,
    init: refused('create tables or indexes'),
    upsert: refused('upsert'),
    delete: refused('delete'),
    async fetch(namespace, ids) {
      served(namespace);
      return unwrap(() => store.fetch(namespace, ids));
    },
    async query(namespace, vector, topK) {
      served(namespace);
      return unwrap(() => store.query(namespace, vector, clampTopK(topK, limits.maxTopK)));
    },
    describe: () => unwrap(() => store.describe()),
    close: () => store.close(),
  };
}

/** `topK` within 1…`maxTopK` (a whole number): the store never returns more than the limits allow. */
export function clampTopK(topK: number, maxTopK: number): number {
  if (!Number.isFinite(topK)) return maxTopK;
  return Math.max(1, Math.min(Math.floor(topK), maxTopK));
}

/** pg's client-side timeout: the query may still be running on the server. */
const QUERY_TIMEOUT = /Query read timeout/;

async function unwrap<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof Error && QUERY_TIMEOUT.test(cause.message)) {
      throw new AccessError(`the vector store did not answer in time (${cause.message}); the query may still be running there`, ErrorCodes.accessTimeout, {}, error);
    }
    // The store's own error (VectorStoreError) would read as our bug (500): a plain error lets the access layer check the store.
    throw error instanceof Error ? new Error(error.message, { cause: error }) : error;
  }
}
