/**
 * The delivery page (`/`): a project and a period chosen at the top, and every panel below answered
 * by the catalogue for that scope, each panel as soon as its own answer arrives. A new choice aborts
 * the answers still on their way. When every panel has settled, `<body data-state="ready"
 * data-view="PROJECT|from|to">` says so, and the mark `dashboard-ready` times it.
 */
import type { AnswerOf } from '../access/catalogue.ts';
import { ask, AskError } from './ask.ts';
import { draw, empty, failed, setState } from './chart.ts';
import { EMPTY, FILL_THE_STORES, NO_PROJECTS } from './empty.ts';
import { keyFigures } from './keys.ts';
import { contributorsOption } from './options/contributors.ts';
import { dependenciesOption, dependencyGraph } from './options/dependencies.ts';
import { doraTrendOption } from './options/doraTrend.ts';
import { leadTimeOption } from './options/leadTime.ts';
import { reviewTimeOption } from './options/reviewTime.ts';
import { timelineOption } from './options/timeline.ts';
import { velocityOption } from './options/velocity.ts';
import { day, MOST_WEEKS, parseDay, periodInput, PRESETS, presetRange, readView, trendRange, weeksIn, writeView, type Preset, type Range } from './period.ts';

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
};

const projectSelect = $<HTMLSelectElement>('project');
const presetSelect = $<HTMLSelectElement>('preset');
const fromInput = $<HTMLInputElement>('from');
const toInput = $<HTMLInputElement>('to');
const banner = $<HTMLElement>('banner');

let projects: AnswerOf<'projects'>['rows'] = [];
let inFlight: AbortController | undefined;

function say(message: string): void {
  banner.textContent = message;
  banner.hidden = message === '';
}

/** Runs `question`, then `render` with its answer; a refusal shows in the panel. Resolves either way. */
async function panel<T>(id: string, question: (signal: AbortSignal) => Promise<T>, render: (answer: T, element: HTMLElement) => void, signal: AbortSignal): Promise<void> {
  const element = $(id);
  setState(element, 'loading');
  try {
    const answer = await question(signal);
    if (!signal.aborted) render(answer, element);
  } catch (error) {
    if (!signal.aborted) failed(element, explain(error));
  }
}

function explain(error: unknown): Error {
  if (error instanceof AskError && error.status === 503) return new Error(`A store is not answering: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

async function show(project: string, preset: Preset, range: Range): Promise<void> {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const { signal } = controller;
  document.body.dataset.state = 'loading';
  history.replaceState(null, '', writeView(project, preset, range));
  presetSelect.value = preset;
  fromInput.value = day(range.from);
  toInput.value = day(range.to);
  const period = periodInput(range);
  const started = performance.now();

  const activity = ask('project_activity', { project }, signal).catch(() => undefined);
  const panels = [
    panel('keys', (s) => Promise.all([ask('dora_metrics', { project, period }, s), ask('dora_trend', { project, period: periodInput(trendRange(range)) }, s)]), ([metrics, trend], element) => {
      for (const figure of keyFigures(metrics.metrics)) {
        const tile = $(`key-${figure.key}`);
        tile.querySelector('.value')!.textContent = figure.value;
        tile.querySelector('.detail')!.textContent = figure.detail;
        tile.querySelector('.bands')!.textContent = figure.bands;
        const badge = tile.querySelector<HTMLElement>('.band')!;
        badge.textContent = figure.band ?? 'not rated';
        badge.dataset.band = figure.band ?? 'none';
        if (trend.weeks.length === 0) empty(tile, EMPTY.trend);
        else draw(tile, doraTrendOption(trend.weeks, figure.key));
      }
      const notes = [metrics.soFar ? `So far: the period ends ${day(Date.parse(metrics.period.to))}.` : '', weeksIn(range) > MOST_WEEKS ? `The weekly lines show the period's last ${MOST_WEEKS} weeks.` : ''];
      setState(element, 'ready', notes.filter((n) => n !== '').join(' '));
    }, signal),
    panel('lead-time', (s) => ask('lead_time_breakdown', { project, period }, s), (answer, element) => {
      if (answer.pullRequests === 0) empty(element, EMPTY.leadTime);
      else draw(element, leadTimeOption(answer));
    }, signal),
    panel('review-time', (s) => Promise.all([ask('pr_review_time_trend', { project, period }, s), ask('pr_pickup_time_trend', { project, period }, s)]), ([review, pickup], element) => {
      if (review.rows.length === 0 && pickup.rows.length === 0) empty(element, EMPTY.review);
      else draw(element, reviewTimeOption(review.rows, pickup.rows));
    }, signal),
    panel('velocity', (s) => ask('sprint_velocity', { project }, s), (sprints, element) => {
      if (sprints.rows.length === 0) empty(element, EMPTY.velocity);
      else draw(element, velocityOption(sprints.rows));
    }, signal),
    panel('timeline', (s) => ask('delivery_timeline', { project, period }, s), (answer, element) => {
      if (answer.deployments.length === 0 && answer.incidents.length === 0) empty(element, EMPTY.timeline);
      else draw(element, timelineOption(answer));
    }, signal),
    panel('contributors', (s) => ask('top_committers', { project, period, limit: 10 }, s), (committers, element) => {
      if (committers.rows.length === 0) empty(element, EMPTY.contributors);
      else draw(element, contributorsOption(committers.rows));
    }, signal),
    panel('dependencies', (s) => Promise.all([ask('dependency_chain', { project }, s), ask('projects_affected_by_delay', { project }, s)]), ([chains, affected], element) => {
      const graph = dependencyGraph(project, chains.rows, affected.rows);
      if (graph.nodes.length === 1) empty(element, EMPTY.dependencies);
      else draw(element, dependenciesOption(graph));
    }, signal),
  ];
  await Promise.all(panels);
  const seen = await activity;
  if (signal.aborted) return;
  say(seen !== undefined && seen.events === 0 ? FILL_THE_STORES : '');
  performance.mark('dashboard-ready', { detail: { ms: performance.now() - started } });
  document.body.dataset.view = `${project}|${day(range.from)}|${day(range.to)}`;
  document.body.dataset.state = 'ready';
}

/** The range for a preset: `latest` asks the project's latest event first. */
async function rangeFor(project: string, preset: Exclude<Preset, 'custom'>): Promise<Range> {
  const latest = preset === 'latest' ? await ask('project_activity', { project }).then((a) => (a.lastAt === null ? null : Date.parse(a.lastAt)), () => null) : null;
  return presetRange(preset, Date.now(), latest);
}

function chosenRange(): Range | undefined {
  const from = parseDay(fromInput.value);
  const to = parseDay(toInput.value);
  return from !== undefined && to !== undefined && to > from ? { from, to } : undefined;
}

async function start(): Promise<void> {
  for (const [value, label] of Object.entries(PRESETS)) presetSelect.add(new Option(label, value));
  try {
    projects = (await ask('projects', {})).rows;
  } catch (error) {
    say(error instanceof AskError && error.code === 'SWY_ACCESS_REFUSED' ? NO_PROJECTS : explain(error).message);
    document.body.dataset.state = 'ready';
    return;
  }
  if (projects.length === 0) {
    say(NO_PROJECTS);
    document.body.dataset.state = 'ready';
    return;
  }
  for (const p of projects) projectSelect.add(new Option(p.name === null || p.name === p.key ? p.key : `${p.name} (${p.key})`, p.key));
  const view = readView(location.search);
  const project = projects.find((p) => p.key.toLowerCase() === view.project?.toLowerCase())?.key ?? projects[0]!.key;
  projectSelect.value = project;
  const preset = view.range !== undefined ? (view.preset ?? 'custom') : view.preset !== undefined && view.preset !== 'custom' ? view.preset : 'latest';
  await show(project, preset, view.range ?? (await rangeFor(project, preset === 'custom' ? 'latest' : preset)));

  projectSelect.addEventListener('change', async () => {
    const chosen = presetSelect.value as Preset;
    // The latest-event preset follows the project; any other keeps the range.
    const range = chosen === 'latest' ? await rangeFor(projectSelect.value, 'latest') : chosenRange();
    if (range !== undefined) await show(projectSelect.value, chosen, range);
  });
  presetSelect.addEventListener('change', async () => {
    const chosen = presetSelect.value as Preset;
    if (chosen === 'custom') return;
    await show(projectSelect.value, chosen, await rangeFor(projectSelect.value, chosen));
  });
  for (const input of [fromInput, toInput]) {
    input.addEventListener('change', async () => {
      const range = chosenRange();
      if (range !== undefined) await show(projectSelect.value, 'custom', range);
    });
  }
}

void start();
