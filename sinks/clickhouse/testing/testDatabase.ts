/**
 * Test support: a ClickHouse sink on the local stack, in a database of its own
 * (`switchyard_test_<random>`), dropped after the test file, so test files share the server
 * without resetting it.
 */
import { afterAll, beforeAll } from 'vitest';
import { localStack } from '../../../config/endpoints.ts';
import { uniqueIdentifier } from '../../../test/support/names.ts';
import type { ClickHouseConfig } from '../config.ts';
import { clickhouseSink, type ClickHouseSink, type ClickHouseSinkOptions } from '../sink.ts';

export function localConfig(database: string): ClickHouseConfig {
  return { url: localStack.clickhouse.url, username: localStack.clickhouse.username, password: localStack.clickhouse.password, database, requestTimeoutMs: 30_000 };
}

/** Registers its own setup and cleanup; read `.sink` inside tests. */
export function useTestDatabase(options: ClickHouseSinkOptions = {}): { readonly sink: ClickHouseSink } {
  const holder: { sink?: ClickHouseSink } = {};
  beforeAll(async () => {
    holder.sink = clickhouseSink(localConfig(uniqueIdentifier('switchyard_test')), options);
    await holder.sink.init();
  });
  afterAll(async () => {
    if (!holder.sink) return;
    await holder.sink.client.command({ query: `DROP DATABASE IF EXISTS ${holder.sink.database}` });
    await holder.sink.close();
  });
  return {
    get sink() {
      if (!holder.sink) throw new Error('useTestDatabase: the sink exists only inside tests');
      return holder.sink;
    },
  };
}

/** Rows of a query, 64-bit integers and all as ClickHouse's JSON gives them. */
export async function select<T = Record<string, unknown>>(sink: ClickHouseSink, query: string): Promise<T[]> {
  const result = await sink.client.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}
