/**
 * Where the local stack listens and how to log in to it.
 *
 * Every port can be moved with an environment variable, for a machine where a default is
 * already taken. The credentials are for the local stack only; they are not secrets.
 */
import process from 'node:process';

function port(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new Error(`${variable} must be a TCP port between 1 and 65535, got "${raw}"`);
  }
  return value;
}

export const host = '127.0.0.1';

export const ports = {
  kafka: port('SWITCHYARD_KAFKA_PORT', 9092),
  kafkaController: port('SWITCHYARD_KAFKA_CONTROLLER_PORT', 9093),
  schemaRegistry: port('SWITCHYARD_REGISTRY_PORT', 8081),
  postgres: port('SWITCHYARD_POSTGRES_PORT', 5432),
  pgvector: port('SWITCHYARD_PGVECTOR_PORT', 5433),
  clickhouseHttp: port('SWITCHYARD_CLICKHOUSE_HTTP_PORT', 8123),
  clickhouseTcp: port('SWITCHYARD_CLICKHOUSE_TCP_PORT', 9000),
  clickhouseInterserver: port('SWITCHYARD_CLICKHOUSE_INTERSERVER_PORT', 9009),
  neo4jBolt: port('SWITCHYARD_NEO4J_BOLT_PORT', 7687),
} as const;

export const localStack = {
  kafka: { brokers: [`${host}:${ports.kafka}`] },
  schemaRegistry: { url: `http://${host}:${ports.schemaRegistry}/apis/ccompat/v7` },
  postgres: {
    user: 'switchyard',
    password: 'switchyard',
    database: 'switchyard',
    url: `postgres://switchyard:switchyard@${host}:${ports.postgres}/switchyard`,
  },
  /** PGlite with pgvector (services/pgvector.ts): user postgres, no password, no SSL. */
  pgvector: { url: `postgres://postgres@${host}:${ports.pgvector}/postgres?sslmode=disable` },
  clickhouse: { url: `http://${host}:${ports.clickhouseHttp}`, username: 'default', password: '' },
  neo4j: { url: `bolt://${host}:${ports.neo4jBolt}`, user: 'neo4j', password: 'switchyard-local' },
} as const;
