/**
 * The rows of a read (JSONEachRow), a failure classified like every ClickHouse error
 * (errors.ts), so a query that fails says whether waiting or a person can help.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { classifyClickHouseError } from './errors.ts';

export async function selectRows<T = Record<string, unknown>>(client: ClickHouseClient, query: string, context = 'query'): Promise<T[]> {
  try {
    const result = await client.query({ query, format: 'JSONEachRow' });
    return await result.json<T>();
  } catch (error) {
    throw classifyClickHouseError(error, context);
  }
}
