/**
 * The guide's three ClickHouse questions and the four DORA metrics, answered by the real
 * ClickHouse of the stack over the hand-built month of testScenario.ts. Every expected number
 * is worked out in the comments from the scenario's timeline.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clickhouseQueries, type ClickHouseQueries } from './queries.ts';
import { useTestDatabase } from './testing/testDatabase.ts';
import { BOARD, HOUR, MINUTE, OTHER_REPO, PROJECT, REPO, scenario, t } from './testing/testScenario.ts';

const db = useTestDatabase();
let q: ClickHouseQueries;
const project = { repositories: [REPO], projectKey: PROJECT };
const march = { from: t('2024-03-01T00:00:00Z'), to: t('2024-04-01T00:00:00Z') };
const sprint12 = { from: t('2024-03-04T00:00:00Z'), to: t('2024-03-18T00:00:00Z') };

beforeAll(async () => {
  await db.sink.write(scenario());
  q = clickhouseQueries(db.sink.client, db.sink.database);
});

describe('the guide: "What\'s the deployment frequency for Project X this month?"', () => {
  it('counts successful production deployments of the project in March, and their days', async () => {
    // D101 Mar 2; D103, D104 Mar 5; D105 Mar 12; D107 Mar 20. Not: D100 (February), D102
    // (failed), D106 (staging), D900 (another repository).
    expect(await q.deploymentFrequency(project, march)).toEqual({
      deployments: 5,
      deploymentDays: 4,
      byDay: [
        { day: '2024-03-02', deployments: 1 },
        { day: '2024-03-05', deployments: 2 },
        { day: '2024-03-12', deployments: 1 },
        { day: '2024-03-20', deployments: 1 },
      ],
    });
  });

  it('scopes by repository: the other project deployed once', async () => {
    expect((await q.deploymentFrequency({ repositories: [OTHER_REPO] }, march)).deployments).toBe(1);
  });

  it('treats the production environment names as configuration', async () => {
    const staging = clickhouseQueries(db.sink.client, db.sink.database, { productionEnvironments: ['Staging'] });
    expect(await staging.deploymentFrequency(project, march)).toMatchObject({ deployments: 1, byDay: [{ day: '2024-03-12', deployments: 1 }] });
  });
});

describe('the guide: "Show me the trend of PR review time over the last quarter"', () => {
  it('gives, per week of opening, the time to the first review by someone else', async () => {
    expect(await q.prReviewTimeTrend(project, { from: t('2024-01-01T00:00:00Z'), to: t('2024-04-01T00:00:00Z') })).toEqual([
      // PR#1 opened Fri Mar 1 12:00, bob reviewed 16:00.
      { week: '2024-02-26', count: 1, medianMs: 4 * HOUR, meanMs: 4 * HOUR },
      // PR#2 opened Mar 4 09:00; bob's own comment at 09:30 does not count; carol at 11:00.
      { week: '2024-03-04', count: 1, medianMs: 2 * HOUR, meanMs: 2 * HOUR },
      // PR#3 8h, PR#4 24h (reviewed, never merged: review time does not need a merge).
      { week: '2024-03-11', count: 2, medianMs: 16 * HOUR, meanMs: 16 * HOUR },
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

describe('DORA', () => {
  it('lead time for changes: first commit (else opening) to the deployment that shipped the merge', async () => {
    // PR#1 Mar 1 09:00 (first commit) → D101 Mar 2 11:20 = 26h20m
    // PR#2 Mar 4 09:00 (opened; first commit unknown) → D103 Mar 5 10:30 (D102 failed) = 25h30m
    // PR#3 Mar 10 08:00 → D105 Mar 12 10:25 (D106 was staging) = 50h25m
    const leadTimes = [26 * HOUR + 20 * MINUTE, 25 * HOUR + 30 * MINUTE, 50 * HOUR + 25 * MINUTE];
    expect(await q.leadTimeForChanges(project, march)).toEqual({ count: 3, medianMs: 26 * HOUR + 20 * MINUTE, meanMs: leadTimes.reduce((a, b) => a + b) / 3 });
  });

  it('change failure rate: deployments followed by an incident before the next deployment', async () => {
    // fp1 (Mar 5 12:00) → D103; fp2 (Mar 21) and fp3 (Mar 25) → D107; fp0 → D100 (February).
    expect(await q.changeFailureRate(project, march)).toEqual({ deployments: 5, failedDeployments: 2, rate: 0.4 });
    expect(await q.changeFailureRate(project, { from: t('2024-02-01T00:00:00Z'), to: march.from })).toEqual({ deployments: 1, failedDeployments: 1, rate: 1 });
    expect(await q.changeFailureRate(project, { from: t('2024-05-01T00:00:00Z'), to: t('2024-06-01T00:00:00Z') })).toEqual({ deployments: 0, failedDeployments: 0, rate: null });
  });

  it('time to restore: alert firing to resolved, over the incidents that started in the range', async () => {
    // fp1 1h30m, fp2 4h; fp3 still firing; fp0 is February; fp9 is another project.
    const expected = { incidents: 3, resolved: 2, count: 2, medianMs: (1.5 * HOUR + 4 * HOUR) / 2, meanMs: (1.5 * HOUR + 4 * HOUR) / 2 };
    expect(await q.timeToRestore(project, march)).toEqual(expected);
    // Alerts reach a project through their labels: the project key alone finds the same ones.
    expect(await q.timeToRestore({ projectKey: PROJECT }, march)).toEqual(expected);
  });

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
    await expect(q.deploymentFrequency(project, { from: march.to, to: march.from })).rejects.toThrow(RangeError);
  });

  it('treats hostile scope values as values', async () => {
    expect(await q.deploymentFrequency({ repositories: ["acme/checkout') OR 1=1 --"], projectKey: "' OR '1'='1" }, march)).toEqual({ deployments: 0, deploymentDays: 0, byDay: [] });
  });
});
