import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig, redactedConfig } from './index.ts';
import { redactUrl } from './redact.ts';

describe('redaction', () => {
  it('never shows a secret, wherever it was written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-redact-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'key.pem'), 'SECRET-TLS-KEY');
    writeFileSync(join(dir, 'cert.pem'), 'client cert');
    const secrets = ['s3cr3t-kafka', 'SECRET-TLS-KEY', 's3cr3t-registry', 's3cr3t-pg', 's3cr3t-ch', 's3cr3t-url-ch', 's3cr3t-neo', 's3cr3t-pinecone', 's3cr3t-openai', 's3cr3t-pgvector'];
    const config = loadConfig({
      KAFKA_BROKERS: 'kafka.example.com:9096',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CERT_FILE: join(dir, 'cert.pem'),
      KAFKA_SSL_KEY_FILE: join(dir, 'key.pem'),
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'svc-user',
      KAFKA_SASL_PASSWORD: 's3cr3t-kafka',
      SCHEMA_REGISTRY_URL: 'https://registry.example.com',
      SCHEMA_REGISTRY_USERNAME: 'registry-key',
      SCHEMA_REGISTRY_PASSWORD: 's3cr3t-registry',
      POSTGRES_URL: 'postgres://svc:s3cr3t-pg@aurora.example.com:5432/switchyard',
      CLICKHOUSE_URL: 'https://ch-user:s3cr3t-url-ch@abc.clickhouse.cloud:8443',
      CLICKHOUSE_PASSWORD: 's3cr3t-ch',
      NEO4J_URL: 'neo4j+s://abcd1234.databases.neo4j.io',
      NEO4J_PASSWORD: 's3cr3t-neo',
      VECTOR_STORE: 'pgvector',
      PGVECTOR_URL: 'postgres://svc:s3cr3t-pgvector@vectors.example.com:5432/v',
      EMBEDDINGS: 'openai',
      OPENAI_API_KEY: 's3cr3t-openai',
      PINECONE_API_KEY: 's3cr3t-pinecone',
    });
    const shown = JSON.stringify(redactedConfig(config));
    for (const secret of secrets) expect(shown).not.toContain(secret);
    // What is not secret stays visible, so the view is worth reading.
    const view = redactedConfig(config);
    expect(view.kafka).toMatchObject({ brokers: ['kafka.example.com:9096'], ssl: true, saslMechanism: 'scram-sha-256', saslUsername: 'svc-user', saslPassword: 'redacted', sslKey: 'redacted' });
    expect(view.registry).toEqual({ url: 'https://registry.example.com', username: 'registry-key', password: 'redacted' });
    expect(view.postgres?.url).toBe('postgres://svc:redacted@aurora.example.com:5432/switchyard');
    expect(view.clickhouse?.url).toBe('https://ch-user:redacted@abc.clickhouse.cloud:8443/');
  });

  it('leaves URLs without credentials, and text that is no URL, as they are', () => {
    expect(redactUrl('http://127.0.0.1:8123')).toBe('http://127.0.0.1:8123');
    expect(redactUrl('not a url')).toBe('not a url');
    expect(redactUrl('bolt://neo4j:pw@host:7687')).toBe('bolt://neo4j:redacted@host:7687');
  });
});
