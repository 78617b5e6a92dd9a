/**
 * The delivery page (`/`): a project and a period chosen at the top, and every panel below answered
 * by the catalogue for that scope, each panel as soon as its own answer arrives. Every choice is
 * a new view: the answers still on their way for an older one are aborted, and an older view that
 * finishes late draws nothing. When every panel of the current view has settled,
 * `<body data-state="ready" data-view="PROJECT|from|to">` says so (`to` exclusive), and the mark
 * `dashboard-ready` times it.
 */
import type { AnswerOf } from '../access/catalogue.ts';
import { ask, AskError } from './ask.ts';
import { chartsLoaded, draw, empty, failed, setState } from './chart.ts';
import { byId } from './dom.ts';
import { EMPTY, FILL_THE_STORES, NO_PROJECTS, TRUNCATED, VELOCITY_SCOPE } from './empty.ts';
import { keyFigures } from './keys.ts';
import { contributorsOption } from './options/contributors.ts';
import { dependenciesOption, dependencyGraph } from './options/dependencies.ts';
import { anyActivity, doraTrendOption } from './options/doraTrend.ts';
import { leadTimeOption } from './options/leadTime.ts';
import { reviewTimeOption } from './options/reviewTime.ts';
import { timelineOption } from './options/timeline.ts';
import { velocityOption } from './options/velocity.ts';
import { MAX_TREND_WEEKS } from '../access/isoWeeks.ts';
import { day, lastDay, periodInput, PRESETS, presetRange, rangeThrough, readView, trendRange, weeksIn, writeView, type Preset, type Range } from './period.ts';

const projectSelect = byId<HTMLSelectElement>('project');
const presetSelect = byId<HTMLSelectElement>('preset');
const fromInput = byId<HTMLInputElement>('from');
const throughInput = byId<HTMLInputElement>('through');
const banner = byId('banner');
const TILES = ['deployments', 'leadTime', 'changeFailureRate', 'recovery'] as const;
const TYPING_PAUSE_MS = 400;

type Activity = AnswerOf<'project_activity'> | undefined;

/** The view being drawn: a newer choice replaces it, and its late answers are dropped. */
let current: { readonly id: number; readonly controller: AbortController } | undefined;
let views = 0;
let shownProject: string | undefined;

function say(message: string): void {
  if (banner.textContent !== message) banner.textContent = message;
  banner.hidden = message === '';
}

/** Runs `question`, then `render` with its answer; a refusal shows in the panel. Resolves either way. */
async function panel<T>(id: string, question: (signal: AbortSignal) => Promise<T>, render: (answer: T, element: HTMLElement) => void, signal: AbortSignal, onError: (element: HTMLElement) => void = () => {}): Promise<void> {
  const element = byId(id);
  setState(element, 'loading');
  try {
    const [answer] = await Promise.all([question(signal), chartsLoaded]);
    if (!signal.aborted) render(answer, element);
  } catch (error) {
    if (signal.aborted) return;
    onError(element);
    failed(element, explain(error));
  }
}

function explain(error: unknown): Error {
  if (error instanceof AskError && error.status === 503) return new Error(`A store is not answering: ${error.message}`);
  if (error instanceof AskError && error.status === 429) return new Error(`Too many requests for now (SWITCHYARD_ACCESS_RATE_PER_MINUTE); try again in ${error.retryAfterSeconds ?? 60} s.`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Clears the four tiles, so a failed answer leaves no figure of the project shown before. */
function resetTiles(): void {
  for (const key of TILES) {
    const tile = byId(`key-${key}`);
    tile.querySelector('.value')!.textContent = '—';
    tile.querySelector('.detail')!.textContent = '';
    const badge = tile.querySelector<HTMLElement>('.band')!;
    badge.textContent = 'not rated';
    badge.dataset.band = 'none';
    empty(tile, '');
  }
}

function drawKeys(metrics: AnswerOf<'dora_metrics'>, trend: AnswerOf<'dora_trend'>, range: Range, element: HTMLElement): void {
  const active = anyActivity(trend.weeks);
  for (const figure of keyFigures(metrics.metrics)) {
    const tile = byId(`key-${figure.key}`);
    tile.querySelector('.value')!.textContent = figure.value;
    tile.querySelector('.detail')!.textContent = figure.detail;
    tile.querySelector('.bands')!.textContent = figure.bands;
    const badge = tile.querySelector<HTMLElement>('.band')!;
    badge.textContent = figure.band ?? 'not rated';
    badge.dataset.band = figure.band ?? 'none';
    if (active) draw(tile, doraTrendOption(trend.weeks, figure.key, Date.now()));
    else empty(tile, EMPTY.trend);
  }
  const notes = [
    metrics.soFar ? `So far: the period ends ${lastDay(range)}.` : '',
    weeksIn(range) > MAX_TREND_WEEKS ? `The weekly lines show the period's last ${MAX_TREND_WEEKS} weeks.` : 'The weekly lines show whole weeks (Monday to Monday, UTC), so the first and last may reach outside the period.',
  ];
  setState(element, 'ready', notes.filter((n) => n !== '').join(' '));
}

/** Draws `project` over `range`; resolves when every panel has settled (or a newer view replaced it). */
async function show(project: string, preset: Preset, range: Range, activity: Promise<Activity>): Promise<void> {
  current?.controller.abort();
  const view = { id: ++views, controller: new AbortController() };
  // Another project's figures must not sit under this one's name while its answers come.
  if (shownProject !== project) resetTiles();
  shownProject = project;
  current = view;
  const { signal } = view.controller;
  say('');
  document.body.dataset.state = 'loading';
  document.querySelector('main')!.setAttribute('aria-busy', 'true');
  history.replaceState(null, '', writeView(project, preset, range));
  projectSelect.value = project;
  presetSelect.value = preset;
  fromInput.value = day(range.from);
  throughInput.value = lastDay(range);
  const period = periodInput(range);
  const started = performance.now();

  await Promise.all([
    panel('keys', (s) => Promise.all([ask('dora_metrics', { project, period }, s), ask('dora_trend', { project, period: periodInput(trendRange(range)) }, s)]), ([metrics, trend], element) => drawKeys(metrics, trend, range, element), signal, resetTiles),
    panel('lead-time', (s) => ask('lead_time_breakdown', { project, period }, s), (answer, element) => {
      if (answer.pullRequests === 0) empty(element, EMPTY.leadTime);
      else draw(element, leadTimeOption(answer));
    }, signal),
    panel('review-time', (s) => Promise.all([ask('pr_review_time_trend', { project, period }, s), ask('pr_pickup_time_trend', { project, period }, s)]), ([review, pickup], element) => {
      if (review.rows.length === 0 && pickup.rows.length === 0) empty(element, EMPTY.review);
      else draw(element, reviewTimeOption(review.rows, pickup.rows), review.truncated || pickup.truncated ? TRUNCATED : '');
    }, signal),
    panel('velocity', (s) => ask('sprint_velocity', { project }, s), (sprints, element) => {
      if (sprints.rows.length === 0) empty(element, EMPTY.velocity);
      else draw(element, velocityOption(sprints.rows), sprints.truncated ? `${VELOCITY_SCOPE} ${TRUNCATED}` : VELOCITY_SCOPE);
    }, signal),
    panel('timeline', (s) => ask('delivery_timeline', { project, period }, s), (answer, element) => {
      if (answer.deployments.length === 0 && answer.incidents.length === 0) empty(element, EMPTY.timeline);
      else draw(element, timelineOption(answer), answer.truncated ? TRUNCATED : '');
    }, signal),
    panel('contributors', (s) => ask('top_committers', { project, period, limit: 10 }, s), (committers, element) => {
      if (committers.rows.length === 0) empty(element, EMPTY.contributors);
      else draw(element, contributorsOption(committers.rows));
    }, signal),
    panel('dependencies', (s) => Promise.all([ask('dependency_chain', { project }, s), ask('projects_affected_by_delay', { project }, s)]), ([chains, affected], element) => {
      const graph = dependencyGraph(project, chains.rows, affected.rows);
      if (graph.nodes.length === 1) empty(element, EMPTY.dependencies);
      else draw(element, dependenciesOption(graph), chains.truncated || affected.truncated ? TRUNCATED : '');
    }, signal),
  ]);
  const seen = await activity;
  if (current !== view) return;
  say(seen !== undefined && seen.events === 0 ? FILL_THE_STORES : '');
  performance.mark('dashboard-ready', { detail: { ms: performance.now() - started } });
  document.querySelector('main')!.removeAttribute('aria-busy');
  document.body.dataset.view = `${project}|${day(range.from)}|${day(range.to)}`;
  document.body.dataset.state = 'ready';
}

/**
 * A new choice: the range it means (a preset may need the project's latest event first), then the
 * view. A choice made while an earlier one was still finding its range wins: the earlier is dropped.
 */
let choices = 0;
async function choose(project: string, preset: Preset, given?: Range): Promise<void> {
  const choice = ++choices;
  // Asked once per choice: the latest-event preset's range and the "nothing arrived" banner share it.
  const activity: Promise<Activity> = ask('project_activity', { project }).catch(() => undefined);
  let range = given;
  if (range === undefined) {
    // A custom choice without its days falls back to the latest-event range too.
    const wantsLatest = preset === 'latest' || preset === 'custom';
    const lastAt = wantsLatest ? await activity.then((a) => (a?.lastAt == null ? Number.NaN : Date.parse(a.lastAt))) : Number.NaN;
    range = presetRange(preset === 'custom' ? 'latest' : preset, Date.now(), Number.isFinite(lastAt) ? lastAt : null);
  }
  if (choice !== choices) return;
  await show(project, preset, range, activity);
}

function chosenRange(): Range | undefined {
  return rangeThrough(fromInput.value, throughInput.value);
}

async function start(): Promise<void> {
  for (const [value, label] of Object.entries(PRESETS)) presetSelect.add(new Option(label, value));
  // Listening before the first view: a choice made while it loads replaces it.
  projectSelect.addEventListener('change', () => {
    const preset = presetSelect.value as Preset;
    // The latest-event preset follows the project; any other keeps the range on screen.
    void choose(projectSelect.value, preset, preset === 'latest' ? undefined : chosenRange());
  });
  presetSelect.addEventListener('change', () => {
    const preset = presetSelect.value as Preset;
    if (preset !== 'custom') void choose(projectSelect.value, preset);
  });
  // A date typed digit by digit is a valid day at every digit of its year (0002, 0020, 0202, 2024):
  // the view follows once the typing pauses, and only for a range from 1970 on.
  let typing: ReturnType<typeof setTimeout> | undefined;
  for (const input of [fromInput, throughInput]) {
    input.addEventListener('change', () => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        const range = chosenRange();
        if (range !== undefined && range.from >= 0) void choose(projectSelect.value, 'custom', range);
      }, TYPING_PAUSE_MS);
    });
  }

  let projects: AnswerOf<'projects'>;
  try {
    projects = await ask('projects', {});
  } catch (error) {
    // The same code refuses a Host that is not this machine: only the file's refusal names the file.
    return nothingToShow(error instanceof AskError && error.message.includes('SWITCHYARD_TEAMS_FILE') ? NO_PROJECTS : explain(error).message);
  }
  if (projects.rows.length === 0) return nothingToShow(NO_PROJECTS);
  for (const p of projects.rows) projectSelect.add(new Option(p.name === null || p.name === p.key ? p.key : `${p.name} (${p.key})`, p.key));
  const view = readView(location.search);
  const asked = projects.rows.find((p) => p.key.toLowerCase() === view.project?.toLowerCase());
  // A project the URL names but the list does not hold (cut at the row cap, or unknown) is asked as named.
  if (asked === undefined && view.project !== undefined) projectSelect.add(new Option(view.project, view.project));
  const project = asked?.key ?? view.project ?? projects.rows[0]!.key;
  // A preset is worked out again now (a bookmark of "Last 4 weeks" means the last 4 weeks); days only make a custom view.
  const preset = view.preset ?? (view.range === undefined ? 'latest' : 'custom');
  await choose(project, preset, preset === 'custom' ? view.range : undefined);
}

/** No project to show: the reason on top, and every panel says it has nothing rather than loading forever. */
function nothingToShow(reason: string): void {
  say(reason);
  for (const panel of document.querySelectorAll<HTMLElement>('main .panel')) failed(panel, new Error('No project to show: see above.'));
  document.body.dataset.state = 'ready';
}

void start();
