/**
 * The ClickHouse descriptor: what it tells the rest of Switchyard (secrets never shown, the local
 * service it points at, a run's own database), and that dropping a run's database leaves nothing.
 */
import { describe, expect, it } from 'vitest';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { loadClickHouseConfig } from './config.ts';
import { clickhouseStore } from './index.ts';
import { quoteString } from './quote.ts';
import { select } from './testing/testDatabase.ts';

describe('clickhouseStore', () => {
  it('redacts the password and points at the configured server', () => {
    const config = loadClickHouseConfig({ CLICKHOUSE_URL: 'https://sw:s3cret@abc.clickhouse.cloud:8443', CLICKHOUSE_PASSWORD: 's3cret' });
    expect(JSON.stringify(clickhouseStore.redact(config))).not.toContain('s3cret');
    expect(clickhouseStore.localServices(config)).toEqual({ clickhouse: config.url });
  });

  it('moves a run into a database of its own, and drops it with everything in it', async () => {
    const id = uniqueIdentifier('switchyard_run');
    expect(clickhouseStore.isolation.env(id)).toEqual({ CLICKHOUSE_DATABASE: id });
    const config = loadClickHouseConfig(clickhouseStore.isolation.env(id)); // the local stack's server by default
    const sink = clickhouseStore.connect(config);
    try {
      await sink.init();
      const exists = async () => (await select(sink, `SELECT name FROM system.databases WHERE name = ${quoteString(id)}`)).length;
      expect(await exists()).toBe(1);
      await clickhouseStore.isolation.drop(config);
      expect(await exists()).toBe(0);
    } finally {
      await sink.close();
    }
  });

  it("refuses to drop the default database, the deployment's own", async () => {
    await expect(clickhouseStore.isolation.drop(loadClickHouseConfig({}))).rejects.toThrow(/refusing to drop database switchyard/);
  });
});
