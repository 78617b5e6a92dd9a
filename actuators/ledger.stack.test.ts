import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStack } from '../config/endpoints.ts';
import { uniqueIdentifier } from '../test/support/names.ts';
import { type Ledger, postgresLedger } from './ledger.ts';

const schema = uniqueIdentifier('actuator_ledger_test');
let ledger: Ledger;
beforeAll(async () => {
  ledger = await postgresLedger({ url: localStack.postgres.url, schema });
});
afterAll(async () => {
  await ledger?.close();
  const client = new pg.Client({ connectionString: localStack.postgres.url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe('the PostgreSQL ledger', () => {
  it('claims fresh once, then uncertain with the note, then done for good', async () => {
    expect(await ledger.claim('cmd-1', 'jira')).toEqual({ state: 'fresh' });
    await ledger.note('cmd-1', { toStatus: 'In Review' });
    expect(await ledger.claim('cmd-1', 'jira')).toEqual({ state: 'uncertain', detail: { toStatus: 'In Review' } });
    await ledger.done('cmd-1', 'performed', { transitionId: '13' });
    expect(await ledger.claim('cmd-1', 'jira')).toEqual({ state: 'done' });
    await ledger.release('cmd-1');
    expect(await ledger.claim('cmd-1', 'jira')).toEqual({ state: 'done' });
  });

  it('forgets a released claim, and migrating again changes nothing', async () => {
    expect(await ledger.claim('cmd-2', 'slack')).toEqual({ state: 'fresh' });
    await ledger.release('cmd-2');
    expect(await ledger.claim('cmd-2', 'slack')).toEqual({ state: 'fresh' });
    const again = await postgresLedger({ url: localStack.postgres.url, schema });
    expect(await again.claim('cmd-2', 'slack')).toEqual({ state: 'uncertain', detail: null });
    await again.close();
  });

  it('lets exactly one of many concurrent claims be fresh', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, () => ledger.claim('cmd-3', 'jira')));
    expect(claims.filter((c) => c.state === 'fresh')).toHaveLength(1);
  });
});
