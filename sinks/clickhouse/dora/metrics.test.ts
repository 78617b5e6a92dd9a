/**
 * The DORA figures of the hand-built "Shop" history (testing/shopHistory.ts), each worked out on
 * paper from DevLake's published definitions:
 * - https://devlake.apache.org/docs/Metrics/DeploymentFrequency (successful PRODUCTION
 *   deployments; deployment days; weeks from Monday; median by percent_rank ≤ 0.5)
 * - https://devlake.apache.org/docs/Metrics/LeadTimeForChanges and /docs/Metrics/PRCycleTime
 *   (coding + opening→merge + deploy time in whole minutes rounded up, negative parts dropped; the
 *   deployment whose commit diff from the previous deployment holds the merge commit; the
 *   repository's first deployment is credited with nothing; filtered by the deployment's finish)
 * - https://devlake.apache.org/docs/Metrics/CFR (an incident is caused by the project's last
 *   successful production deployment that finished before it was created)
 * - https://devlake.apache.org/docs/Metrics/MTTR and /docs/Metrics/FailedDeploymentRecoveryTime
 *   (created → resolved over incidents resolved in the range; the causing deployment's finish →
 *   resolution over incidents resolved in the range whose deployment finished in it)
 */
import { describe, expect, it } from 'vitest';
import { doraMetrics } from './metrics.ts';
import { doraRules } from './rules.ts';
import { API, at, HOUR, MINUTE, SHOP_SCOPE, shopFacts, WEB } from './testing/shopHistory.ts';

const march = { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') };
const rules = doraRules();
const shop = doraMetrics(shopFacts, SHOP_SCOPE, march, rules);

describe('deployment frequency, March (the guide: "What\'s the deployment frequency for Project X this month?")', () => {
  it('counts successful production deployments of both repositories, from GitHub Deployments and CI, once each', () => {
    // api: D2, D3 (run 500), D4 (GitHub Deployment 4 made by run 501: once), D5, D6 (Production-EU
    // matches (?i)prod(.*)); web: D20, D21 (run 900, seen through its deploy-production job), D22,
    // D23 (prod), D24. Not: D1 (February), D7 (failed), D8 (staging), run 901 (Deploy staging on
    // main: neither name nor branch is production), run 902 (Build), acme/other's D90.
    expect(shop.deploymentFrequency).toMatchObject({ deployments: 10, deploymentDays: 8, bySource: { githubDeployments: 8, ci: 2 } });
    expect(shop.deploymentFrequency.byDay).toEqual([
      { day: '2025-03-01', deployments: 1 },
      { day: '2025-03-02', deployments: 1 },
      { day: '2025-03-04', deployments: 1 },
      { day: '2025-03-05', deployments: 1 },
      { day: '2025-03-06', deployments: 2 },
      { day: '2025-03-10', deployments: 1 },
      { day: '2025-03-12', deployments: 2 },
      { day: '2025-03-20', deployments: 1 },
    ]);
  });

  it("takes DevLake's weekly median of deployment days, empty weeks included, and its band", () => {
    // Weeks from Monday: Feb 24 (Mar 1, 2) 2; Mar 3 (4, 5, 6) 3; Mar 10 (10, 12) 2; Mar 17 (20) 1;
    // Mar 24 0; Mar 31 0 → 0 0 1 2 2 3, six values: the lower middle is 1 day a week → high.
    expect(shop.deploymentFrequency).toMatchObject({ medianDaysPerWeek: 1, medianDaysPerMonth: 8, band: 'high' });
  });

  it('counts a month not over yet up to today: the weeks to come are not weeks without a deployment', () => {
    // Asked on Mar 10 at noon: weeks Feb 24 (Mar 1, 2) 2, Mar 3 (4, 5, 6) 3, Mar 10 (10) 1 → median 2 → high.
    const now = at('2025-03-10T12:00');
    const soFar = { ...shopFacts, deployments: shopFacts.deployments.filter((d) => (d.succeededAtMs ?? 0) < now), ciRuns: shopFacts.ciRuns.filter((r) => r.finishedAtMs < now) };
    expect(doraMetrics(soFar, SHOP_SCOPE, march, rules, now).deploymentFrequency).toMatchObject({ deploymentDays: 6, medianDaysPerWeek: 2, medianDaysPerMonth: 6, band: 'high' });
    // Without the clock, the three weeks to come would be counted as empty: median 0, medium.
    expect(doraMetrics(soFar, SHOP_SCOPE, march, rules).deploymentFrequency).toMatchObject({ medianDaysPerWeek: 0, band: 'medium' });
  });

  it('leaves CI runs out when the deployment pattern is empty, as DevLake does', () => {
    const noCi = doraMetrics(shopFacts, SHOP_SCOPE, march, doraRules({ deploymentPattern: '' }));
    expect(noCi.deploymentFrequency).toMatchObject({ deployments: 8, bySource: { githubDeployments: 8, ci: 0 } });
  });

  it('takes a GitHub Deployment made during a deploying run of the same commit for that run, without its run id', () => {
    const withoutRunId = { ...shopFacts, deployments: shopFacts.deployments.map((d) => ({ ...d, workflowRunId: null })) };
    expect(doraMetrics(withoutRunId, SHOP_SCOPE, march, rules).deploymentFrequency.deployments).toBe(10);
  });

  it('counts nothing of a repository outside the scope', () => {
    const apiOnly = doraMetrics(shopFacts, { repositories: [API], jiraKeys: [] }, march, rules);
    expect(apiOnly.deploymentFrequency.deployments).toBe(5);
  });
});

describe('lead time for changes', () => {
  // Minutes per pull request: coding (first commit → opening) + opening → merge + merge → deployment.
  const pr1 = 1500 + 1440 + 120; // a1 Feb 28 09:00 → opened Mar 1 10:00 → merged Mar 2 10:00 → D2 12:00: 51h
  const pr2 = 0 + 1740 + 80; // b1 (11:00) after the opening (09:00): no coding time; → merged Mar 4 14:00 → D3 15:20
  const pr3 = 60 + 1440 + 120; // c1 Mar 5 08:00 → 09:00 → Mar 6 09:00 → D6 11:00
  const pr11 = 120 + 300 + 1080; // f1 Mar 9 09:00 → 11:00 → 16:00 → D21 Mar 10 10:00
  const pr12 = 60 + 360 + 1080; // f2 Mar 11 08:00 (not f1: fix-1 was PR#11's then) → 09:00 → 15:00 → D22 Mar 12 09:00
  const pr13 = 0 + 120 + 120; // a fork's branch: first commit unknown, from the opening → D23

  it('over the pull requests whose deployment finished in March: median (DevLake: the lower middle of an even count) and mean', () => {
    // PR#10 merged into w0, which only D20, web's first deployment, shipped: no lead time.
    // Sorted: 240, 1500, 1500, 1620, 1820, 3060 minutes.
    const minutes = [pr1, pr2, pr3, pr11, pr12, pr13];
    expect(shop.leadTimeForChanges).toEqual({ count: 6, medianMs: 1500 * MINUTE, meanMs: (minutes.reduce((a, b) => a + b) / 6) * MINUTE, band: 'high' });
    expect(pr1 * MINUTE).toBe(51 * HOUR);
  });

  it('the textbook median on request: the mean of the two middle values', () => {
    const midpoint = doraMetrics(shopFacts, SHOP_SCOPE, march, doraRules({ median: 'midpoint' }));
    expect(midpoint.leadTimeForChanges.medianMs).toBe(((1500 + 1620) / 2) * MINUTE);
  });

  it('an odd count: both rules give the middle value', () => {
    // Deployments finished Mar 1–7: D2 (PR#1), D3 (PR#2: it started before D6, whose change set also
    // holds mc2 after the rollback D5), D6 (PR#3).
    const firstWeek = { from: at('2025-03-01T00:00'), to: at('2025-03-08T00:00') };
    for (const median of ['devlake', 'midpoint'] as const) {
      expect(doraMetrics(shopFacts, SHOP_SCOPE, firstWeek, doraRules({ median })).leadTimeForChanges).toMatchObject({ count: 3, medianMs: pr2 * MINUTE });
    }
  });

  it('credits a pull request to a later deployment when the one that first held it is not a deployment', () => {
    // Without CI deployments, mc2 ships with D4 (its change set from D2's mc1: m2, b1, bm, mc2).
    const noCi = doraMetrics(shopFacts, { repositories: [API], jiraKeys: [] }, { from: at('2025-03-01T00:00'), to: at('2025-03-08T00:00') }, doraRules({ deploymentPattern: '' }));
    expect(noCi.leadTimeForChanges).toMatchObject({ count: 3, medianMs: (1740 + 1200) * MINUTE }); // 51h, 49h, 27h
  });

  it('counts what the figures rest on: unknown first commits, unknown and partial change sets, first deployments', () => {
    // PR#13 (fork); D24 deployed wx, never pushed here; D23's push listed a capped commit list; D20 was web's first.
    expect(shop.coverage).toEqual({ pullRequestsWithUnknownFirstCommit: 1, deploymentsWithUnknownChangeSet: 1, deploymentsWithPartialChangeSet: 1, firstDeployments: 1 });
  });
});

describe('change failure rate', () => {
  it('blames each incident on the scope\'s last deployment finished strictly before it started, in any of its repositories', () => {
    // api#50 (Mar 2 13:00) → D2; OPS-7 (Mar 4 15:20, the minute D3 finished) → D2, not D3; fp1
    // (project label SHOP) → D23; web#60 → D24; OTHER-1 is another project's. 3 of 10 → low.
    expect(shop.changeFailureRate).toEqual({ deployments: 10, failedDeployments: 3, rate: 0.3, band: 'low' });
  });

  it('has no rate without deployments', () => {
    expect(doraMetrics(shopFacts, SHOP_SCOPE, { from: at('2025-05-01T00:00'), to: at('2025-06-01T00:00') }, rules).changeFailureRate).toEqual({ deployments: 0, failedDeployments: 0, rate: null, band: null });
  });
});

describe('time to restore', () => {
  it("DevLake's MTTR: created → resolved, over the incidents resolved in the range", () => {
    // fp1 60 min, api#50 120, OPS-7 120, OPS-8 (started in February, resolved Mar 3) 5760 →
    // median (lower middle of four) 120, mean 1515; web#60 is still open.
    expect(shop.timeToRestore).toEqual({ count: 4, medianMs: 120 * MINUTE, meanMs: 1515 * MINUTE, unresolved: 1 });
  });

  it('DORA 2023 failed deployment recovery time: the causing deployment\'s finish → the resolution', () => {
    // fp1: D23 14:00 → 16:00 = 120; api#50: D2 12:00 → 15:00 = 180; OPS-7: D2 Mar 2 12:00 → Mar 4 17:20 = 3200.
    // OPS-8 is blamed on D1, which finished in February: not in the range.
    expect(shop.failedDeploymentRecoveryTime).toEqual({ count: 3, medianMs: 180 * MINUTE, meanMs: (3500 / 3) * MINUTE, band: 'high' });
  });
});

describe('scopes', () => {
  it('a multi-repository, multi-key scope is the union of its parts', () => {
    const web = doraMetrics(shopFacts, { repositories: [WEB], jiraKeys: ['SHOP'] }, march, rules);
    const api = doraMetrics(shopFacts, { repositories: [API], jiraKeys: ['OPS'] }, march, rules);
    expect(web.deploymentFrequency.deployments + api.deploymentFrequency.deployments).toBe(shop.deploymentFrequency.deployments);
    expect(web.leadTimeForChanges.count + api.leadTimeForChanges.count).toBe(shop.leadTimeForChanges.count);
  });

  it('refuses an empty or reversed range', () => {
    expect(() => doraMetrics(shopFacts, SHOP_SCOPE, { from: march.to, to: march.from }, rules)).toThrow(RangeError);
  });
});

describe('CI runs', () => {
  const prRun = (conclusion: string | null) => ({
    ...shopFacts,
    ciRuns: [
      { kind: 'run' as const, repository: API, id: 700, runId: 700, attempt: 1, name: 'CI', workflowName: null, headBranch: 'feature-x', headSha: 'fx1', conclusion: 'success', startedAtMs: at('2025-03-07T09:00'), finishedAtMs: at('2025-03-07T09:10') },
      { kind: 'job' as const, repository: API, id: 7001, runId: 700, attempt: 1, name: 'deploy-production', workflowName: 'CI', headBranch: 'feature-x', headSha: 'fx1', conclusion, startedAtMs: at('2025-03-07T09:05'), finishedAtMs: at('2025-03-07T09:05') },
    ],
  });

  it("a run whose deploy job was skipped (gated to main, in a pull request's run) is no deployment, as in DevLake", () => {
    expect(doraMetrics(prRun('skipped'), { repositories: [API], jiraKeys: [] }, march, rules).deploymentFrequency.bySource.ci).toBe(0);
  });

  it('a run whose deploy job ran is one, the result being the run\'s', () => {
    expect(doraMetrics(prRun('success'), { repositories: [API], jiraKeys: [] }, march, rules).deploymentFrequency.bySource.ci).toBe(1);
    expect(doraMetrics(prRun('failure'), { repositories: [API], jiraKeys: [] }, march, rules).deploymentFrequency.bySource.ci).toBe(1);
  });
});
