/**
 * The delivery page in real headless Chromium (Debian's, through playwright-core), served by
 * `switchyard serve` over a corner filled through the real pipeline (access/testing/populatedCorner.ts:
 * the samples and fixtures as webhooks → Kafka → normalize → sinks, the Shop DORA history onto the
 * events topic). Each chart's plotted values are read from its ECharts instance and compared with
 * what the catalogue answers in process for the same scope and period, converted here on their own
 * (ms to hours, rates to percent), not by the page's code. Screenshots go to .stack/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionClient, type QuestionClient } from '../access/client.ts';
import { openAccess, type Access } from '../access/service.ts';
import { populatedCorner, type PopulatedCorner } from '../access/testing/populatedCorner.ts';
import { createLogger } from '../observability/logger.ts';
import { sampleWebhooks } from '../replay/index.ts';
import { startServe, type RunningServe } from '../serve/server.ts';
import { testSettings } from '../serve/testing/testQuestions.ts';
import { launchChromium, screenshot, watchedPage } from '../test/support/browser.ts';
import { fixtureWebhooks } from '../test/support/fixtureWebhooks.ts';

const LIMITS = { rowCap: 200, maxTopK: 10, timeoutMs: 20_000 };
const MARCH_2025 = { from: '2025-03-01', to: '2025-04-01' };
const HOUR_MS = 3_600_000;
const inHours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR_MS) * 100) / 100);

let corner: PopulatedCorner;
let access: Access;
let client: QuestionClient;
let server: RunningServe;
let browser: Browser;

beforeAll(async () => {
  corner = await populatedCorner({ id: `dashboard_${Date.now().toString(36)}`, webhooks: [...sampleWebhooks(), ...(await fixtureWebhooks())] });
  access = openAccess({ stores: corner.config.stores, limits: LIMITS, organization: corner.organization });
  client = questionClient(access);
  server = await startServe({ access, settings: testSettings({ limits: LIMITS }), logger: createLogger({ level: 'silent' }), port: 0 });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await access?.close();
  await corner?.cleanUp();
}, 120_000);

interface Series {
  readonly name: string;
  readonly data: unknown[];
}

/** What the chart in `selector` plots: its ECharts option's series and category axes, read in the page. */
async function plotted(page: Page, selector: string): Promise<{ series: Series[]; xAxis: unknown[]; yAxis: unknown[] }> {
  // A string, not a function: vitest would rewrite a dynamic import() in this file for Node.
  return page.evaluate(`(async () => {
    const echarts = await import('/vendor/echarts.js');
    const element = document.querySelector(${JSON.stringify(selector)});
    const chart = element === null ? undefined : echarts.getInstanceByDom(element);
    if (chart === undefined) throw new Error('no chart at ' + ${JSON.stringify(selector)});
    const option = chart.getOption();
    return { series: option.series.map((s) => ({ name: s.name, data: s.data })), xAxis: option.xAxis?.map((a) => a.data ?? null) ?? [], yAxis: option.yAxis?.map((a) => a.data ?? null) ?? [] };
  })()`);
}

async function shown(page: Page, project: string, range: { from: string; to: string }): Promise<void> {
  await page.waitForSelector(`body[data-state="ready"][data-view="${project}|${range.from}|${range.to}"]`, { timeout: 30_000 });
}

const panelState = (page: Page, id: string) => page.getAttribute(`#${id}`, 'data-state');
/** At most the last 52 weeks of a range, as the page asks the trend (the question's own limit). */
function weeklyPeriod(range: { from: string; to: string }): { from: string; to: string } {
  const to = Date.parse(range.to);
  const lastMonday = to - 86_400_000 - (((new Date(to - 86_400_000).getUTCDay() + 6) % 7) * 86_400_000);
  const from = Math.max(Date.parse(range.from), lastMonday + 7 * 86_400_000 - 52 * 7 * 86_400_000);
  return { from: new Date(from).toISOString().slice(0, 10), to: range.to };
}
/** The Monday after the week holding `iso`, as YYYY-MM-DD: where a "weeks up to" range ends. */
function weekAfter(iso: string): string {
  const dayStart = Math.floor(Date.parse(iso) / 86_400_000) * 86_400_000;
  const monday = dayStart - ((new Date(dayStart).getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday + 7 * 86_400_000).toISOString().slice(0, 10);
}
const xOf = (point: unknown) => (point as { value: [number, string] }).value[0];

/** Every chart of the page against the catalogue's answers for `project` in `range`. */
async function expectChartsToMatchCatalogue(page: Page, project: string, range: { from: string; to: string }): Promise<void> {
  const period = range;
  const [metrics, trend, stages, review, pickup, timeline, committers, velocity, chains, affected] = await Promise.all([
    client.ask('dora_metrics', { project, period }),
    client.ask('dora_trend', { project, period: weeklyPeriod(range) }),
    client.ask('lead_time_breakdown', { project, period }),
    client.ask('pr_review_time_trend', { project, period }),
    client.ask('pr_pickup_time_trend', { project, period }),
    client.ask('delivery_timeline', { project, period }),
    client.ask('top_committers', { project, period, limit: 10 }),
    client.ask('sprint_velocity', { project }),
    client.ask('dependency_chain', { project }),
    client.ask('projects_affected_by_delay', { project }),
  ]);

  // The four keys: each tile's band, and its weekly line.
  const m = metrics.metrics;
  const bands = { deployments: m.deploymentFrequency.band, leadTime: m.leadTimeForChanges.band, changeFailureRate: m.changeFailureRate.band, recovery: m.failedDeploymentRecoveryTime.band };
  const weekly = {
    deployments: trend.weeks.map((w) => w.metrics.deploymentFrequency.deploymentDays),
    leadTime: trend.weeks.map((w) => inHours(w.metrics.leadTimeForChanges.medianMs)),
    changeFailureRate: trend.weeks.map((w) => (w.metrics.changeFailureRate.rate === null ? null : Math.round(w.metrics.changeFailureRate.rate * 1000) / 10)),
    recovery: trend.weeks.map((w) => inHours(w.metrics.failedDeploymentRecoveryTime.medianMs)),
  };
  // Weeks with nothing to rate draw no line: the tile says so instead.
  const active = trend.weeks.some((w) => w.metrics.deploymentFrequency.deployments > 0 || w.metrics.leadTimeForChanges.count > 0 || w.metrics.timeToRestore.count > 0 || w.metrics.timeToRestore.unresolved > 0);
  for (const [key, band] of Object.entries(bands)) {
    expect(await page.getAttribute(`#key-${key} .band`, 'data-band'), key).toBe(band ?? 'none');
    if (!active) {
      expect(await page.getAttribute(`#key-${key}`, 'data-state'), key).toBe('empty');
      continue;
    }
    const line = await plotted(page, `#key-${key} .chart`);
    expect(line.xAxis[0], key).toEqual(trend.weeks.map((w) => w.week));
    expect(line.series[0]!.data, key).toEqual(weekly[key as keyof typeof weekly]);
  }
  expect(await page.textContent('#key-changeFailureRate .detail')).toContain(`${m.changeFailureRate.failedDeployments} of ${m.changeFailureRate.deployments} deployments`);

  // Where lead time goes: the four stages' medians, in hours.
  if (stages.pullRequests === 0) expect(await panelState(page, 'lead-time')).toBe('empty');
  else expect((await plotted(page, '#lead-time .chart')).series[0]!.data).toEqual([stages.coding, stages.pickup, stages.review, stages.deploy].map((s) => inHours(s.medianMs)));

  // Review and pickup time per week.
  if (review.rows.length === 0 && pickup.rows.length === 0) expect(await panelState(page, 'review-time')).toBe('empty');
  else {
    const weeks = [...new Set([...review.rows, ...pickup.rows].map((w) => w.week))].sort();
    const chart = await plotted(page, '#review-time .chart');
    expect(chart.xAxis[0]).toEqual(weeks);
    expect(chart.series[0]!.data).toEqual(weeks.map((week) => inHours(review.rows.find((w) => w.week === week)?.medianMs ?? null)));
    expect(chart.series[1]!.data).toEqual(weeks.map((week) => inHours(pickup.rows.find((w) => w.week === week)?.medianMs ?? null)));
    expect(chart.series[2]!.data).toEqual(weeks.map((week) => review.rows.find((w) => w.week === week)?.count ?? 0));
  }

  // Deployments and incidents on one axis.
  if (timeline.deployments.length === 0 && timeline.incidents.length === 0) expect(await panelState(page, 'timeline')).toBe('empty');
  else {
    const chart = await plotted(page, '#timeline .chart');
    const byName = new Map(chart.series.map((s) => [s.name, s.data]));
    expect(byName.get('Deployment')!.map(xOf)).toEqual(timeline.deployments.filter((d) => !d.failed).map((d) => Date.parse(d.finishedAt)));
    expect(byName.get('Failed deployment')!.map(xOf)).toEqual(timeline.deployments.filter((d) => d.failed).map((d) => Date.parse(d.finishedAt)));
    expect(byName.get('Incident')!.map(xOf)).toEqual(timeline.incidents.map((i) => Date.parse(i.startedAt)));
  }

  // Top contributors.
  if (committers.rows.length === 0) expect(await panelState(page, 'contributors')).toBe('empty');
  else {
    const chart = await plotted(page, '#contributors .chart');
    expect(chart.yAxis[0]).toEqual(committers.rows.map((c) => c.login ?? c.email ?? c.developer));
    expect(chart.series[0]!.data).toEqual(committers.rows.map((c) => c.commits));
  }

  // Sprint velocity (the project's, whatever the period).
  if (velocity.rows.length === 0) expect(await panelState(page, 'velocity')).toBe('empty');
  else {
    const chart = await plotted(page, '#velocity .chart');
    // Points when any sprint has them, else issues.
    const points = velocity.rows.some((s) => s.committedPoints !== null || s.completedPoints !== null);
    const expected = points ? [velocity.rows.map((s) => s.committedPoints), velocity.rows.map((s) => s.completedPoints)] : [velocity.rows.map((s) => s.committedIssues), velocity.rows.map((s) => s.completedIssues)];
    expect(chart.series.map((s) => s.data)).toEqual(expected);
    expect(chart.series.map((s) => s.name)).toEqual(points ? ['Committed (points)', 'Completed (points)'] : ['Committed (issues)', 'Completed (issues)']);
  }

  // The graph: the project, everything on its chains, everything it would delay.
  const nodes = new Set([project, ...chains.rows.flatMap((c) => c.chain), ...affected.rows.map((a) => a.project)]);
  if (nodes.size === 1) expect(await panelState(page, 'dependencies')).toBe('empty');
  else {
    const chart = await plotted(page, '#dependencies .chart');
    expect(new Set((chart.series[0]!.data as { name: string }[]).map((n) => n.name))).toEqual(nodes);
  }
}

describe('the delivery page in Chromium', () => {
  it('draws each chart with the values the catalogue answers, without a console error or a serious accessibility violation', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/?project=SHOP&preset=custom&from=${MARCH_2025.from}&to=${MARCH_2025.to}`);
    await shown(page, 'SHOP', MARCH_2025);
    // Shop's March has deployments, incidents and a deployed pull request: the panels drew, not just said "empty".
    for (const id of ['keys', 'lead-time', 'timeline', 'dependencies']) expect(await panelState(page, id), id).toBe('ready');
    await expectChartsToMatchCatalogue(page, 'SHOP', MARCH_2025);
    await screenshot(page, 'delivery');
    // Each drawn chart's text alternative reads its values out, as words, not raw data.
    const labels = await page.locator('.chart:visible').evaluateAll((charts) => charts.map((c) => c.getAttribute('aria-label') ?? ''));
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) expect(label).toMatch(/\. .+: /);
    for (const label of labels) expect(label).not.toMatch(/NaN|undefined|: \d{13}/);
    expect(labels.join('\n')).toContain('Deploy (merged → deployed): ');

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('redraws every chart when the project and the period change', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/?project=SHOP&preset=custom&from=${MARCH_2025.from}&to=${MARCH_2025.to}`);
    await shown(page, 'SHOP', MARCH_2025);

    // Hello World's samples are from 2019: its project, then its period.
    await page.selectOption('#project', 'HELLO');
    await shown(page, 'HELLO', MARCH_2025);
    const hello = { from: '2019-01-01', to: '2019-07-01' };
    await page.fill('#from', hello.from);
    await page.fill('#through', '2019-06-30');
    await page.dispatchEvent('#through', 'change');
    await shown(page, 'HELLO', hello);
    expect(new URL(page.url()).searchParams.get('project')).toBe('HELLO');
    expect(await panelState(page, 'contributors')).toBe('ready');
    await expectChartsToMatchCatalogue(page, 'HELLO', hello);

    // A preset picks whole weeks up to the project's latest event.
    await page.selectOption('#preset', 'latest');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && new URLSearchParams(location.search).get('preset') === 'latest');
    const view = await page.evaluate(() => document.body.dataset.view ?? '');
    const [, from, to] = view.split('|');
    // 13 whole weeks, the last holding Hello World's latest event; the URL names the preset, not its days.
    const activity = await client.ask('project_activity', { project: 'HELLO' });
    expect(to).toBe(weekAfter(activity.lastAt!));
    expect(Date.parse(to!) - Date.parse(from!)).toBe(13 * 7 * 86_400_000);
    expect(new URL(page.url()).searchParams.has('from')).toBe(false);
    await expectChartsToMatchCatalogue(page, 'HELLO', { from: from!, to: to! });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the last choice when choices come faster than answers', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/?project=SHOP&preset=custom&from=${MARCH_2025.from}&to=${MARCH_2025.to}`);
    // Before the first view has settled: Hello World, then Payments, then Shop again with the latest preset.
    await page.selectOption('#project', 'HELLO');
    await page.selectOption('#project', 'PAY');
    await page.selectOption('#preset', 'latest');
    await page.selectOption('#project', 'SHOP');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.view?.startsWith('SHOP|') === true && new URLSearchParams(location.search).get('preset') === 'latest');
    const [, from, to] = (await page.evaluate(() => document.body.dataset.view ?? '')).split('|');
    // Shop's latest event is in its history's March 2025: 13 weeks up to it, not Payments' or Hello World's range.
    const activity = await client.ask('project_activity', { project: 'SHOP' });
    expect(to).toBe(weekAfter(activity.lastAt!));
    expect(new URL(page.url()).searchParams.get('project')).toBe('SHOP');
    expect(await page.inputValue('#project')).toBe('SHOP');
    await expectChartsToMatchCatalogue(page, 'SHOP', { from: from!, to: to! });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a store that is down in its own panel while the others draw', async () => {
    // Neo4j at an address nothing answers: its questions answer 503, the other stores' do not.
    const stores = { ...corner.config.stores, neo4j: { ...(corner.config.stores.neo4j as object), url: 'bolt://127.0.0.1:1' } };
    const partial = openAccess({ stores, limits: LIMITS, organization: corner.organization, warn: () => {} });
    const partialServer = await startServe({ access: partial, settings: testSettings({ limits: LIMITS }), logger: createLogger({ level: 'silent' }), port: 0 });
    try {
      const { page } = await watchedPage(browser);
      await page.goto(`${partialServer.url}/?project=SHOP&preset=custom&from=${MARCH_2025.from}&to=${MARCH_2025.to}`);
      await shown(page, 'SHOP', MARCH_2025);
      expect(await panelState(page, 'dependencies')).toBe('error');
      expect(await page.textContent('#dependencies .note')).toMatch(/not answering.*Neo4j/i);
      for (const id of ['keys', 'lead-time', 'timeline']) expect(await panelState(page, id), id).toBe('ready');
      await page.close();
    } finally {
      await partialServer.close();
      await partial.close();
    }
  });

  it('says what to do next for a project nothing has arrived for, instead of blank charts', async () => {
    const { page, errors } = await watchedPage(browser);
    // Payments names no repository and no Jira key: no event is in its scope.
    await page.goto(`${server.url}/?project=PAY&preset=custom&from=${MARCH_2025.from}&to=${MARCH_2025.to}`);
    await shown(page, 'PAY', MARCH_2025);
    expect(await page.isVisible('#banner')).toBe(true);
    expect(await page.textContent('#banner')).toContain('npx switchyard replay --samples');
    for (const id of ['lead-time', 'review-time', 'timeline', 'contributors']) {
      expect(await panelState(page, id), id).toBe('empty');
      expect(await page.isVisible(`#${id} .chart`), id).toBe(false);
      expect((await page.textContent(`#${id} .note`))?.length, id).toBeGreaterThan(20);
    }
    // Payments depends on Shop: its graph is not empty.
    expect(await panelState(page, 'dependencies')).toBe('ready');
    await screenshot(page, 'delivery-empty');
    expect(errors).toEqual([]);
    await page.close();
  });
});
