/**
 * The pipeline page (`/pipeline`): `/v1/pipeline` polled every two seconds, each sub-topology's
 * state, lag, throughput, breakers and dead letters in a table, throughput and lag as live lines,
 * and the topology drawn by Mermaid from the same text as `switchyard describe --mermaid`.
 * Every applied snapshot bumps `<body data-polls>`; a row carries its breakers' states as
 * `data-breakers`, which the browser test waits on.
 */
import type { Mermaid } from 'mermaid';
import type { PipelineSnapshot, SubTopologySnapshot } from '../observability/pipelineSnapshot.ts';
import { AskError, fetchJson } from './ask.ts';
import { chartsLoaded, draw, failed, setState } from './chart.ts';
import { byId as $ } from './dom.ts';
import { count } from './format.ts';
import { liveOption, ratesBetween, remember, type Rate, type Sample } from './options/pipeline.ts';

declare global {
  interface Window {
    mermaid?: Mermaid;
  }
}

/**
 * Mermaid (6 MB), loaded when the topology is first drawn rather than before the page's first
 * reading; set up once. A failure to load is the topology panel's, not the page's.
 */
let mermaidLoaded: Promise<Mermaid> | undefined;
function loadMermaid(): Promise<Mermaid> {
  mermaidLoaded ??= new Promise<Mermaid>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/vendor/mermaid.js';
    script.addEventListener('load', () => {
      const mermaid = window.mermaid;
      if (mermaid === undefined) return reject(new Error('/vendor/mermaid.js loaded but defined no mermaid'));
      // Drawn at its own size (the panel scrolls), in a smaller font, so a wide topology stays readable.
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', themeVariables: { fontSize: '12px' }, flowchart: { htmlLabels: false, useMaxWidth: false } });
      resolve(mermaid);
    });
    script.addEventListener('error', () => reject(new Error('could not load /vendor/mermaid.js')));
    document.head.append(script);
  });
  return mermaidLoaded;
}

const POLL_MS = 2_000;
/** The live charts show this much of the recent past. */
const WINDOW_MS = 3 * 60_000;

let previous: PipelineSnapshot | undefined;
let throughput: Sample[] = [];
let lags: Sample[] = [];
let drawnTopology: string | undefined;
let polls = 0;

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className !== '') td.className = className;
  return td;
}

function badge(text: string, state: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'state';
  span.dataset.state = state;
  span.textContent = text;
  return span;
}

const BREAKER_WORDS = { closed: 'closed', halfOpen: 'half-open', open: 'open' } as const;

function row(sub: SubTopologySnapshot, rate: Rate | undefined): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.subTopology = sub.name;
  tr.dataset.breakers = sub.breakers.map((b) => b.state).join(' ');
  tr.dataset.recordsOut = String(sub.recordsOut);
  const name = document.createElement('th');
  name.scope = 'row';
  name.textContent = sub.name;
  const state = document.createElement('td');
  state.append(badge(sub.state, sub.state));
  if (sub.lastError !== null && sub.state !== 'running') state.title = sub.lastError;
  const breakers = document.createElement('td');
  if (sub.breakers.length === 0) breakers.textContent = '—';
  for (const breaker of sub.breakers) {
    const shown = badge(BREAKER_WORDS[breaker.state], breaker.state);
    shown.title = breaker.node;
    breakers.append(shown, ' ');
  }
  tr.append(
    name,
    state,
    cell(sub.lag === null ? '—' : count(sub.lag), 'number'),
    cell(rate === undefined ? '—' : rate.inPerSecond.toFixed(1), 'number'),
    cell(rate === undefined ? '—' : rate.outPerSecond.toFixed(1), 'number'),
    breakers,
    cell(count(sub.deadLettered), 'number'),
    cell(sub.state === 'running' ? '' : (sub.lastError ?? '')),
  );
  return tr;
}

async function drawTopology(text: string): Promise<void> {
  if (text === drawnTopology) return;
  drawnTopology = text;
  const panel = $('topology');
  setState(panel, 'loading', 'Drawing the topology…');
  try {
    const mermaid = await loadMermaid();
    const { svg } = await mermaid.render('topology-graph', text);
    panel.querySelector('.diagram')!.innerHTML = svg;
    setState(panel, 'ready');
  } catch (error) {
    failed(panel, error);
  }
}

/** The live lines, once ECharts is in (the tables never wait for it); a library that failed to load says so in its panels. */
function drawLive(window: { readonly from: number; readonly to: number }, first: boolean): void {
  chartsLoaded.then(
    () => {
      if (first) setState($('throughput'), 'loading', `A rate takes two readings: the first line appears in ${POLL_MS / 1000} s.`);
      else draw($('throughput'), liveOption('Records consumed per second, per sub-topology', 'records/s', throughput, window));
      draw($('lag'), liveOption('Consumer lag per sub-topology', 'records', lags, window));
    },
    (error: unknown) => {
      for (const id of ['throughput', 'lag']) failed($(id), new Error(`the charts could not load: ${error instanceof Error ? error.message : String(error)}`));
    },
  );
}

function apply(snapshot: PipelineSnapshot): void {
  const rates = ratesBetween(previous, snapshot);
  const body = $('sub-topologies-body');
  body.replaceChildren(...snapshot.subTopologies.map((sub) => row(sub, previous === undefined ? undefined : rates.get(sub.name))));
  setState($('sub-topologies'), 'ready');
  const at = Date.parse(snapshot.at);
  // From the first reading (at least half a minute back) until it covers WINDOW_MS, then sliding.
  const first = Math.min(throughput[0]?.at ?? at, lags[0]?.at ?? at);
  if (previous !== undefined) throughput = remember(throughput, { at, values: new Map([...rates].map(([name, rate]) => [name, Math.round(rate.inPerSecond * 10) / 10])) });
  lags = remember(lags, { at, values: new Map(snapshot.subTopologies.map((sub) => [sub.name, sub.lag])) });
  drawLive({ from: Math.min(at - 30_000, Math.max(at - WINDOW_MS, first)), to: at }, previous === undefined);
  const letters = $('dead-letters-body');
  letters.replaceChildren(...snapshot.deadLettered.map((d) => {
    const tr = document.createElement('tr');
    tr.append(cell(d.stage), cell(d.errorClass), cell(count(d.count), 'number'));
    return tr;
  }));
  setState($('dead-letters'), 'ready', snapshot.deadLettered.length === 0 ? 'No record has been dead-lettered since the worker started.' : '');
  void drawTopology(snapshot.topology.mermaid);
  previous = snapshot;
  $('updated').textContent = `Updated ${new Date(at).toLocaleTimeString()}`;
  polls += 1;
  document.body.dataset.polls = String(polls);
}

function say(message: string): void {
  const banner = $('banner');
  // Rewritten only when it changes, so a screen reader is not told the same thing every poll.
  if (banner.textContent !== message) banner.textContent = message;
  banner.hidden = message === '';
}

/** Polls every POLL_MS; a 429 waits as long as the server says; a refused token stops until the page is reloaded. */
async function poll(): Promise<void> {
  let next = POLL_MS;
  try {
    apply(await fetchJson<PipelineSnapshot>('/v1/pipeline'));
    say('');
  } catch (error) {
    if (error instanceof AskError && error.status === 401) {
      say('This server needs a token to show the pipeline: reload the page to enter one.');
      return;
    }
    if (error instanceof AskError && error.status === 429) next = Math.max(POLL_MS, (error.retryAfterSeconds ?? 60) * 1000);
    say(`The worker's pipeline is not readable: ${error instanceof Error ? error.message : String(error)}. Trying again in ${Math.round(next / 1000)} s.`);
  }
  setTimeout(() => void poll(), next);
}

void poll();
