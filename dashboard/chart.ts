/**
 * A panel's chart: an ECharts instance on the panel's `.chart` element (SVG, so it scales crisply and
 * the accessibility check can read it), or the panel's own message when there is nothing to draw.
 * Each panel says how it ended in `data-state` (ready, empty, error): the page's readiness and the
 * browser tests read that, never a timer.
 *
 * ECharts (1 MB) is a dynamic import, not a static one: the page's questions do not wait for it to
 * download and run (the HTML preloads it meanwhile). `chartsLoaded` says when it is in.
 */
import type * as Echarts from 'echarts';
import type { EChartsOption } from 'echarts';

let echarts: typeof Echarts | undefined;
export const chartsLoaded: Promise<void> = import('echarts').then((library) => void (echarts = library));

function library(): typeof Echarts {
  if (echarts === undefined) throw new Error('ECharts is not loaded yet: await chartsLoaded first');
  return echarts;
}

const charts = new Set<Echarts.ECharts>();
window.addEventListener('resize', () => {
  for (const chart of charts) chart.resize();
});

export type PanelState = 'loading' | 'ready' | 'empty' | 'error';

function chartElement(panel: HTMLElement): HTMLElement {
  const found = panel.querySelector<HTMLElement>('.chart');
  if (found === null) throw new Error(`panel ${panel.id} has no .chart element`);
  return found;
}

export function setState(panel: HTMLElement, state: PanelState, message = ''): void {
  panel.dataset.state = state;
  const note = panel.querySelector<HTMLElement>('.note');
  if (note !== null) {
    note.textContent = message;
    note.hidden = message === '';
  }
}

/** Draws `option` in the panel, with `note` under its title; replaces what was drawn before (notMerge), so a new scope leaves nothing of the old. */
export function draw(panel: HTMLElement, option: EChartsOption, note = ''): void {
  const element = chartElement(panel);
  element.hidden = false;
  let chart = library().getInstanceByDom(element);
  if (chart === undefined) {
    chart = library().init(element, null, { renderer: 'svg' });
    charts.add(chart);
  }
  chart.setOption(option, { notMerge: true });
  setState(panel, 'ready', note);
}

/** Nothing to draw: the chart goes, and the panel says what would fill it. */
export function empty(panel: HTMLElement, message: string): void {
  const element = chartElement(panel);
  const chart = echarts?.getInstanceByDom(element);
  if (chart !== undefined) {
    charts.delete(chart);
    chart.dispose();
  }
  element.hidden = true;
  setState(panel, 'empty', message);
}

export function failed(panel: HTMLElement, error: unknown): void {
  for (const element of panel.querySelectorAll<HTMLElement>('.chart')) element.hidden = true;
  setState(panel, 'error', error instanceof Error ? error.message : String(error));
}
