/**
 * The pipeline page's arithmetic: records per second from two snapshots' totals, and the live
 * charts' series, kept to the last few minutes of polls.
 */
import type { EChartsOption } from 'echarts';
import type { PipelineSnapshot } from '../../observability/pipelineSnapshot.ts';
import { base, COLORS, described } from './theme.ts';

export interface Rate {
  readonly inPerSecond: number;
  readonly outPerSecond: number;
}

/** Per sub-topology, what moved between two snapshots per second; a counter that went back (a restart) counts from zero. */
export function ratesBetween(previous: PipelineSnapshot | undefined, current: PipelineSnapshot): Map<string, Rate> {
  const rates = new Map<string, Rate>();
  const seconds = previous === undefined ? 0 : (Date.parse(current.at) - Date.parse(previous.at)) / 1000;
  for (const sub of current.subTopologies) {
    const before = previous?.subTopologies.find((s) => s.name === sub.name);
    const delta = (now: number, then: number | undefined) => (then === undefined || now < then ? now : now - then);
    rates.set(sub.name, seconds <= 0 || before === undefined ? { inPerSecond: 0, outPerSecond: 0 } : { inPerSecond: delta(sub.recordsIn, before.recordsIn) / seconds, outPerSecond: delta(sub.recordsOut, before.recordsOut) / seconds });
  }
  return rates;
}

export interface Sample {
  readonly at: number;
  readonly values: ReadonlyMap<string, number | null>;
}

/** Keeps the newest `keep` samples. */
export function remember(samples: readonly Sample[], next: Sample, keep = 90): Sample[] {
  return [...samples, next].slice(-keep);
}

/** A live line chart of `samples` over `window` (a fixed span of the recent past, so one sample is not a two-day axis). */
export function liveOption(title: string, unit: string, samples: readonly Sample[], window: { readonly from: number; readonly to: number }): EChartsOption {
  const names = [...new Set(samples.flatMap((s) => [...s.values.keys()]))];
  const latest = samples.at(-1);
  return {
    ...base(title, described(`${title}, now`, names.map((name) => [name, latest?.values.get(name) == null ? null : `${latest.values.get(name)} ${unit}`]))),
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    color: [COLORS.primary, COLORS.secondary, COLORS.good, COLORS.warn, COLORS.bad, '#1b7c83', '#6e7781'],
    xAxis: { type: 'time', min: window.from, max: window.to, splitNumber: 4, axisLabel: { color: COLORS.muted, hideOverlap: true } },
    // The unit is in the panel's heading: an axis name here would sit under the legend.
    yAxis: { type: 'value', minInterval: unit === 'records' ? 1 : 0, axisLabel: { color: COLORS.muted } },
    series: names.map((name) => ({ name, type: 'line', showSymbol: false, data: samples.map((s) => [s.at, s.values.get(name) ?? null]) })),
  };
}
