/**
 * The PostgreSQL descriptor: what it tells the rest of Switchyard (secrets never shown, the local
 * service it points at, a run's own schema), and that dropping a run's schema leaves nothing.
 */
import { describe, expect, it } from 'vitest';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { loadPostgresConfig } from './config.ts';
import { postgresStore } from './index.ts';

describe('postgresStore', () => {
  it('redacts the password and points at the configured server', () => {
    const config = loadPostgresConfig({ POSTGRES_URL: 'postgres://app:s3cret@aurora.example:5432/eng' });
    expect(JSON.stringify(postgresStore.redact(config))).not.toContain('s3cret');
    expect(postgresStore.localServices(config)).toEqual({ postgres: config.url });
  });

  it('moves a run into a schema of its own, and drops it with everything in it', async () => {
    const id = uniqueIdentifier('switchyard_run');
    expect(postgresStore.isolation.env(id)).toEqual({ POSTGRES_SCHEMA: id });
    const config = loadPostgresConfig(postgresStore.isolation.env(id)); // the local stack's server by default
    const sink = postgresStore.connect(config);
    try {
      await sink.init();
      const exists = async () => (await sink.pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [id])).rowCount;
      expect(await exists()).toBe(1);
      await postgresStore.isolation.drop(config);
      expect(await exists()).toBe(0);
    } finally {
      await sink.close();
    }
  });

  it("refuses to drop the default schema, the deployment's own", async () => {
    await expect(postgresStore.isolation.drop(loadPostgresConfig({}))).rejects.toThrow(/refusing to drop schema public/);
  });
});
