/**
 * Every store Switchyard writes, listed once: its folder's descriptor (sinks/store.ts).
 * Configuration, `.env.example`, redaction, the worker, the routing table, the audits, chaos and
 * the pipeline bench iterate this list. Adding a store: a folder with an `index.ts` exporting its
 * descriptor, and a line here — see the README, "Adding a new store".
 *
 * The order is the routing table's column order (the guide's: Aurora, ClickHouse, Pinecone, Neo4j).
 */
import { clickhouseStore } from './clickhouse/index.ts';
import { neo4jStore } from './neo4j/index.ts';
import { postgresStore } from './postgres/index.ts';
import type { AnyStore } from './store.ts';
import { vectorStore } from './vectors/index.ts';

export const STORES = [postgresStore, clickhouseStore, vectorStore, neo4jStore] as const satisfies readonly AnyStore[];

/** A store's name: postgres, clickhouse, pinecone (the vector store: Pinecone or pgvector), neo4j. */
export type Store = (typeof STORES)[number]['name'];

export const STORE_NAMES: readonly Store[] = STORES.map((store) => store.name);

/** The descriptor of a store by name. */
export function storeNamed<N extends Store>(name: N): Extract<(typeof STORES)[number], { name: N }> {
  const found = STORES.find((store) => store.name === name);
  if (found === undefined) throw new Error(`no store named ${name}: the stores are ${STORE_NAMES.join(', ')}`);
  return found as Extract<(typeof STORES)[number], { name: N }>;
}
