/**
 * Every panel of every dashboard in grafana/dashboards, run without a Grafana: its SQL expanded as
 * the ClickHouse plugin would (testing/expandQuery.ts), against the stack's ClickHouse (18.16, so
 * the oldest server the DDL supports) in a database of its own made by the sink's DDL and filled
 * through the sink with two hand-built histories whose figures are known (testScenario.ts: a
 * month of acme/checkout; shopHistory.ts: Shop's deployments). Read as the access layer's
 * read-only user (readonly=1), as Grafana's user is.
 *
 * Each panel must run for "All" and for one repository and return the columns it plots; the
 * figures are checked against the timeline, and review time and top committers against the
 * access layer's own queries (queries.ts) for the same scope and range.
 */
import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStack } from '../config/endpoints.ts';
import { kindIn } from '../sinks/clickhouse/ddl.ts';
import { shopEvents } from '../sinks/clickhouse/dora/testing/shopEvents.ts';
import { API, shopFacts, WEB } from '../sinks/clickhouse/dora/testing/shopHistory.ts';
import { clickhouseQueries } from '../sinks/clickhouse/queries.ts';
import { useTestDatabase } from '../sinks/clickhouse/testing/testDatabase.ts';
import { HOUR, REPO, scenario, t } from '../sinks/clickhouse/testing/testScenario.ts';
import { expandQuery, type VariableValue } from './testing/expandQuery.ts';

interface Target { rawSql: string; queryType: 'table' | 'timeSeries' }
interface Panel { id: number; title: string; targets: Target[] }
interface Dashboard { uid: string; templating: { list: { name: string; query: string }[] }; panels: Panel[] }
interface Result { meta: { name: string; type: string }[]; data: Record<string, unknown>[] }

const folder = path.resolve(import.meta.dirname, 'dashboards');
const dashboards = readdirSync(folder).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as Dashboard);
const dora = dashboards.find((d) => d.uid === 'switchyard-dora');

/** What each panel of switchyard-dora plots, by panel id; a panel added without an entry fails. */
const COLUMNS: Record<number, readonly string[]> = {
  1: ['time', 'deployments', 'deployment_days'],
  2: ['time', 'median_hours', 'pull_requests'],
  3: ['time', 'deployments', 'failed_deployments', 'change_failure_pct'],
  4: ['time', 'median_hours', 'incidents'],
  5: ['time', 'median_hours', 'pull_requests'],
  6: ['developer', 'commits'],
  7: ['time', 'source', 'events'],
  8: ['kind', 'source', 'events'],
  9: ['board_id', 'sprint_id', 'name', 'completed', 'committed_points', 'completed_points'],
};

const db = useTestDatabase();
let reader: ClickHouseClient;
let repositories: string[];

beforeAll(async () => {
  await db.sink.write([...scenario(), ...shopEvents()]);
  reader = createClient({
    url: localStack.clickhouse.url,
    username: 'switchyard_reader',
    password: '',
    database: db.sink.database,
    // A readonly=1 user may not set enable_http_compression (sinks/clickhouse/README.md, "Read side").
    compression: { request: false, response: false },
    log: { level: ClickHouseLogLevel.OFF },
  });
  repositories = (await run(dora?.templating.list.find((v) => v.name === 'repository')?.query ?? 'no variable')).data.map((row) => String(row.repository));
});

afterAll(async () => {
  await reader?.close();
});

async function run(query: string): Promise<Result> {
  return await (await reader.query({ query, format: 'JSON' })).json<Result['data'][number]>() as unknown as Result;
}

function panel(id: number): Panel {
  const found = dora?.panels.find((p) => p.id === id);
  if (found === undefined) throw new Error(`switchyard-dora has no panel ${id}`);
  return found;
}

/** One panel's first target, expanded for a range and a repository choice, run. */
async function runPanel(id: number, range: { from: number; to: number }, selected: VariableValue['selected']): Promise<Record<string, unknown>[]> {
  const sql = expandQuery(panel(id).targets[0]?.rawSql ?? '', { from: new Date(range.from), to: new Date(range.to), intervalSeconds: 86_400, variables: { repository: { options: repositories, selected } } });
  return (await run(sql)).data;
}

/** The time column as Grafana reads it (DateTime in UTC) → the Monday it stands for. */
const day = (value: unknown) => String(value).slice(0, 10);
const march2024 = { from: t('2024-03-01T00:00:00Z'), to: t('2024-03-31T23:59:59Z') };
const march2025 = { from: t('2025-03-01T00:00:00Z'), to: t('2025-03-31T23:59:59Z') };

describe('switchyard-dora', () => {
  it('has an entry here for every panel it plots', () => {
    expect(dora).toBeDefined();
    expect(dora?.panels.map((p) => p.id).sort((a, b) => a - b)).toEqual(Object.keys(COLUMNS).map(Number));
  });

  it('offers every repository with events as the $repository choice', () => {
    expect(repositories).toEqual(expect.arrayContaining([REPO, API, WEB]));
    expect(repositories).toEqual([...repositories].sort());
  });

  it('runs every panel of every dashboard for All and for one repository, returning the columns it plots', async () => {
    for (const dashboard of dashboards) {
      for (const p of dashboard.panels) {
        for (const target of p.targets) {
          for (const selected of ['all', [REPO]] as const) {
            const sql = expandQuery(target.rawSql, { from: new Date(march2024.from), to: new Date(march2024.to), intervalSeconds: 86_400, variables: { repository: { options: repositories, selected } } });
            const result = await run(sql).catch((error: unknown) => {
              throw new Error(`${dashboard.uid} panel ${p.id} "${p.title}" (${String(selected)}): ${String(error)}`);
            });
            expect(result.meta.map((m) => m.name), p.title).toEqual(COLUMNS[p.id]);
            expect(result.data.length, `${p.title} (${String(selected)}) returns rows`).toBeGreaterThan(0);
            if (target.queryType === 'timeSeries') {
              // Grafana's time series need a DateTime called time, then a label or numbers.
              expect(result.meta[0]?.type, p.title).toMatch(/^DateTime/);
              for (const m of result.meta.slice(1).filter((m) => m.name !== 'source')) expect(m.type, `${p.title}: ${m.name}`).toMatch(/Int|Float/);
            }
          }
        }
      }
    }
  });

  it('top committers reads the kinds the access layer reads', () => {
    expect(panel(6).targets[0]?.rawSql).toContain(kindIn(['commit.pushed']));
  });
});

describe('the DORA panels: approximations, checked against the timeline', () => {
  it('deployment frequency counts successful production GitHub Deployments per Monday week, with their days', async () => {
    // Shop's, in both repositories: "production", "prod" and "Production-EU" count; staging and the failed D7 do not.
    const expected = new Map<string, { deployments: number; days: Set<string> }>();
    for (const d of shopFacts.deployments) {
      if (![API, WEB].includes(d.repository) || d.succeededAtMs === null || !d.environment.toLowerCase().includes('prod')) continue;
      if (d.succeededAtMs < march2025.from || d.succeededAtMs > march2025.to) continue;
      const at = new Date(d.succeededAtMs);
      const monday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - ((at.getUTCDay() + 6) % 7)));
      const week = expected.get(day(monday.toISOString())) ?? { deployments: 0, days: new Set<string>() };
      week.deployments++;
      week.days.add(day(at.toISOString()));
      expected.set(day(monday.toISOString()), week);
    }
    const rows = await runPanel(1, march2025, [API, WEB]);
    expect(rows.map((r) => ({ week: day(r.time), deployments: Number(r.deployments), days: Number(r.deployment_days) }))).toEqual(
      [...expected].sort(([a], [b]) => a.localeCompare(b)).map(([week, v]) => ({ week, deployments: v.deployments, days: v.days.size })),
    );
    // By hand: API D2 (Sun Mar 2), WEB D20 (Sat Mar 1); API D4, D5, D6 (Mar 5–6); WEB D22, D23 (Mar 12); WEB D24.
    expect(rows.map((r) => Number(r.deployments))).toEqual([2, 3, 2, 1]);
  });

  it('change failure rate attributes each alert to its repository\'s last deployment before it', async () => {
    // acme/checkout in March: D101 (week of Feb 26); D103 and D104 (Mar 5: fp1 at 12:00 follows
    // D103's 10:30, before D104's 13:10); D105; D107 (fp2 and fp3 follow it). D102 failed: no deployment.
    const rows = await runPanel(3, march2024, [REPO]);
    expect(rows.map((r) => [day(r.time), Number(r.deployments), Number(r.failed_deployments), Number(r.change_failure_pct)])).toEqual([
      ['2024-02-26', 1, 0, 0],
      ['2024-03-04', 2, 1, 50],
      ['2024-03-11', 1, 0, 0],
      ['2024-03-18', 1, 1, 100],
    ]);
  });

  it('time to restore is firing → resolved of the alerts resolved in the range', async () => {
    // fp1 12:00–13:30 (1.5 h), fp2 02:00–06:00 (4 h); fp3 still firing; fp0 resolved in February.
    const rows = await runPanel(4, march2024, [REPO]);
    expect(rows.map((r) => [day(r.time), Number(r.median_hours), Number(r.incidents)])).toEqual([['2024-03-04', 1.5, 1], ['2024-03-18', 4, 1]]);
  });

  it('lead time runs from the first commit (else the opening) to the next production deployment after the merge', async () => {
    const rows = await runPanel(2, march2024, [REPO]);
    const hours = (from: string, to: string) => (t(to) - t(from)) / HOUR;
    expect(rows.map((r) => [day(r.time), Number(r.median_hours), Number(r.pull_requests)])).toEqual([
      // PR#1: first commit Mar 1 09:00 → D101 Mar 2 11:20.
      ['2024-02-26', hours('2024-03-01T09:00:00Z', '2024-03-02T11:20:00Z'), 1],
      // PR#2: first commit unknown, opened Mar 4 09:00 → merged Mar 5 08:00; D102 failed, D103 10:30.
      ['2024-03-04', hours('2024-03-04T09:00:00Z', '2024-03-05T10:30:00Z'), 1],
      // PR#3: first commit Mar 10 08:00 → merged Mar 12 09:00; D106 is staging, D105 10:25.
      ['2024-03-11', hours('2024-03-10T08:00:00Z', '2024-03-12T10:25:00Z'), 1],
    ].map(([week, value, count]) => [week, expect.closeTo(value as number, 6), count]));
  });
});

describe('the panels the access layer answers too: the same figures', () => {
  const q = () => clickhouseQueries(db.sink.client, db.sink.database);

  it('PR review time: the weekly medians and counts of prReviewTimeTrend', async () => {
    const quarter = { from: t('2024-01-01T00:00:00Z'), to: t('2024-04-01T00:00:00Z') };
    const rows = await runPanel(5, { from: quarter.from, to: quarter.to - 1000 }, [REPO]);
    const expected = await q().prReviewTimeTrend({ repositories: [REPO] }, quarter);
    expect(expected.length).toBe(3);
    expect(rows.map((r) => ({ week: day(r.time), count: Number(r.pull_requests), medianMs: Number(r.median_hours) * HOUR }))).toEqual(
      expected.map((w) => ({ week: w.week, count: w.count, medianMs: w.medianMs === null ? null : expect.closeTo(w.medianMs, 3) })),
    );
  });

  it('top committers: the developers and commit counts of topCommitters', async () => {
    // Sprint 12's window; Grafana's range includes its last second, so it ends a second early.
    const sprint = { from: t('2024-03-04T00:00:00Z'), to: t('2024-03-18T00:00:00Z') };
    const rows = await runPanel(6, { from: sprint.from, to: sprint.to - 1000 }, [REPO]);
    const expected = await q().topCommitters({ repositories: [REPO] }, sprint, 20);
    expect(expected.length).toBe(4);
    expect(rows.map((r) => ({ developer: r.developer, commits: Number(r.commits) }))).toEqual(expected.map((c) => ({ developer: c.developer, commits: c.commits })));
  });
});

describe('why Grafana has a user of its own', () => {
  it('the access layer\'s reader refuses the max_execution_time the plugin sends with every query', async () => {
    await expect(reader.query({ query: 'SELECT 1', format: 'JSON', clickhouse_settings: { max_execution_time: 30 } })).rejects.toThrow(/Code: 164|readonly/i);
  });
});
