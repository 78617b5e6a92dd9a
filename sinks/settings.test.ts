import { describe, expect, it } from 'vitest';
import { SINK_DEFAULTS, sinkSettings } from './settings.ts';

describe('sink settings', () => {
  it('are each store’s defaults unless the environment overrides them', () => {
    expect(sinkSettings('clickhouse', {})).toEqual(SINK_DEFAULTS.clickhouse);
    expect(sinkSettings('clickhouse', { SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_RECORDS: '20000', SWITCHYARD_SINK_CLICKHOUSE_RATE_LIMIT_PER_SECOND: '0' })).toMatchObject({
      batchMaxRecords: 20_000,
      rateLimitPerSecond: 0,
      batchMaxWaitMs: SINK_DEFAULTS.clickhouse.batchMaxWaitMs,
    });
  });

  it('refuse an impossible value, naming the variable and what it must be', () => {
    expect(() => sinkSettings('postgres', { SWITCHYARD_SINK_POSTGRES_BATCH_MAX_RECORDS: '0' })).toThrow('SWITCHYARD_SINK_POSTGRES_BATCH_MAX_RECORDS: must be a whole number from 1 to 1000000 (given "0")');
    expect(() => sinkSettings('neo4j', { SWITCHYARD_SINK_NEO4J_BREAKER_ERROR_PERCENT: '150' })).toThrow('SWITCHYARD_SINK_NEO4J_BREAKER_ERROR_PERCENT: must be a whole number from 1 to 100 (given "150")');
  });

  it('give every store isolateAttempts, 5 unless overridden, within 1 to 100', () => {
    for (const store of ['clickhouse', 'neo4j', 'postgres', 'pinecone'] as const) expect(sinkSettings(store, {}).isolateAttempts).toBe(5);
    expect(sinkSettings('neo4j', { SWITCHYARD_SINK_NEO4J_ISOLATE_ATTEMPTS: '8' }).isolateAttempts).toBe(8);
    expect(() => sinkSettings('neo4j', { SWITCHYARD_SINK_NEO4J_ISOLATE_ATTEMPTS: '0' })).toThrow('SWITCHYARD_SINK_NEO4J_ISOLATE_ATTEMPTS: must be a whole number from 1 to 100 (given "0")');
  });
});
