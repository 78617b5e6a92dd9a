/**
 * The PostgreSQL (Aurora) store, as one descriptor (sinks/store.ts): people and their identities,
 * teams, projects, repositories, daily activity and sprint velocity. See README.md.
 */
import pg from 'pg';
import { defineStore } from '../store.ts';
import { postgresQuestions } from './questions.ts';
import { openPostgresReader } from './reader.ts';
import { auditPostgres } from './audit.ts';
import { applicationName, watchClient } from './connectionErrors.ts';
import { postgresConfig, redactedPostgresConfig, type PostgresConfig } from './config.ts';
import { postgresHandlers } from './handlers.ts';
import { PostgresSinkError } from './errors.ts';
import { postgresSink } from './sink.ts';

/**
 * Drops a run's schema and everything in it (chaos, bench); the caller decides what a failure
 * means. The default schema is the deployment's own, which it refuses to drop.
 */
async function dropSchema(config: PostgresConfig): Promise<void> {
  if (config.schema === 'public') throw new PostgresSinkError('refusing to drop schema public: POSTGRES_SCHEMA is the default, the deployment’s own', { classification: 'permanent', cause: undefined, sqlState: undefined });
  const client = watchClient(new pg.Client({ connectionString: config.url, fallback_application_name: applicationName('drop schema') }), 'postgres drop schema');
  await client.connect();
  try {
    // The schema is a checked identifier (config.ts), quoted all the same.
    await client.query(`DROP SCHEMA IF EXISTS "${config.schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export const postgresStore = defineStore({
  name: 'postgres',
  title: 'Aurora PostgreSQL',
  config: postgresConfig,
  // One transaction per batch under the identity lock: moderate batches, no rate limit.
  sinkDefaults: { batchMaxRecords: 500, batchMaxWaitMs: 200, retryMaxAttempts: 0, retryInitialDelayMs: 200, breakerErrorPercent: 50, breakerVolumeThreshold: 5, breakerResetMs: 10_000, rateLimitPerSecond: 0, isolateAttempts: 5 },
  handlers: postgresHandlers,
  connect: postgresSink,
  redact: redactedPostgresConfig,
  whereFrom: (config) => ({ variable: 'POSTGRES_URL', value: config.url }),
  localServices: (config) => ({ postgres: config.url }),
  audit: (sink, events) => auditPostgres(sink.pool, events),
  access: { openReader: openPostgresReader, questions: postgresQuestions },
  isolation: {
    env: (runId) => ({ POSTGRES_SCHEMA: runId }),
    drop: dropSchema,
  },
});
