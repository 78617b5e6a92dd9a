/**
 * The two stores the vector tests run against, fresh each time and closed by the caller:
 * pgvector in PGlite (real PostgreSQL with real pgvector, in-process) and Pinecone through the
 * official client against `pineconeStandIn.ts`, a local stand-in because Pinecone's cloud cannot
 * run on this machine.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pgvectorStore } from '../pgvector.ts';
import { pineconeStore } from '../pinecone.ts';
import { startPineconeStandIn } from './pineconeStandIn.ts';
import { NAMESPACES } from '../store.ts';
import type { VectorStore } from '../store.ts';

export interface StoreUnderTest {
  readonly store: VectorStore;
  /** Every record of a namespace, by id, sorted: to compare store states. */
  dump(namespace: string): Promise<unknown>;
  close(): Promise<void>;
}

export const STORE_KINDS = ['pgvector', 'pinecone'] as const;

/** One PGlite per test file (starting one takes a second or two); each store gets its own tables. */
let shared: PGlite | undefined;
let tables = 0;

export async function storeUnderTest(kind: (typeof STORE_KINDS)[number], dimension: number): Promise<StoreUnderTest> {
  if (kind === 'pgvector') {
    const db = (shared ??= new PGlite({ extensions: { vector } }));
    const prefix = `t${++tables}_vectors_`;
    const store = pgvectorStore({ sql: db, dimension, namespaces: Object.values(NAMESPACES), tablePrefix: prefix });
    await store.init();
    return {
      store,
      dump: async (namespace) => (await db.query(`SELECT id, embedding::text AS embedding, metadata FROM ${prefix}${namespace} ORDER BY id`)).rows,
      close: () => store.close(),
    };
  }
  const standIn = await startPineconeStandIn({ dimension });
  const store = pineconeStore({ apiKey: 'stand-in-key', indexName: 'engineering-intelligence', indexHost: standIn.url, dimension });
  await store.init();
  return {
    store,
    dump: async (namespace) => [...standIn.snapshot(namespace).entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    close: async () => {
      await store.close();
      await standIn.close();
    },
  };
}
