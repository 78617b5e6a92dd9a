import { createClient } from '@clickhouse/client';
import { afterAll, describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { uniqueIdentifier } from '../support/names.ts';

describe('ClickHouse smoke', () => {
  const client = createClient({
    url: localStack.clickhouse.url,
    username: localStack.clickhouse.username,
    password: localStack.clickhouse.password,
  });
  const table = uniqueIdentifier('smoke');

  afterAll(async () => {
    await client.command({ query: `DROP TABLE IF EXISTS ${table}` });
    await client.close();
  });

  it('answers ping', async () => {
    const result = await client.ping();
    expect(result.success).toBe(true);
  });

  it('creates a ReplacingMergeTree, inserts JSONEachRow and reads back the deduplicated rows', async () => {
    await client.command({
      query: `CREATE TABLE ${table} (id String, day Date, version UInt32) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
    });
    await client.insert({
      table,
      format: 'JSONEachRow',
      values: [
        { id: 'a', day: '2026-11-25', version: 1 },
        { id: 'a', day: '2026-11-25', version: 2 },
        { id: 'b', day: '2026-11-24', version: 1 },
      ],
    });
    const result = await client.query({ query: `SELECT id, version FROM ${table} FINAL ORDER BY id`, format: 'JSONEachRow' });
    expect(await result.json()).toEqual([
      { id: 'a', version: 2 },
      { id: 'b', version: 1 },
    ]);
  });
});
