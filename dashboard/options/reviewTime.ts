/** PR review and pickup time week by week (pr_review_time_trend, pr_pickup_time_trend): median hours, and how many PRs. */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { hours } from '../format.ts';
import { base, COLORS } from './theme.ts';

type Weeks = AnswerOf<'pr_review_time_trend'>['rows'];

export function reviewTimeOption(review: Weeks, pickup: Weeks): EChartsOption {
  const weeks = [...new Set([...review.map((w) => w.week), ...pickup.map((w) => w.week)])].sort();
  const at = (rows: Weeks, week: string) => rows.find((w) => w.week === week);
  return {
    ...base('Median PR review and pickup time per week, in hours, and pull requests reviewed'),
    legend: { top: 0 },
    xAxis: { type: 'category', data: weeks, axisLabel: { color: COLORS.muted } },
    yAxis: [
      { type: 'value', name: 'hours', axisLabel: { color: COLORS.muted } },
      { type: 'value', name: 'PRs', minInterval: 1, splitLine: { show: false }, axisLabel: { color: COLORS.muted } },
    ],
    series: [
      { name: 'Median review time (h)', type: 'line', data: weeks.map((week) => hours(at(review, week)?.medianMs ?? null)), symbolSize: 6 },
      { name: 'Median pickup time (h)', type: 'line', data: weeks.map((week) => hours(at(pickup, week)?.medianMs ?? null)), symbolSize: 6, lineStyle: { type: 'dashed' } },
      { name: 'PRs reviewed', type: 'bar', yAxisIndex: 1, data: weeks.map((week) => at(review, week)?.count ?? 0), itemStyle: { color: '#b6c8dc' }, barMaxWidth: 18 },
    ],
  };
}
