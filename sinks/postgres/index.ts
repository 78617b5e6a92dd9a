/**
 * The PostgreSQL (Aurora) store, as one descriptor (sinks/store.ts): people and their identities,
 * teams, projects, repositories, daily activity and sprint velocity. See README.md.
 */
import pg from 'pg';
import { defineStore } from '../store.ts';
import { auditPostgres } from './audit.ts';
import { postgresConfig, redactedPostgresConfig, type PostgresConfig } from './config.ts';
import { postgresHandlers } from './handlers.ts';
import { postgresSink } from './sink.ts';

/** Drops a run's schema and everything in it (chaos, bench); the caller decides what a failure means. */
async function dropSchema(config: PostgresConfig): Promise<void> {
  const client = new pg.Client({ connectionString: config.url });
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
  sinkDefaults: { batchMaxRecords: 500, batchMaxWaitMs: 200, retryMaxAttempts: 0, retryInitialDelayMs: 200, breakerErrorPercent: 50, breakerVolumeThreshold: 5, breakerResetMs: 10_000, rateLimitPerSecond: 0 },
  handlers: postgresHandlers,
  connect: postgresSink,
  redact: redactedPostgresConfig,
  localServices: (config) => ({ postgres: config.url }),
  audit: (sink, events) => auditPostgres(sink.pool, events),
  isolation: {
    env: (runId) => ({ POSTGRES_SCHEMA: runId }),
    drop: dropSchema,
  },
});
