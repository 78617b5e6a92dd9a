/**
 * The guide's ClickHouse questions other than DORA (review time, top committers, sprint velocity),
 * answered by the real ClickHouse of the stack over the hand-built month of testScenario.ts.
 * Every expected number is worked out in the comments from the scenario's timeline. The DORA
 * figures have their own history and tests: dora/metrics.test.ts and dora/dora.stack.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clickhouseQueries, type ClickHouseQueries } from './queries.ts';
import { useTestDatabase } from './testing/testDatabase.ts';
import { BOARD, HOUR, PROJECT, REPO, scenario, t } from './testing/testScenario.ts';

const db = useTestDatabase();
let q: ClickHouseQueries;
const project = { repositories: [REPO], jiraKeys: [PROJECT] };
const march = { from: t('2024-03-01T00:00:00Z'), to: t('2024-04-01T00:00:00Z') };
const sprint12 = { from: t('2024-03-04T00:00:00Z'), to: t('2024-03-18T00:00:00Z') };

beforeAll(async () => {
  await db.sink.write(scenario());
  q = clickhouseQueries(db.sink.client, db.sink.database);
});

describe('the guide: "Show me the trend of PR review time over the last quarter"', () => {
  it('gives, per week of opening, the time to the first review by someone else', async () => {
    expect(await q.prReviewTimeTrend(project, { from: t('2024-01-01T00:00:00Z'), to: t('2024-04-01T00:00:00Z') })).toEqual([
      // PR#1 opened Fri Mar 1 12:00, bob reviewed 16:00.
      { week: '2024-02-26', count: 1, medianMs: 4 * HOUR, meanMs: 4 * HOUR },
      // PR#2 opened Mar 4 09:00; bob's own comment at 09:30 does not count; carol at 11:00.
      { week: '2024-03-04', count: 1, medianMs: 2 * HOUR, meanMs: 2 * HOUR },
      // PR#3 8h, PR#4 24h (reviewed, never merged: review time does not need a merge); DevLake's
      // median of an even count is the lower middle value.
      { week: '2024-03-11', count: 2, medianMs: 8 * HOUR, meanMs: 16 * HOUR },
      // PR#5's review is stamped before its opening: DevLake drops a negative span, so no week of Mar 18.
    ]);
  });
});

describe('the guide: "Which developer has the most commits this sprint?"', () => {
  it('counts distinct commits per developer in the sprint window', async () => {
    // alice a1–a4 (a0 is before the sprint); bob b1–b3 (b2 pushed to two branches counts once);
    // carol c1, c2 (x1 is the first second after it; o1–o5 are another repository); dave has
    // no GitHub login and is known by email.
    expect(await q.topCommitters(project, sprint12)).toEqual([
      { developer: 'github:alice', login: 'alice', email: 'alice@acme.test', commits: 4 },
      { developer: 'github:bob', login: 'bob', email: 'bob@acme.test', commits: 3 },
      { developer: 'github:carol', login: 'carol', email: 'carol@acme.test', commits: 2 },
      { developer: 'email:dave@example.com', login: null, email: 'dave@example.com', commits: 1 },
    ]);
    expect(await q.topCommitters(project, sprint12, 1)).toEqual([expect.objectContaining({ developer: 'github:alice', commits: 4 })]);
  });
});

describe('sprint velocity', () => {
  it('sprint velocity (not DORA, beside it): the latest close of each sprint wins', async () => {
    expect(await q.sprintVelocity(BOARD, march)).toEqual({
      sprints: [
        { sprintId: 11, name: 'Sprint 11', completedAtMs: t('2024-03-04T09:00:00Z'), committedPoints: 20, completedPoints: 18 },
        { sprintId: 12, name: 'Sprint 12', completedAtMs: t('2024-03-18T15:00:00Z'), committedPoints: 22, completedPoints: 23 },
      ],
      averageCompletedPoints: 20.5,
    });
  });
});

describe('inputs', () => {
  it('refuses an empty or reversed range before asking the server', async () => {
    await expect(q.prReviewTimeTrend(project, { from: march.to, to: march.from })).rejects.toThrow(RangeError);
  });

  it('treats hostile scope values as values', async () => {
    expect(await q.topCommitters({ repositories: ["acme/checkout') OR 1=1 --"], jiraKeys: ["' OR '1'='1"] }, march)).toEqual([]);
  });
});
