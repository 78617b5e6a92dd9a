/**
 * The configuration as it may be logged or printed: every secret replaced, including
 * credentials written inside a URL (`postgres://user:password@host`, `https://key:secret@…`),
 * which a store's own redaction may not look for. Each store redacts its own section (its
 * descriptor's `redact`); only the selected stores appear.
 */
import { STORES } from '../sinks/registry.ts';
import type { AnyStore } from '../sinks/store.ts';
import type { SwitchyardConfig } from './index.ts';
import { type Plain, REDACTED, redactUrl } from './spec.ts';

export { redactUrl } from './spec.ts';

export type RedactedConfig = Readonly<Record<string, Readonly<Record<string, Plain>>>>;

/** Each section's settings, secrets replaced, for a structured log line. */
export function redactedConfig(config: SwitchyardConfig): RedactedConfig {
  const { kafka } = config;
  const ssl = typeof kafka.ssl === 'object' ? kafka.ssl : undefined;
  const sasl = kafka.sasl;
  const stores = STORES.filter((store) => config.selected.includes(store.name)).map((store: AnyStore) => [store.name, urlsRedacted(store.redact(config.stores[store.name as keyof typeof config.stores]))] as const);
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
    ...Object.fromEntries(stores),
    sinks: Object.fromEntries(config.selected.map((store) => [store, Object.entries(config.sinks[store]).map(([k, v]) => `${k}=${v}`).join(' ')])),
    channels: { ...config.channels.byProject, '(default)': config.channels.defaultChannel ?? undefined },
    // Token digests are secret: their names only.
    access: { host: config.access.host, port: config.access.port, tokens: config.access.tokens.map((t) => t.name), ratePerMinute: config.access.ratePerMinute, corsOrigins: config.access.corsOrigins, maxBodyBytes: config.access.maxBodyBytes, ...config.access.limits, rawTools: config.access.rawTools },
    local: { services: config.localServices },
  };
}

function urlsRedacted(values: Readonly<Record<string, Plain>>): Record<string, Plain> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? redactUrl(v) : v]));
}
