/**
 * The stores' configurations, each read by the loader beside its store (sinks/<store>/config.ts
 * owns its variables, defaults and rules), with the local stack filling in addresses the user
 * did not set, and every store's problems gathered instead of the first store's alone.
 */
import { clickhouseConfigSpec, loadClickHouseConfig, type ClickHouseConfig } from '../sinks/clickhouse/config.ts';
import { loadNeo4jConfig, neo4jConfigSpec, type Neo4jConfig } from '../sinks/neo4j/config.ts';
import { loadPostgresConfig, postgresConfigSpec, type PostgresConfig } from '../sinks/postgres/config.ts';
import { VECTOR_SETTINGS, vectorConfigFrom, type VectorConfig } from '../sinks/vectors/config.ts';
import type { Store } from '../topology/routing.ts';
import { problemsFrom } from './errors.ts';
import { withLocalStackDefaults } from './localStack.ts';
import { type Env, Problems, type Setting, settingsOf } from './spec.ts';

export interface StoreConfigs {
  readonly postgres: PostgresConfig;
  readonly clickhouse: ClickHouseConfig;
  readonly neo4j: Neo4jConfig;
  /** PGVECTOR_URL defaults to the local stack's pgvector (PGlite; its PostgreSQL has no pgvector). */
  readonly vectors: VectorConfig;
}

export const STORE_SETTINGS: Readonly<Record<keyof StoreConfigs, readonly Setting[]>> = {
  postgres: settingsOf(postgresConfigSpec),
  clickhouse: settingsOf(clickhouseConfigSpec),
  // SWITCHYARD_TEAMS_FILE is shared with PostgreSQL and listed there.
  neo4j: settingsOf(neo4jConfigSpec)
    .filter((s) => s.name !== 'SWITCHYARD_TEAMS_FILE')
    .map((s) => (s.name === 'NEO4J_PASSWORD' ? { ...s, default: "the local stack's while NEO4J_URL is the local stack's; required otherwise" } : s)),
  vectors: VECTOR_SETTINGS,
};

/** The config each sink store reads (the `pinecone` sink writes Pinecone or pgvector). */
export const CONFIG_OF_STORE: Readonly<Record<Store, keyof StoreConfigs>> = { postgres: 'postgres', clickhouse: 'clickhouse', pinecone: 'vectors', neo4j: 'neo4j' };

/**
 * The selected stores' configs; a store whose problems went to `problems` is left out, and so
 * is every store not selected (a worker running `--only sink:clickhouse` needs no Neo4j password).
 */
export function readStoreConfigs(env: Env, problems: Problems, stores: readonly Store[]): Partial<StoreConfigs> {
  const selected = new Set(stores.map((store) => CONFIG_OF_STORE[store]));
  const withDefaults = withLocalStackDefaults(env);
  const load = <T>(store: keyof StoreConfigs, loader: () => T): T | undefined => {
    if (!selected.has(store)) return undefined;
    try {
      return loader();
    } catch (error) {
      const names = [...STORE_SETTINGS[store].map((s) => s.name), 'SWITCHYARD_TEAMS_FILE'];
      for (const p of problemsFrom(error, names, `(${store})`)) problems.add(p.variable, p.message);
      return undefined;
    }
  };
  const postgres = load('postgres', () => loadPostgresConfig(withDefaults));
  const clickhouse = load('clickhouse', () => loadClickHouseConfig(withDefaults));
  const neo4j = load('neo4j', () => loadNeo4jConfig(withDefaults));
  const vectors = load('vectors', () => vectorConfigFrom(withDefaults));
  return {
    ...(postgres === undefined ? {} : { postgres }),
    ...(clickhouse === undefined ? {} : { clickhouse }),
    ...(neo4j === undefined ? {} : { neo4j }),
    ...(vectors === undefined ? {} : { vectors }),
  };
}
