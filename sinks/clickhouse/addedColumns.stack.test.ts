/**
 * A database created by an older release gets the columns added since (ddl.ts ADDED_COLUMNS) when
 * the sink starts, in the place a new table has them, and a second start changes nothing: 18.16
 * has no `ADD COLUMN IF NOT EXISTS`, so `init` checks system.columns first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { ADDED_COLUMNS, ddlStatements } from './ddl.ts';
import { clickhouseSink } from './sink.ts';
import { localConfig, select } from './testing/testDatabase.ts';

const database = uniqueIdentifier('switchyard_test');
const sink = clickhouseSink(localConfig(database));
afterAll(async () => {
  await sink.client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  await sink.close();
});

// In table order: 18.16's system.columns has no `position`, and lists a table's columns in order.
const columns = async () => (await select<{ name: string }>(sink, `SELECT name FROM system.columns WHERE database = '${database}' AND table = 'events'`)).map((c) => c.name);

describe('columns added after a release', () => {
  it("are added to an older release's table where a new table has them, once", async () => {
    // The events table as the release before ADDED_COLUMNS created it.
    const older = ddlStatements(database).map((statement) => ({ ...statement, sql: ADDED_COLUMNS.reduce((sql, c) => sql.replace(new RegExp(`,\\n\\s*${c.name} ${c.type.replace(/[()]/g, '\\$&')}`), ''), statement.sql) }));
    for (const statement of older) await sink.client.command({ query: statement.sql });
    expect(await columns()).not.toContain('ci_name');

    await sink.init();
    const upgraded = await columns();
    expect(upgraded.slice(upgraded.indexOf('completed_points'))).toEqual(['completed_points', 'ci_name', 'ci_run_id']);
    await sink.init();
    expect(await columns()).toEqual(upgraded);
  });
});
