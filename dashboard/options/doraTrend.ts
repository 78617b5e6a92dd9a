/** The four DORA keys week by week (dora_trend): one small line chart per key. */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { hours } from '../format.ts';
import { base, COLORS } from './theme.ts';

type Week = AnswerOf<'dora_trend'>['weeks'][number];

/** Each key's weekly value, in the unit its chart plots. */
export const TREND_KEYS = {
  deployments: { title: 'Deployments per week', unit: 'deployments', value: (w: Week) => w.metrics.deploymentFrequency.deployments },
  leadTime: { title: 'Median lead time for changes (hours)', unit: 'h', value: (w: Week) => hours(w.metrics.leadTimeForChanges.medianMs) },
  changeFailureRate: { title: 'Change failure rate (%)', unit: '%', value: (w: Week) => (w.metrics.changeFailureRate.rate === null ? null : Math.round(w.metrics.changeFailureRate.rate * 1000) / 10) },
  recovery: { title: 'Median failed deployment recovery time (hours)', unit: 'h', value: (w: Week) => hours(w.metrics.failedDeploymentRecoveryTime.medianMs) },
} as const;
export type TrendKey = keyof typeof TREND_KEYS;

export function doraTrendOption(weeks: readonly Week[], key: TrendKey): EChartsOption {
  const { title, unit, value } = TREND_KEYS[key];
  return {
    ...base(title),
    grid: { left: 4, right: 8, top: 12, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: weeks.map((w) => w.week), axisLabel: { fontSize: 10, color: COLORS.muted } },
    yAxis: { type: 'value', name: unit === 'deployments' ? '' : unit, minInterval: unit === 'deployments' ? 1 : 0, axisLabel: { fontSize: 10, color: COLORS.muted } },
    series: [{ name: title, type: 'line', data: weeks.map(value), connectNulls: false, symbolSize: 5, lineStyle: { width: 2 } }],
  };
}
