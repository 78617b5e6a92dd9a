/**
 * Every ClickHouse question of the catalogue, and sprint_top_committers (PostgreSQL's sprint dates,
 * ClickHouse's commits), asked through the access layer (openAccess: input checked, the readonly=1
 * reader user and the read-only PostgreSQL role, output checked) of a database and a schema of
 * their own. ClickHouse holds the "Shop" DORA history (dora/testing/shopHistory.ts, figures worked
 * out on paper) and the checkout month (testing/testScenario.ts: review times and committers worked
 * out in queries.stack.test.ts); PostgreSQL holds that month's sprint events, tied to Jira project PAY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessError } from '../../access/errors.ts';
import { openAccess, type Access } from '../../access/service.ts';
import { ErrorCodes, SwitchyardError } from '../../operators/errors.ts';
import { parseOrganizationFile } from '../organization.ts';
import { localConfig as postgresConfig, useTestSchema } from '../postgres/testing/testSchema.ts';
import { doraMetrics } from './dora/metrics.ts';
import { doraRules } from './dora/rules.ts';
import { shopEvents } from './dora/testing/shopEvents.ts';
import { API, at, SHOP_SCOPE, shopFacts, WEB } from './dora/testing/shopHistory.ts';
import { clickhouseQueries } from './queries.ts';
import { localConfig as clickhouseConfig, useTestDatabase } from './testing/testDatabase.ts';
import { HOUR, PROJECT, REPO, scenario, t } from './testing/testScenario.ts';

const organization = parseOrganizationFile(JSON.stringify({
  teams: [],
  projects: [
    { key: 'SHOP', name: 'Shop', repositories: [API, WEB], jiraKeys: ['SHOP', 'OPS'] },
    { key: PROJECT, name: 'Checkout', repositories: [REPO] },
  ],
}));
// Monday of Shop's last week of March 2025.
const NOW = at('2025-03-24T12:00');
const MARCH_2025 = { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') };
const LIMITS = { maxTopK: 10, timeoutMs: 20_000 };

const ch = useTestDatabase();
const pg = useTestSchema();
let access: Access;
let narrow: Access;
let noFile: Access;

beforeAll(async () => {
  const events = scenario();
  await ch.sink.write([...events, ...shopEvents()]);
  // The sprints as Jira's webhooks tie them to their project.
  await pg.sink.write(events.filter((e) => e.type === 'sprint.closed').map((e) => ({ ...e, projectKey: PROJECT })));
  const stores = { clickhouse: clickhouseConfig(ch.sink.database), postgres: postgresConfig(pg.sink.schema) };
  access = openAccess({ stores, limits: { ...LIMITS, rowCap: 50 }, organization, now: () => NOW });
  narrow = openAccess({ stores, limits: { ...LIMITS, rowCap: 2 }, organization, now: () => NOW });
  noFile = openAccess({ stores, limits: { ...LIMITS, rowCap: 50 }, now: () => NOW });
});
afterAll(async () => {
  await Promise.all([access?.close(), narrow?.close(), noFile?.close()]);
});

const failureOf = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error as SwitchyardError);

describe('the ClickHouse questions, through the access layer as the reader user', () => {
  it("dora_metrics: Shop's four keys for March 2025 are the ones worked out on paper", async () => {
    expect(await access.ask('dora_metrics', { project: 'shop', period: { month: '2025-03' } })).toEqual({
      project: 'SHOP',
      scope: SHOP_SCOPE,
      period: { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
      soFar: true,
      metrics: doraMetrics(shopFacts, SHOP_SCOPE, MARCH_2025, doraRules()),
    });
  });

  it("deployment_frequency: What's the deployment frequency for Shop this month? 10 deployments on 8 days", async () => {
    const answer = (await access.ask('deployment_frequency', { project: 'Shop' })) as { period: unknown; deploymentFrequency: { deployments: number; deploymentDays: number } };
    expect(answer.period).toEqual({ from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' });
    expect(answer.deploymentFrequency).toEqual(doraMetrics(shopFacts, SHOP_SCOPE, MARCH_2025, doraRules()).deploymentFrequency);
    expect(answer.deploymentFrequency).toMatchObject({ deployments: 10, deploymentDays: 8 });
  });

  it('dora_trend: each week as dora_metrics would answer it alone, this week last', async () => {
    const answer = (await access.ask('dora_trend', { project: 'Shop', weeks: 5 })) as { project: string; weeks: { week: string; metrics: unknown }[] };
    expect(answer.weeks.map((w) => w.week)).toEqual(['2025-02-24', '2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24']);
    for (const { week, metrics } of answer.weeks) {
      const from = Date.parse(week);
      expect(metrics, week).toEqual(doraMetrics(shopFacts, SHOP_SCOPE, { from, to: from + 7 * 24 * HOUR }, doraRules()));
    }
    // Not a trend of empty weeks: Shop deployed in these weeks (D3–D6 on acme/api the week of Mar 3).
    expect(answer.weeks.reduce((sum, w) => sum + (w.metrics as { deploymentFrequency: { deployments: number } }).deploymentFrequency.deployments, 0)).toBeGreaterThan(0);
  });

  it("pr_review_time_trend: the trend of PR review time over the quarter, cut at the row cap", async () => {
    const period = { from: '2024-01-01', to: '2024-04-01' };
    const weeks = [
      { week: '2024-02-26', count: 1, medianMs: 4 * HOUR, meanMs: 4 * HOUR },
      { week: '2024-03-04', count: 1, medianMs: 2 * HOUR, meanMs: 2 * HOUR },
      { week: '2024-03-11', count: 2, medianMs: 8 * HOUR, meanMs: 16 * HOUR },
    ];
    expect(await access.ask('pr_review_time_trend', { project: 'Checkout', period })).toEqual({ rows: weeks, truncated: false, limit: 50 });
    expect(await narrow.ask('pr_review_time_trend', { project: 'Checkout', period })).toEqual({ rows: weeks.slice(0, 2), truncated: true, limit: 2 });
  });

  it('pr_pickup_time_trend: the same weeks as the query itself gives', async () => {
    const period = { from: '2024-01-01', to: '2024-04-01' };
    const direct = await clickhouseQueries(ch.sink.client, ch.sink.database).prPickupTimeTrend({ repositories: [REPO], jiraKeys: [PROJECT] }, { from: t('2024-01-01T00:00:00Z'), to: t('2024-04-01T00:00:00Z') });
    expect(direct.length).toBeGreaterThan(0);
    expect(await access.ask('pr_pickup_time_trend', { project: PROJECT, period })).toEqual({ rows: direct, truncated: false, limit: 50 });
  });

  it('top_committers: Which developer has the most commits in the sprint window? cut at the row cap', async () => {
    const period = { from: '2024-03-04T00:00:00Z', to: '2024-03-18T00:00:00Z' };
    const all = [
      { developer: 'github:alice', login: 'alice', email: 'alice@acme.test', commits: 4 },
      { developer: 'github:bob', login: 'bob', email: 'bob@acme.test', commits: 3 },
      { developer: 'github:carol', login: 'carol', email: 'carol@acme.test', commits: 2 },
      { developer: 'email:dave@example.com', login: null, email: 'dave@example.com', commits: 1 },
    ];
    expect(await access.ask('top_committers', { project: PROJECT, period })).toEqual({ rows: all, truncated: false, limit: 10 });
    expect(await access.ask('top_committers', { project: PROJECT, period, limit: 3 })).toEqual({ rows: all.slice(0, 3), truncated: true, limit: 3 });
    expect(await narrow.ask('top_committers', { project: PROJECT, period })).toEqual({ rows: all.slice(0, 2), truncated: true, limit: 2 });
  });

  it('pull_request: merged, open, any case of the repository, and unknown', async () => {
    expect(await access.ask('pull_request', { repository: 'ACME/Checkout', number: 1 })).toEqual({
      pullRequest: { repository: REPO, number: 1, title: 'PR 1', body: null, author: 'alice', state: 'merged', createdAt: '2024-03-01T12:00:00.000Z', mergedAt: '2024-03-02T10:00:00.000Z' },
    });
    expect(await access.ask('pull_request', { repository: REPO, number: 4 })).toMatchObject({ pullRequest: { state: 'open', author: 'alice', mergedAt: null } });
    expect(await access.ask('pull_request', { repository: REPO, number: 99 })).toEqual({ pullRequest: null });
  });

  it('an unknown project is a 404 listing the known ones; without the organization file, a refusal naming the setting', async () => {
    const unknown = await failureOf(access.ask('dora_metrics', { project: 'Payments' }));
    expect(unknown.code).toBe(ErrorCodes.unknownProject);
    expect(unknown.message).toContain('its projects: SHOP (Shop), PAY (Checkout)');
    const refused = await failureOf(noFile.ask('top_committers', { project: 'Shop' }));
    expect(refused).toBeInstanceOf(AccessError);
    expect((refused as AccessError).status).toBe(403);
    expect(refused.message).toContain('SWITCHYARD_TEAMS_FILE');
  });

  it('hostile text is a value: nothing found, nothing changed', async () => {
    const count = async () => (await ch.sink.client.query({ query: `SELECT count() AS n FROM ${ch.sink.database}.events`, format: 'JSONEachRow' }).then((r) => r.json<{ n: string }>()))[0]!.n;
    const before = await count();
    expect(await access.ask('pull_request', { repository: "acme/x'--", number: 1 }).catch((e: unknown) => (e as AccessError).status)).toBe(400);
    expect(await access.ask('pull_request', { repository: 'acme/checkout', number: 2 ** 53 - 1 })).toEqual({ pullRequest: null });
    expect(await count()).toBe(before);
  });
});

describe('sprint_top_committers (PostgreSQL sprint dates, then ClickHouse commits)', () => {
  it('Which developer has the most commits this sprint? the latest sprint, 12: Mar 4 15:00 to Mar 18 15:00', async () => {
    expect(await access.ask('sprint_top_committers', { project: PROJECT })).toEqual({
      project: PROJECT,
      sprint: { id: 12, name: 'Sprint 12', from: '2024-03-04T15:00:00.000Z', to: '2024-03-18T15:00:00.000Z' },
      committers: {
        // a1 and b1 are before 15:00 on Mar 4; x1 (Mar 18 00:00) is inside this window.
        rows: [
          { developer: 'github:alice', login: 'alice', email: 'alice@acme.test', commits: 3 },
          { developer: 'github:carol', login: 'carol', email: 'carol@acme.test', commits: 3 },
          { developer: 'github:bob', login: 'bob', email: 'bob@acme.test', commits: 2 },
          { developer: 'email:dave@example.com', login: null, email: 'dave@example.com', commits: 1 },
        ],
        truncated: false,
        limit: 50,
      },
    });
  });

  it('a sprint by id (11: only a0), one that is not the project\'s (none), and the row cap', async () => {
    expect(await access.ask('sprint_top_committers', { project: PROJECT, sprint: 11 })).toMatchObject({
      sprint: { id: 11, from: '2024-02-19T09:00:00.000Z', to: '2024-03-04T09:00:00.000Z' },
      committers: { rows: [{ developer: 'github:alice', commits: 1 }], truncated: false },
    });
    expect(await access.ask('sprint_top_committers', { project: PROJECT, sprint: 99 })).toEqual({ project: PROJECT, sprint: null, committers: { rows: [], truncated: false, limit: 50 } });
    expect(await narrow.ask('sprint_top_committers', { project: PROJECT })).toMatchObject({ committers: { rows: [{ developer: 'github:alice' }, { developer: 'github:carol' }], truncated: true, limit: 2 } });
  });
});
