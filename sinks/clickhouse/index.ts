/**
 * The ClickHouse store, as one descriptor (sinks/store.ts): every event, the Prometheus samples
 * and the DORA aggregates. See README.md.
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { defineStore } from '../store.ts';
import { clickhouseQuestions } from './questions.ts';
import { openClickHouseReader } from './reader.ts';
import { auditClickHouse } from './audit.ts';
import { clickhouseConfig, DEFAULT_DATABASE, redactedConfig, type ClickHouseConfig } from './config.ts';
import { clickhouseHandlers } from './handlers.ts';
import { ClickHouseSinkError } from './errors.ts';
import { identifier } from './quote.ts';
import { clickhouseSink } from './sink.ts';

/**
 * Drops a run's database and everything in it (chaos, bench); the caller decides what a failure
 * means. The default database is the deployment's own, which it refuses to drop.
 */
async function dropDatabase(config: ClickHouseConfig): Promise<void> {
  if (config.database === DEFAULT_DATABASE) throw new ClickHouseSinkError(`refusing to drop database ${DEFAULT_DATABASE}: CLICKHOUSE_DATABASE is the default, the deployment’s own`, { classification: 'permanent', cause: undefined, serverCode: undefined });
  const client = createClient({ url: config.url, username: config.username, password: config.password, request_timeout: config.requestTimeoutMs, log: { level: ClickHouseLogLevel.OFF } });
  try {
    await client.command({ query: `DROP DATABASE IF EXISTS ${identifier(config.database)}` });
  } finally {
    await client.close();
  }
}

export const clickhouseStore = defineStore({
  name: 'clickhouse',
  title: 'ClickHouse',
  config: clickhouseConfig,
  // ClickHouse wants few, big inserts (every insert is a part to merge): large batches, at most 10 a second.
  sinkDefaults: { batchMaxRecords: 5_000, batchMaxWaitMs: 1_000, retryMaxAttempts: 0, retryInitialDelayMs: 500, breakerErrorPercent: 50, breakerVolumeThreshold: 3, breakerResetMs: 10_000, rateLimitPerSecond: 10, isolateAttempts: 5 },
  handlers: clickhouseHandlers,
  connect: (config) => clickhouseSink(config),
  redact: redactedConfig,
  whereFrom: (config) => ({ variable: 'CLICKHOUSE_URL', value: config.url }),
  localServices: (config) => ({ clickhouse: config.url }),
  audit: (sink, events) => auditClickHouse(sink, events),
  access: { openReader: openClickHouseReader, questions: clickhouseQuestions },
  isolation: {
    env: (runId) => ({ CLICKHOUSE_DATABASE: runId }),
    drop: dropDatabase,
  },
});
