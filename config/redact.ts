/**
 * The configuration as it may be logged or printed: every secret replaced, including
 * credentials written inside a URL (`postgres://user:password@host`, `https://key:secret@…`),
 * which the stores' own redactors do not all look for.
 */
import { table } from '../cli/table.ts';
import { redactedConfig as redactedClickHouse } from '../sinks/clickhouse/config.ts';
import { redactedConfig as redactedNeo4j } from '../sinks/neo4j/config.ts';
import { redactedPostgresConfig } from '../sinks/postgres/config.ts';
import { describeVectorConfig } from '../sinks/vectors/config.ts';
import type { Store } from '../topology/routing.ts';
import type { SwitchyardConfig } from './index.ts';

const REDACTED = 'redacted';

type Plain = string | number | boolean | readonly string[] | undefined;
export type RedactedConfig = Readonly<Record<string, Readonly<Record<string, Plain>>>>;

/** A URL with its password replaced (the user name stays: it says who connects, and is no secret by itself). */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password === '' && url.username === '') return text;
    if (url.password !== '') url.password = REDACTED;
    return url.toString();
  } catch {
    return text;
  }
}

/** Each section's settings, secrets replaced, for a structured log line. */
export function redactedConfig(config: SwitchyardConfig): RedactedConfig {
  const { kafka } = config;
  const ssl = typeof kafka.ssl === 'object' ? kafka.ssl : undefined;
  const sasl = kafka.sasl;
  const has = (store: Store) => config.stores.includes(store);
  return {
    kafka: {
      brokers: kafka.brokers,
      clientId: kafka.clientId,
      ssl: kafka.ssl !== undefined && kafka.ssl !== false,
      sslCa: ssl?.ca === undefined ? undefined : 'from KAFKA_SSL_CA_FILE',
      sslCert: ssl?.cert === undefined ? undefined : 'from KAFKA_SSL_CERT_FILE',
      sslKey: ssl?.key === undefined ? undefined : REDACTED,
      sslRejectUnauthorized: ssl?.rejectUnauthorized,
      saslMechanism: sasl === undefined ? undefined : sasl.mechanism === 'oauthbearer' ? 'oauthbearer (aws-msk-iam)' : sasl.mechanism,
      saslUsername: sasl !== undefined && 'username' in sasl ? sasl.username : undefined,
      saslPassword: sasl !== undefined && 'password' in sasl ? REDACTED : undefined,
    },
    topics: { partitions: config.topics.partitions, replicationFactor: config.topics.replicationFactor, prefix: config.topics.prefix },
    registry: { url: redactUrl(config.registry.host), username: config.registry.auth?.username, password: config.registry.auth === undefined ? undefined : REDACTED },
    worker: { ...config.worker },
    // Only the stores the configuration was loaded for (see LoadConfigOptions.stores).
    ...(has('postgres') ? { postgres: urlsRedacted(redactedPostgresConfig(config.postgres)) } : {}),
    ...(has('clickhouse') ? { clickhouse: urlsRedacted(redactedClickHouse(config.clickhouse)) } : {}),
    ...(has('neo4j') ? { neo4j: urlsRedacted(redactedNeo4j(config.neo4j)) } : {}),
    ...(has('pinecone') ? { vectors: { store: config.vectors.store.kind, summary: describeVectorConfig(config.vectors) } } : {}),
    channels: { ...config.channels.byProject, '(default)': config.channels.defaultChannel ?? undefined },
    local: { services: config.localServices },
  };
}

/** The same as a table for people: SECTION, SETTING, VALUE; unset settings left out. */
export function describeConfig(config: SwitchyardConfig): string {
  const rows: string[][] = [];
  for (const [section, settings] of Object.entries(redactedConfig(config))) {
    for (const [name, value] of Object.entries(settings)) {
      if (value === undefined || value === '') continue;
      rows.push([section, name, Array.isArray(value) ? value.join(',') : String(value)]);
    }
  }
  for (const [store, settings] of Object.entries(config.sinks).filter(([store]) => config.stores.includes(store as Store))) {
    rows.push([`sink:${store}`, 'settings', Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(' ')]);
  }
  return table(['SECTION', 'SETTING', 'VALUE'], rows);
}

function urlsRedacted<T extends Record<string, string | number | undefined>>(values: T): Record<string, string | number | undefined> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? redactUrl(v) : v]));
}
