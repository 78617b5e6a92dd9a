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
import { API, at, MINUTE, SHOP_SCOPE, shopFacts, WEB } from './dora/testing/shopHistory.ts';
import type { EngEvent, Identity } from '../../avro/generated/types.ts';
import { envelope } from '../testing/envelope.ts';
import { deliveryTimeline } from './dora/timeline.ts';
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

/** Shop's pickups (its history has none): bob reviews alice's acme/api#1 at Mar 1 12:00 and comments on acme/web#11 at Mar 9 13:00. */
const bob: Identity = { source: 'github', accountId: '2', login: 'bob', displayName: 'bob', email: null };
const alice: Identity = { source: 'github', accountId: '1', login: 'alice', displayName: 'alice', email: null };
const shopPickups = (): EngEvent[] => [
  envelope('review.submitted', 'shop-review-api-1', at('2025-03-01T12:00'), { repository: API, pullRequestNumber: 1, pullRequestAuthor: alice, reviewId: 7001, reviewer: bob, state: 'commented', submittedAt: at('2025-03-01T12:00'), commitId: 'head1', url: 'https://github.com/r' }, { repository: API, actor: bob }),
  envelope('review.submitted', 'shop-review-web-11', at('2025-03-09T13:00'), { repository: WEB, pullRequestNumber: 11, pullRequestAuthor: alice, reviewId: 7002, reviewer: bob, state: 'approved', submittedAt: at('2025-03-09T13:00'), commitId: 'head11', url: 'https://github.com/r' }, { repository: WEB, actor: bob }),
];
const shopAll = (): EngEvent[] => [...shopEvents(), ...shopPickups()];

beforeAll(async () => {
  const events = scenario();
  await ch.sink.write([...events, ...shopAll()]);
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

  it('dora_trend with a period: the ISO weeks covering March 2025, each as dora_metrics would answer it; over 52 weeks a 400', async () => {
    const answer = (await access.ask('dora_trend', { project: 'Shop', period: { month: '2025-03' } })) as { weeks: { week: string; metrics: unknown }[] };
    expect(answer.weeks.map((w) => w.week)).toEqual(['2025-02-24', '2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31']);
    for (const { week, metrics } of answer.weeks) {
      const from = Date.parse(week);
      expect(metrics, week).toEqual(doraMetrics(shopFacts, SHOP_SCOPE, { from, to: from + 7 * 24 * HOUR }, doraRules()));
    }
    const tooLong = await failureOf(access.ask('dora_trend', { project: 'Shop', period: { from: '2024-01-01', to: '2025-04-01' } }));
    expect((tooLong as AccessError).status).toBe(400);
    expect((tooLong as AccessError).details.problems?.map((p) => p.path)).toEqual(['input.period']);
  });

  it("project_activity: Shop's first and last event and how many, replays counted once, alerts labelled SHOP included", async () => {
    const inScope = shopAll().filter((e) => (e.repository !== null && SHOP_SCOPE.repositories.includes(e.repository)) || (e.projectKey !== null && SHOP_SCOPE.jiraKeys.includes(e.projectKey))
      || ((e.type === 'alert.firing' || e.type === 'alert.resolved') && SHOP_SCOPE.jiraKeys.includes(e.payload.labels.project ?? '')));
    const times = inScope.map((e) => e.occurredAt);
    const expected = { project: 'SHOP', firstAt: new Date(Math.min(...times)).toISOString(), lastAt: new Date(Math.max(...times)).toISOString(), events: new Set(inScope.map((e) => e.eventId)).size };
    expect(await access.ask('project_activity', { project: 'Shop' })).toEqual(expected);
    // Written again (a replay): the same answer.
    await ch.sink.write(shopEvents().slice(0, 5));
    expect(await access.ask('project_activity', { project: 'Shop' })).toEqual(expected);
    expect(expected.events).toBeGreaterThan(50);
  });

  it("lead_time_breakdown: March's stages over the same pull requests dora_metrics' lead time counts", async () => {
    const answer = await access.ask('lead_time_breakdown', { project: 'Shop', period: { month: '2025-03' } });
    const leadTime = doraMetrics(shopFacts, SHOP_SCOPE, MARCH_2025, doraRules()).leadTimeForChanges;
    expect(answer).toEqual({
      project: 'SHOP',
      period: { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
      soFar: true,
      pullRequests: leadTime.count,
      // Worked out in dora/stages.test.ts: PR#1 1500, #3 60, #11 120, #12 60 minutes; #2 began before its opening, #13 is a fork's.
      coding: { count: 4, medianMs: 60 * MINUTE, meanMs: (1740 / 4) * MINUTE },
      // api#1 opened Mar 1 10:00, picked up 12:00, merged Mar 2 10:00; web#11 opened Mar 9 11:00, picked up 13:00, merged 16:00.
      pickup: { count: 2, medianMs: 120 * MINUTE, meanMs: 120 * MINUTE },
      review: { count: 2, medianMs: 180 * MINUTE, meanMs: ((1320 + 180) / 2) * MINUTE },
      deploy: { count: 6, medianMs: 120 * MINUTE, meanMs: (2600 / 6) * MINUTE },
    });
    expect(leadTime.count).toBe(6);
  });

  it('delivery_timeline: the deployments deployment_frequency counts, failed as change_failure_rate counts, and the incidents, oldest first', async () => {
    const answer = (await access.ask('delivery_timeline', { project: 'Shop', period: { month: '2025-03' } })) as { deployments: { failed: boolean }[]; incidents: unknown[]; truncated: boolean };
    const figures = (await access.ask('dora_metrics', { project: 'Shop', period: { month: '2025-03' } })) as { metrics: { deploymentFrequency: { deployments: number }; changeFailureRate: { failedDeployments: number } } };
    const expected = deliveryTimeline(shopFacts, SHOP_SCOPE, MARCH_2025, doraRules());
    expect(answer).toEqual({
      project: 'SHOP',
      period: { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
      deployments: expected.deployments.map(({ finishedAtMs, ...d }) => ({ ...d, finishedAt: new Date(finishedAtMs).toISOString() })),
      incidents: expected.incidents.map(({ startedAtMs, resolvedAtMs, ...i }) => ({ ...i, startedAt: new Date(startedAtMs).toISOString(), resolvedAt: resolvedAtMs === null ? null : new Date(resolvedAtMs).toISOString() })),
      truncated: false,
    });
    expect(answer.deployments).toHaveLength(figures.metrics.deploymentFrequency.deployments);
    expect(answer.deployments.filter((d) => d.failed)).toHaveLength(figures.metrics.changeFailureRate.failedDeployments);
    expect(answer.incidents).toHaveLength(4);
    expect(await narrow.ask('delivery_timeline', { project: 'Shop', period: { month: '2025-03' } })).toMatchObject({ deployments: answer.deployments.slice(0, 2), incidents: answer.incidents.slice(0, 2), truncated: true });
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
