/**
 * The local stack as the default of every service, and whether a configuration still points
 * at it: `npm start` brings the stack up only when something does, so with configuration
 * pointing at real services (MSK, Aurora, ClickHouse Cloud, Aura) it starts nothing.
 *
 * A service counts as local when its address is the local stack's (127.0.0.1 or localhost at
 * the stack's port), not when its variable is unset: a `.env` that spells out the local
 * stack's own addresses still needs the stack running.
 */
import { localStack } from '../scripts/stack/endpoints.ts';
import type { Env } from './spec.ts';
import { valueOf } from './spec.ts';

export const LOCAL_SERVICES = ['kafka', 'schemaRegistry', 'postgres', 'pgvector', 'clickhouse', 'neo4j'] as const;
export type LocalService = (typeof LOCAL_SERVICES)[number];

/** The addresses a configuration points at, one per service; undefined for a store not in use. */
export interface ServiceAddresses {
  readonly kafka: readonly string[];
  readonly schemaRegistry: string;
  readonly postgres: string | undefined;
  /** The pgvector URL when the vector sink writes to pgvector (not Pinecone). */
  readonly pgvector: string | undefined;
  readonly clickhouse: string | undefined;
  readonly neo4j: string | undefined;
}

/**
 * The environment the stores' loaders read, with the local stack's addresses (which follow
 * SWITCHYARD_*_PORT) where the user set none, and the local Neo4j password when Neo4j is the
 * local one: the stores' own defaults know neither.
 */
export function withLocalStackDefaults(env: Env): Env {
  const defaults: Record<string, string> = {
    POSTGRES_URL: localStack.postgres.url,
    PGVECTOR_URL: localStack.pgvector.url,
    CLICKHOUSE_URL: localStack.clickhouse.url,
    NEO4J_URL: localStack.neo4j.url,
  };
  const neo4jUrl = valueOf(env, 'NEO4J_URL');
  if (neo4jUrl === undefined || isLocalAddress(neo4jUrl, localStack.neo4j.url)) {
    defaults.NEO4J_USER = localStack.neo4j.user;
    defaults.NEO4J_PASSWORD = localStack.neo4j.password;
  }
  const merged: Record<string, string | undefined> = { ...env };
  for (const [name, value] of Object.entries(defaults)) if (valueOf(env, name) === undefined) merged[name] = value;
  return merged;
}

/** The services this configuration finds on the local stack; empty when everything is elsewhere. */
export function localServicesOf(addresses: ServiceAddresses): LocalService[] {
  const local: Record<LocalService, boolean> = {
    kafka: addresses.kafka.some((broker) => isLocalAddress(`kafka://${broker}`, `kafka://${localStack.kafka.brokers[0]}`)),
    schemaRegistry: isLocalAddress(addresses.schemaRegistry, localStack.schemaRegistry.url),
    postgres: isLocalAddress(addresses.postgres, localStack.postgres.url),
    pgvector: isLocalAddress(addresses.pgvector, localStack.pgvector.url),
    clickhouse: isLocalAddress(addresses.clickhouse, localStack.clickhouse.url),
    neo4j: isLocalAddress(addresses.neo4j, localStack.neo4j.url),
  };
  return LOCAL_SERVICES.filter((service) => local[service]);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Same loopback host and port as the local stack's address (credentials, path and database aside). */
function isLocalAddress(address: string | undefined, stackAddress: string): boolean {
  if (address === undefined) return false;
  try {
    const url = new URL(address);
    const stack = new URL(stackAddress);
    return LOOPBACK.has(url.hostname) && url.port === stack.port;
  } catch {
    return false;
  }
}
