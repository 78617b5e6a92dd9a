/**
 * A database created by an older release gets the columns added since (ddl.ts ADDED_COLUMNS) when
 * the sink starts, in the place a new table has them, and a second start changes nothing: 18.16
 * has no `ADD COLUMN IF NOT EXISTS`, so `init` checks system.columns first. The DORA figures read
 * the same before and after: rows of the older table have no ci_name, and are read by payload.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { ADDED_COLUMNS, ddlStatements } from './ddl.ts';
import { doraMetrics } from './dora/metrics.ts';
import { readFacts } from './dora/readFacts.ts';
import { doraRules } from './dora/rules.ts';
import { shopEvents } from './dora/testing/shopEvents.ts';
import { at, SHOP_SCOPE, shopFacts } from './dora/testing/shopHistory.ts';
import { rowsOf } from '../handlers.ts';
import { clickhouseHandlers } from './handlers.ts';
import { tableRows } from './rows.ts';
import { clickhouseSink } from './sink.ts';
import { localConfig, select } from './testing/testDatabase.ts';

const database = uniqueIdentifier('switchyard_test');
const sink = clickhouseSink(localConfig(database));
afterAll(async () => {
  await sink.client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  await sink.close();
});

// In table order: 18.16's system.columns has no `position`, and lists a table's columns in order.
const olderRelease = (name: string) =>
  ddlStatements(name).map((statement) => ({ ...statement, sql: ADDED_COLUMNS.reduce((sql, c) => sql.replace(new RegExp(`,\\n\\s*${c.name} ${c.type.replace(/[()]/g, '\\$&')}`), ''), statement.sql) }));

const columns = async () => (await select<{ name: string }>(sink, `SELECT name FROM system.columns WHERE database = '${database}' AND table = 'events'`)).map((c) => c.name);

describe('columns added after a release', () => {
  it("are added to an older release's table where a new table has them, once", async () => {
    // The events table as the release before ADDED_COLUMNS created it.
    const older = ddlStatements(database).map((statement) => ({ ...statement, sql: ADDED_COLUMNS.reduce((sql, c) => sql.replace(new RegExp(`,\\n\\s*${c.name} ${c.type.replace(/[()]/g, '\\$&')}`), ''), statement.sql) }));
    for (const statement of older) await sink.client.command({ query: statement.sql });
    expect(await columns()).not.toContain('ci_name');

    // Before a sink has started on it, the DORA figures read CI runs from their payloads.
    const rows = tableRows(shopEvents().flatMap((event) => rowsOf(clickhouseHandlers, event)), 1);
    await sink.client.insert({ table: `${database}.events`, values: rows.events, format: 'JSONEachRow', clickhouse_settings: { input_format_skip_unknown_fields: 1 } });
    const march = { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') };
    const expected = doraMetrics(shopFacts, SHOP_SCOPE, march, doraRules());
    expect(doraMetrics(await readFacts(sink.client, database, SHOP_SCOPE, march, doraRules()), SHOP_SCOPE, march, doraRules())).toEqual(expected);

    await sink.init();
    const upgraded = await columns();
    expect(upgraded.slice(upgraded.indexOf('completed_points'))).toEqual(['completed_points', 'ci_name', 'ci_run_id']);
    await sink.init();
    expect(await columns()).toEqual(upgraded);
    // After it, the rows written before (ci_name NULL) still count.
    expect(doraMetrics(await readFacts(sink.client, database, SHOP_SCOPE, march, doraRules()), SHOP_SCOPE, march, doraRules())).toEqual(expected);
  });

  it('are added once when two processes start at the same time: the one that loses the race starts too', async () => {
    const raced = uniqueIdentifier('switchyard_test');
    const sinks = [clickhouseSink(localConfig(raced)), clickhouseSink(localConfig(raced))];
    try {
      for (const statement of olderRelease(raced)) await sinks[0]!.client.command({ query: statement.sql });
      await Promise.all(sinks.map((s) => s.init()));
      const found = await select<{ name: string }>(sinks[0]!, `SELECT name FROM system.columns WHERE database = '${raced}' AND table = 'events' AND name LIKE 'ci_%'`);
      expect(found.map((c) => c.name).sort()).toEqual(['ci_name', 'ci_run_id']);
    } finally {
      await sinks[0]!.client.command({ query: `DROP DATABASE IF EXISTS ${raced}` });
      await Promise.all(sinks.map((s) => s.close()));
    }
  });
});
