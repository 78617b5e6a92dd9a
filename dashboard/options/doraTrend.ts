/** The four DORA keys week by week (dora_trend): one small line chart per key. */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { hours } from '../format.ts';
import { base, COLORS, described } from './theme.ts';

type Week = AnswerOf<'dora_trend'>['weeks'][number];

/** Each key's weekly value, in the unit its chart plots. */
export const TREND_KEYS = {
  // Days, as the headline and the bands count them (DevLake rates deployment days, not deployments).
  deployments: { title: 'Deployment days per week', unit: 'days', value: (w: Week) => w.metrics.deploymentFrequency.deploymentDays },
  leadTime: { title: 'Median lead time for changes (hours)', unit: 'h', value: (w: Week) => hours(w.metrics.leadTimeForChanges.medianMs) },
  changeFailureRate: { title: 'Change failure rate (%)', unit: '%', value: (w: Week) => (w.metrics.changeFailureRate.rate === null ? null : Math.round(w.metrics.changeFailureRate.rate * 1000) / 10) },
  recovery: { title: 'Median failed deployment recovery time (hours)', unit: 'h', value: (w: Week) => hours(w.metrics.failedDeploymentRecoveryTime.medianMs) },
} as const;
export type TrendKey = keyof typeof TREND_KEYS;

/** Whether any week has anything to rate: a deployment, a deployed pull request or an incident. */
export const anyActivity = (weeks: readonly Week[]): boolean =>
  weeks.some((w) => w.metrics.deploymentFrequency.deployments > 0 || w.metrics.leadTimeForChanges.count > 0 || w.metrics.timeToRestore.count > 0 || w.metrics.timeToRestore.unresolved > 0);

/** One key's weekly line; a week that has not started by `now` has no point (not a zero). */
export function doraTrendOption(weeks: readonly Week[], key: TrendKey, now: number): EChartsOption {
  const { title, unit, value } = TREND_KEYS[key];
  const started = (w: Week) => Date.parse(`${w.week}T00:00:00Z`) <= now;
  const data = weeks.map((w) => (started(w) ? value(w) : null));
  return {
    ...base(title, described(title, weeks.map((w, i) => [`week of ${w.week}`, data[i] == null ? null : `${data[i]} ${unit === 'days' && data[i] === 1 ? 'day' : unit}`]))),
    grid: { left: 4, right: 8, top: 12, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: weeks.map((w) => w.week), axisLabel: { fontSize: 10, color: COLORS.muted } },
    yAxis: { type: 'value', name: unit === 'days' ? '' : unit, minInterval: unit === 'days' ? 1 : 0, ...(unit === 'days' ? { max: 7 } : {}), axisLabel: { fontSize: 10, color: COLORS.muted } },
    series: [{ name: title, type: 'line', data, connectNulls: false, symbolSize: 5, lineStyle: { width: 2 } }],
  };
}
