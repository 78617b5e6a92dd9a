/** Where a change's lead time goes (lead_time_breakdown): DevLake's four PR stages, median hours each. */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { duration, hours } from '../format.ts';
import { base, COLORS, described } from './theme.ts';

type Breakdown = AnswerOf<'lead_time_breakdown'>;

export const STAGES = [
  ['coding', 'Coding (first commit → PR opened)'],
  ['pickup', 'Pickup (opened → first review or comment)'],
  ['review', 'Review (first review or comment → merged)'],
  ['deploy', 'Deploy (merged → deployed)'],
] as const;

export function leadTimeOption(answer: Breakdown): EChartsOption {
  return {
    ...base('Median time in each stage of a pull request', described(`Median time in each stage, over ${answer.pullRequests} deployed pull requests`, STAGES.map(([stage, label]) => [label, answer[stage].count === 0 ? null : `${duration(answer[stage].medianMs)} (${answer[stage].count} PRs)`]))),
    tooltip: { trigger: 'item', valueFormatter: (v) => `${String(v)} h` },
    // Room on the right for the longest bar's label.
    grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: 'hours', axisLabel: { color: COLORS.muted } },
    // Each stage says how many pull requests it is over: one without a review has no pickup or review time.
    yAxis: { type: 'category', inverse: true, data: STAGES.map(([stage, label]) => `${label}\n${answer[stage].count} of ${answer.pullRequests} PRs`), axisLabel: { color: '#1f2328', lineHeight: 16 } },
    series: [
      {
        name: 'median hours',
        type: 'bar',
        data: STAGES.map(([stage]) => hours(answer[stage].medianMs)),
        label: { show: true, position: 'right', formatter: (p) => duration(answer[STAGES[p.dataIndex]![0]].medianMs) },
        itemStyle: { color: COLORS.primary },
      },
    ],
  };
}
