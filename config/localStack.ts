/**
 * Whether a configuration points at the local stack: `npm start` brings the stack up only when
 * something does, so with configuration pointing at real services (MSK, Aurora, ClickHouse
 * Cloud, Aura) it starts nothing. (Each service's default is the local stack's address:
 * config/endpoints.ts, read by the settings' defaults.)
 *
 * A service counts as local when its address is the local stack's (127.0.0.1 or localhost at
 * the stack's port), not when its variable is unset: a `.env` that spells out the local
 * stack's own addresses still needs the stack running.
 */
import { localStack } from './endpoints.ts';

export const LOCAL_SERVICES = ['kafka', 'schemaRegistry', 'postgres', 'pgvector', 'clickhouse', 'neo4j'] as const;
export type LocalService = (typeof LOCAL_SERVICES)[number];

/** The addresses a configuration points at: Kafka's, the registry's, and each selected store's (its descriptor's `localServices`). */
export interface ServiceAddresses {
  readonly kafka: readonly string[];
  readonly schemaRegistry: string;
  readonly stores: readonly Partial<Record<LocalService, string>>[];
}

/** The services this configuration finds on the local stack; empty when everything is elsewhere. */
export function localServicesOf(addresses: ServiceAddresses): LocalService[] {
  const local = new Set<LocalService>();
  if (addresses.kafka.some((broker) => isLocalAddress(`kafka://${broker}`, STACK_ADDRESS.kafka))) local.add('kafka');
  if (isLocalAddress(addresses.schemaRegistry, STACK_ADDRESS.schemaRegistry)) local.add('schemaRegistry');
  for (const store of addresses.stores) {
    for (const [service, address] of Object.entries(store) as [LocalService, string][]) if (isLocalAddress(address, STACK_ADDRESS[service])) local.add(service);
  }
  return LOCAL_SERVICES.filter((service) => local.has(service));
}

/** Where each service of the local stack listens. */
const STACK_ADDRESS: Readonly<Record<LocalService, string>> = {
  kafka: `kafka://${localStack.kafka.brokers[0]}`,
  schemaRegistry: localStack.schemaRegistry.url,
  postgres: localStack.postgres.url,
  pgvector: localStack.pgvector.url,
  clickhouse: localStack.clickhouse.url,
  neo4j: localStack.neo4j.url,
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Same loopback host and port as the local stack's address (credentials, path and database aside). */
export function isLocalAddress(address: string | undefined, stackAddress: string): boolean {
  if (address === undefined) return false;
  try {
    const url = new URL(address);
    const stack = new URL(stackAddress);
    return LOOPBACK.has(url.hostname) && url.port === stack.port;
  } catch {
    return false;
  }
}
