/**
 * A store down while the access layer serves: ClickHouse (a private server of this test, the
 * stack's binary and users) is stopped under `switchyard serve`; PostgreSQL is a fresh schema of
 * the stack's, migrated by its sink. Its questions answer 503 naming
 * it and /readyz says so, while PostgreSQL's keep answering; started again, it answers again.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { openAccess } from '../access/service.ts';
import { SHOP_ORGANIZATION } from '../access/testing/populatedCorner.ts';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../observability/logger.ts';
import { shopEvents } from '../sinks/clickhouse/dora/testing/shopEvents.ts';
import { clickhouseSink } from '../sinks/clickhouse/sink.ts';
import { parseOrganizationFile } from '../sinks/organization.ts';
import { postgresStore } from '../sinks/postgres/index.ts';
import { privateClickHouse } from '../test/support/privateClickHouse.ts';
import { uniqueIdentifier } from '../test/support/names.ts';
import { startServe } from './server.ts';
import { testSettings } from './testing/testQuestions.ts';

const LIMITS = { rowCap: 100, maxTopK: 10, timeoutMs: 5_000 };

/** A private ClickHouse holding the Shop history, PostgreSQL the stack's, served on a free port. */
async function served() {
  const clickhouse = await privateClickHouse();
  const stack = loadConfig(process.env);
  const chConfig = { ...stack.stores.clickhouse, url: clickhouse.url, database: uniqueIdentifier('down') };
  const sink = clickhouseSink(chConfig);
  await sink.init();
  await sink.write(shopEvents());
  await sink.close();
  // PostgreSQL's own corner, migrated by its sink (a fresh stack has no tables in the default schema).
  const pgConfig = { ...stack.stores.postgres, schema: uniqueIdentifier('down') };
  const pgSink = postgresStore.connect(pgConfig);
  await pgSink.init();
  await pgSink.close();
  onTestFinished(() => postgresStore.isolation.drop(pgConfig));
  const access = openAccess({ stores: { postgres: pgConfig, clickhouse: chConfig }, limits: LIMITS, organization: parseOrganizationFile(JSON.stringify(SHOP_ORGANIZATION)) });
  onTestFinished(() => access.close());
  const server = await startServe({ access, settings: testSettings({ limits: LIMITS }), logger: createLogger({ level: 'silent' }), port: 0 });
  onTestFinished(() => server.close());
  const ask = async (name: string, input: unknown) => {
    const response = await fetch(`${server.url}/v1/questions/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  return { clickhouse, server, ask };
}

const DORA = { project: 'Shop', period: { month: '2025-03' } };

describe('a store down under the access layer', () => {
  it('answers 503 naming the store, keeps answering the others, and recovers when it is back', async () => {
    const { clickhouse, server, ask } = await served();
    expect((await ask('deployment_frequency', DORA)).body.deploymentFrequency.deployments).toBe(10);

    await clickhouse.stop();
    const down = await ask('deployment_frequency', DORA);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'SWY_ACCESS_STORE_UNAVAILABLE', store: 'clickhouse', detail: expect.stringContaining('ClickHouse is unavailable') });
    // PostgreSQL's questions are untouched by it.
    const other = await ask('user_by_github_login', { login: 'nobody-here' });
    expect(other).toEqual({ status: 200, body: { user: null } });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { notReady: string[] }).notReady).toEqual(['access:clickhouse']);

    await clickhouse.start();
    expect((await ask('deployment_frequency', DORA)).body.deploymentFrequency.deployments).toBe(10);
  }, 120_000);
});
