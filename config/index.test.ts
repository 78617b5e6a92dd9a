import { describe, expect, it } from 'vitest';
import { SINK_DEFAULTS } from '../sinks/settings.ts';
import { ConfigError, loadConfig, redactedConfig, usesLocalStack } from './index.ts';

function problemsOf(env: Record<string, string>): { variable: string; message: string; value?: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Every service of a deployment that uses no local service. */
const REMOTE = {
  KAFKA_BROKERS: 'b-1.msk.example.com:9096',
  SCHEMA_REGISTRY_URL: 'https://registry.example.com',
  POSTGRES_URL: 'postgres://svc:pw@aurora.example.com:5432/switchyard',
  CLICKHOUSE_URL: 'https://abc.clickhouse.cloud:8443',
  NEO4J_URL: 'neo4j+s://abcd1234.databases.neo4j.io',
  NEO4J_PASSWORD: 'neo-pw',
  PGVECTOR_URL: 'postgres://svc:pw@aurora.example.com:5432/switchyard',
};

describe('loadConfig', () => {
  it('runs on the local stack with no configuration at all', () => {
    const config = loadConfig({});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.registry).toEqual({ host: 'http://127.0.0.1:8081/apis/ccompat/v7' });
    expect(config.stores.postgres.url).toBe('postgres://switchyard:switchyard@127.0.0.1:5432/switchyard');
    expect(config.stores.clickhouse).toMatchObject({ url: 'http://127.0.0.1:8123', username: 'default', password: '' });
    // The Neo4j sink's own loader requires a password; the local stack's is supplied.
    expect(config.stores.neo4j).toMatchObject({ url: 'bolt://127.0.0.1:7687', user: 'neo4j', password: 'switchyard-local' });
    expect(config.stores.pinecone.store).toEqual({ kind: 'pgvector', url: 'postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable', poolMax: 1, tablePrefix: 'vectors_' });
    expect(config.worker).toMatchObject({ metricsPort: 9464, logLevel: 'info', shutdownTimeoutMs: 30_000, applicationId: 'switchyard' });
    expect(config.sinks).toEqual(SINK_DEFAULTS);
    expect(config.channels).toEqual({ byProject: {}, defaultChannel: null });
    expect(config.topics.names).toMatchObject({ events: 'eng.events.v1', deadLetters: 'switchyard.dlq', raw: { 'github-events': 'github-events' } });
    expect(config.localServices).toEqual(['kafka', 'schemaRegistry', 'postgres', 'pgvector', 'clickhouse', 'neo4j']);
    expect(usesLocalStack(config)).toBe(true);
  });

  it('uses nothing local when every service points elsewhere', () => {
    const config = loadConfig(REMOTE);
    expect(config.localServices).toEqual([]);
    expect(usesLocalStack(config)).toBe(false);
    expect(config.stores.neo4j.password).toBe('neo-pw');
  });

  it('counts a service as local by its address, even when spelled out', () => {
    const config = loadConfig({ ...REMOTE, KAFKA_BROKERS: 'localhost:9092', CLICKHOUSE_URL: 'http://127.0.0.1:8123' });
    expect(config.localServices).toEqual(['kafka', 'clickhouse']);
  });

  it('needs the Neo4j password once Neo4j is not the local one', () => {
    expect(problemsOf({ NEO4J_URL: 'neo4j+s://abcd1234.databases.neo4j.io' })).toEqual([{ variable: 'NEO4J_PASSWORD', message: "must be set (NEO4J_URL is not the local stack's)" }]);
  });

  it('reads only the selected stores, so --only sink:clickhouse needs no Neo4j password', () => {
    const env = { ...REMOTE, NEO4J_PASSWORD: '', POSTGRES_URL: 'not a url' };
    expect(problemsOf(env).map((p) => p.variable)).toEqual(['POSTGRES_URL', 'NEO4J_PASSWORD']);
    const config = loadConfig(env, { stores: ['clickhouse'] });
    expect(config.selected).toEqual(['clickhouse']);
    expect(config.stores.clickhouse.url).toBe('https://abc.clickhouse.cloud:8443');
    expect(() => config.stores.neo4j).toThrow('the neo4j configuration was not loaded: sink:neo4j is not among the selected stores (clickhouse)');
    expect(() => config.stores.pinecone).toThrow(/sink:pinecone is not among the selected stores/);
    expect(Object.keys(config.stores)).not.toContain('neo4j');
    expect(redactedConfig(config)).not.toHaveProperty('neo4j');
    expect(redactedConfig(config).sinks).not.toHaveProperty('neo4j');
    // Unselected local stores do not make `npm start` bring the stack up.
    expect(loadConfig({ ...REMOTE, NEO4J_URL: '', NEO4J_PASSWORD: '' }, { stores: ['clickhouse', 'postgres'] }).localServices).toEqual([]);
    expect(loadConfig({ ...REMOTE, NEO4J_URL: '', NEO4J_PASSWORD: '' }).localServices).toEqual(['neo4j']);
    // Vectors default to the stack's pgvector, so npm start must bring it up; Pinecone needs none.
    expect(loadConfig({ ...REMOTE, PGVECTOR_URL: '' }).localServices).toEqual(['pgvector']);
    expect(loadConfig({ ...REMOTE, PGVECTOR_URL: '', PINECONE_API_KEY: 'pc-key' }).localServices).toEqual([]);
  });

  it('reads the stores, per-sink settings, the channel map and worker settings through their owners', () => {
    const config = loadConfig({
      ...REMOTE,
      POSTGRES_POOL_MAX: '8',
      CLICKHOUSE_DATABASE: 'analytics',
      SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_RECORDS: '20000',
      SWITCHYARD_SINK_NEO4J_RATE_LIMIT_PER_SECOND: '3',
      SLACK_CHANNELS: 'PROJ=#proj-eng, OPS=#ops',
      SLACK_DEFAULT_CHANNEL: '#eng',
      LOG_LEVEL: 'debug',
      METRICS_PORT: '9100',
      SHUTDOWN_TIMEOUT_MS: '5000',
      SWITCHYARD_TOPIC_PREFIX: 'staging.',
      VECTOR_STORE: 'pinecone',
      PINECONE_API_KEY: 'pc-key',
    });
    expect(config.stores.postgres.poolMax).toBe(8);
    expect(config.stores.clickhouse.database).toBe('analytics');
    expect(config.sinks.clickhouse.batchMaxRecords).toBe(20_000);
    expect(config.sinks.clickhouse.batchMaxWaitMs).toBe(SINK_DEFAULTS.clickhouse.batchMaxWaitMs);
    expect(config.sinks.neo4j.rateLimitPerSecond).toBe(3);
    expect(config.channels).toEqual({ byProject: { PROJ: '#proj-eng', OPS: '#ops' }, defaultChannel: '#eng' });
    expect(config.worker).toMatchObject({ metricsPort: 9100, logLevel: 'debug', shutdownTimeoutMs: 5_000 });
    expect(config.topics.names).toMatchObject({ events: 'staging.eng.events.v1', jiraCommands: 'staging.jira-commands', raw: { 'jira-events': 'staging.jira-events' } });
    expect(config.stores.pinecone.store).toMatchObject({ kind: 'pinecone', apiKey: 'pc-key' });
  });

  it('checks the actuator’s variables with the rest, naming each', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'not-a-token', SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND: '0', METRICS_PORT: 'x' })).toThrow(
      expect.objectContaining({ problems: expect.arrayContaining([expect.objectContaining({ variable: 'SLACK_BOT_TOKEN' }), expect.objectContaining({ variable: 'SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND' }), expect.objectContaining({ variable: 'METRICS_PORT' })]) }),
    );
  });

  it('reports every bad variable at once, each with what it must be, never a secret’s value', () => {
    const problems = problemsOf({
      KAFKA_BROKERS: 'nohost',
      KAFKA_SASL_PASSWORD: 'kafka-secret-1',
      SCHEMA_REGISTRY_URL: 'ftp://registry',
      SCHEMA_REGISTRY_USERNAME: 'key',
      METRICS_PORT: '70000',
      LOG_LEVEL: 'verbose',
      SHUTDOWN_TIMEOUT_MS: '10',
      POSTGRES_URL: 'mysql://u:pg-secret-2@db/x',
      CLICKHOUSE_REQUEST_TIMEOUT_MS: 'soon',
      NEO4J_URL: 'http://neo4j.example.com',
      NEO4J_PASSWORD: 'neo-secret-3',
      VECTOR_STORE: 'faiss',
      SWITCHYARD_SINK_POSTGRES_BATCH_MAX_RECORDS: '0',
      SWITCHYARD_SINK_POSTGRES_BREAKER_ERROR_PERCENT: '101',
      SWITCHYARD_SINK_CLICKHOUS_BATCH_MAX_RECORDS: '10',
      SLACK_CHANNELS: 'proj=#lower',
    });
    expect(problems.map((p) => p.variable)).toEqual([
      'KAFKA_BROKERS',
      'KAFKA_SASL_PASSWORD',
      'SCHEMA_REGISTRY_URL',
      'SCHEMA_REGISTRY_PASSWORD',
      'METRICS_PORT',
      'LOG_LEVEL',
      'SHUTDOWN_TIMEOUT_MS',
      'POSTGRES_URL',
      'CLICKHOUSE_REQUEST_TIMEOUT_MS',
      'VECTOR_STORE',
      'NEO4J_URL',
      'SWITCHYARD_SINK_CLICKHOUS_BATCH_MAX_RECORDS',
      'SWITCHYARD_SINK_POSTGRES_BATCH_MAX_RECORDS',
      'SWITCHYARD_SINK_POSTGRES_BREAKER_ERROR_PERCENT',
      'SLACK_CHANNELS',
    ]);
    const byVariable = Object.fromEntries(problems.map((p) => [p.variable, p.message]));
    expect(byVariable.METRICS_PORT).toBe('must be a whole number from 1 to 65535');
    expect(byVariable.LOG_LEVEL).toBe('must be one of fatal, error, warn, info, debug, trace, silent');
    expect(byVariable.POSTGRES_URL).toBe('must be a postgres:// or postgresql:// URL, not mysql://');
    // The URL's password goes; the rest is shown, so the part to fix is in view.
    expect(problems.find((p) => p.variable === 'POSTGRES_URL')?.value).toBe('mysql://u:redacted@db/x');
    expect(byVariable.CLICKHOUSE_REQUEST_TIMEOUT_MS).toBe('must be a number');
    expect(byVariable.SWITCHYARD_SINK_POSTGRES_BREAKER_ERROR_PERCENT).toMatch(/^must be a whole number from 1 to 100/);
    expect(byVariable.SLACK_CHANNELS).toMatch(/must be PROJECTKEY=#channel/);
    const text = (() => {
      try {
        return loadConfig({ POSTGRES_URL: 'mysql://u:pg-secret-2@db/x', KAFKA_SASL_PASSWORD: 'kafka-secret-1', NEO4J_URL: 'nope', NEO4J_PASSWORD: 'neo-secret-3' }), '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(text).toMatch(/^invalid configuration:\n {2}KAFKA_SASL_PASSWORD: /);
    for (const secret of ['kafka-secret-1', 'pg-secret-2', 'neo-secret-3']) expect(text).not.toContain(secret);
  });
});
