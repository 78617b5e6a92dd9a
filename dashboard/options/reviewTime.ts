/** PR review and pickup time week by week (pr_review_time_trend, pr_pickup_time_trend): median hours, and how many PRs. */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { duration, hours } from '../format.ts';
import { base, COLORS, described } from './theme.ts';

type Weeks = AnswerOf<'pr_review_time_trend'>['rows'];

export function reviewTimeOption(review: Weeks, pickup: Weeks): EChartsOption {
  const weeks = [...new Set([...review.map((w) => w.week), ...pickup.map((w) => w.week)])].sort();
  const at = (rows: Weeks, week: string) => rows.find((w) => w.week === week);
  return {
    ...base(
      'Review and pickup time',
      described(
        'Per week the pull requests were opened: median time to the first review by someone else, median pickup time (first review or comment), and how many were reviewed',
        weeks.map((week) => [`week of ${week}`, `first review ${duration(at(review, week)?.medianMs ?? null)}, pickup ${duration(at(pickup, week)?.medianMs ?? null)}, ${at(review, week)?.count ?? 0} reviewed`]),
      ),
    ),
    legend: { top: 0 },
    xAxis: { type: 'category', data: weeks, axisLabel: { color: COLORS.muted } },
    yAxis: [
      { type: 'value', name: 'hours', axisLabel: { color: COLORS.muted } },
      { type: 'value', name: 'PRs', minInterval: 1, splitLine: { show: false }, axisLabel: { color: COLORS.muted } },
    ],
    series: [
      // pr_review_time_trend: opened → first submitted review; pr_pickup_time_trend: opened → first review or comment (DevLake's pickup).
      { name: 'Time to first review (h, median)', type: 'line', data: weeks.map((week) => hours(at(review, week)?.medianMs ?? null)), symbolSize: 6 },
      { name: 'Pickup time (h, median)', type: 'line', data: weeks.map((week) => hours(at(pickup, week)?.medianMs ?? null)), symbolSize: 6, lineStyle: { type: 'dashed' } },
      { name: 'PRs reviewed', type: 'bar', yAxisIndex: 1, data: weeks.map((week) => at(review, week)?.count ?? 0), itemStyle: { color: '#b6c8dc' }, barMaxWidth: 18 },
    ],
  };
}
