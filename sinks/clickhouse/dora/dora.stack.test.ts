/**
 * The "Shop" history through the real ClickHouse: written as the normalizers' events, written
 * again in other batches (a replay), merged with OPTIMIZE FINAL, and read back by the queries.
 * Every figure must equal the one computed from the hand-built facts (metrics.test.ts works
 * those out from DevLake's definitions), so reading facts back loses, doubles or misreads nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseOrganizationFile } from '../../organization.ts';
import { envelope } from '../../testing/envelope.ts';
import { clickhouseQueries, type ClickHouseQueries } from '../queries.ts';
import { useTestDatabase } from '../testing/testDatabase.ts';
import { doraMetrics } from './metrics.ts';
import { projectScope } from './projectScope.ts';
import { readFacts } from './readFacts.ts';
import { doraRules } from './rules.ts';
import { shopEvents } from './testing/shopEvents.ts';
import { API, at, SHOP_SCOPE, shopFacts, WEB } from './testing/shopHistory.ts';

const db = useTestDatabase();
let q: ClickHouseQueries;
const march = { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') };
const expected = doraMetrics(shopFacts, SHOP_SCOPE, march, doraRules());

const organization = parseOrganizationFile(
  JSON.stringify({ projects: [{ key: 'SHOP', name: 'Shop', repositories: [API, WEB], jiraKeys: ['SHOP', 'OPS'] }, { key: 'OTHER', repositories: ['acme/other'] }] }),
);

beforeAll(async () => {
  const events = shopEvents();
  await db.sink.write(events);
  // A replay: the same events again, in other batches, in another order.
  const reversed = [...events].reverse();
  for (let i = 0; i < reversed.length; i += 7) await db.sink.write(reversed.slice(i, i + 7));
  q = clickhouseQueries(db.sink.client, db.sink.database);
});

describe('the guide: "What\'s the deployment frequency for Project X this month?"', () => {
  it('answers for Shop, a project of two repositories and two Jira keys in the organization file', async () => {
    const shop = projectScope(organization, 'Shop');
    const frequency = await q.deploymentFrequency(shop.scope, march, shop.rules);
    expect(frequency).toEqual(expected.deploymentFrequency);
    expect(frequency).toMatchObject({ deployments: 10, deploymentDays: 8, medianDaysPerWeek: 1, band: 'high', bySource: { githubDeployments: 8, ci: 2 } });
  });
});

describe('every DORA figure read back from the store equals the hand-built history\'s', () => {
  it('after a replay', async () => {
    expect(await q.dora(SHOP_SCOPE, march)).toEqual(expected);
  });

  it('after the merges are done (OPTIMIZE … FINAL)', async () => {
    await db.sink.client.command({ query: `OPTIMIZE TABLE ${db.sink.database}.events FINAL` });
    await db.sink.client.command({ query: `OPTIMIZE TABLE ${db.sink.database}.incidents FINAL` });
    expect(await q.dora(SHOP_SCOPE, march)).toEqual(expected);
  });
});

describe('a period that ends before later deployments', () => {
  it('blames an incident after the period on the deployment before it, not on the period\'s last', async () => {
    // Mar 1–8: D20, D2, D3, D4, D5, D6. Only D2 caused an incident (api#50, OPS-7); fp1 (Mar 12)
    // is D23's and web#60 (Mar 21) D24's, deployments after the period.
    const firstWeek = { from: at('2025-03-01T00:00'), to: at('2025-03-08T00:00') };
    expect(await q.changeFailureRate(SHOP_SCOPE, firstWeek)).toEqual({ deployments: 6, failedDeployments: 1, rate: 1 / 6, band: 'low' });
    expect(await q.dora(SHOP_SCOPE, firstWeek)).toEqual(doraMetrics(shopFacts, SHOP_SCOPE, firstWeek, doraRules()));
  });
});

describe('facts as read', () => {
  it("takes incidents by DevLake's rules: a label added after the opening counts, \"Incident\", \"bug\" and a Jira Bug do not", async () => {
    const facts = await readFacts(db.sink.client, db.sink.database, SHOP_SCOPE, march, doraRules());
    expect(facts.incidents.map((i) => i.key).sort()).toEqual(['OPS-7', 'OPS-8', 'acme/api#50', 'acme/web#60', 'fp1@1741791600000']);
    const caseless = await readFacts(db.sink.client, db.sink.database, SHOP_SCOPE, march, doraRules({ incidentLabelPattern: '(?i)incident', jiraIncidentTypes: ['Incident', 'Bug'] }));
    expect(caseless.incidents.map((i) => i.key).sort()).toEqual(['OPS-7', 'OPS-8', 'SHOP-9', 'acme/api#50', 'acme/web#60', 'acme/web#61', 'fp1@1741791600000']);
  });

  it('reads each production deployment, candidate run, push and pull request of the scope once', async () => {
    const facts = await readFacts(db.sink.client, db.sink.database, SHOP_SCOPE, march, doraRules());
    const ofScope = <T extends { repository: string }>(list: readonly T[]) => list.filter((x) => SHOP_SCOPE.repositories.includes(x.repository));
    const byKey = <T>(list: readonly T[]) => [...list].map((x) => JSON.stringify(x)).sort();
    // GitHub Deployments to production environments only: D8 (staging) stays on the server.
    expect(byKey(facts.deployments)).toEqual(byKey(ofScope(shopFacts.deployments).filter((d) => d.environment !== 'staging')));
    // Of the CI runs, those that can be deployments: every run or job named like one, and every job
    // of such a run. Run 902 ("Build", no deploying job) is never read.
    expect(byKey(facts.ciRuns)).toEqual(byKey(shopFacts.ciRuns.filter((run) => run.runId !== 902)));
    expect(byKey(facts.pushes)).toEqual(byKey(shopFacts.pushes));
    expect(byKey(facts.pullRequests)).toEqual(byKey(shopFacts.pullRequests));
  });

  it('an issue opened and labelled incident in the same second is an incident, whatever order its events were written in', async () => {
    const repository = 'acme/ties';
    const second = at('2025-03-20T10:00');
    const issue = (type: 'issue.opened' | 'issue.labeled', labels: string[]) =>
      envelope(type, `${type}:${repository}#1`, second, {
        repository, number: 1, title: 'Checkout down', state: 'open', stateReason: null, author: { source: 'github', accountId: '1', login: 'alice', displayName: 'alice', email: null },
        assignees: [], labels, createdAt: second, updatedAt: second, closedAt: null, url: `https://github.com/${repository}/issues/1`,
      }, { repository });
    await db.sink.write([issue('issue.labeled', ['incident'])]);
    await db.sink.write([issue('issue.opened', [])]);
    const facts = await readFacts(db.sink.client, db.sink.database, { repositories: [repository], jiraKeys: [] }, march, doraRules());
    expect(facts.incidents.map((i) => i.key)).toEqual([`${repository}#1`]);
  });

  it('reads a scope with no Jira key and no repository as nothing, and hostile names as names', async () => {
    expect((await q.dora({}, march)).deploymentFrequency.deployments).toBe(0);
    expect((await q.dora({ repositories: ["acme/api') OR 1=1 --"], jiraKeys: ["' OR '1'='1"] }, march)).changeFailureRate.deployments).toBe(0);
  });
});
