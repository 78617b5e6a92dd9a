/** Sprint velocity (sprint_velocity): points committed and completed per closed sprint. */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { base, COLORS, described } from './theme.ts';

type Sprints = AnswerOf<'sprint_velocity'>['rows'];

export const sprintLabel = (s: Sprints[number]): string => s.name ?? `sprint ${s.sprintId}`;

export function velocityOption(sprints: Sprints): EChartsOption {
  return {
    ...base('Sprint velocity', described('Story points committed and completed per sprint', sprints.map((s) => [sprintLabel(s), `${s.completedPoints ?? 'no'} of ${s.committedPoints ?? 'no'} points completed`]))),
    legend: { top: 0 },
    xAxis: { type: 'category', data: sprints.map(sprintLabel), axisLabel: { color: COLORS.muted } },
    yAxis: { type: 'value', name: 'points', axisLabel: { color: COLORS.muted } },
    series: [
      { name: 'Committed', type: 'bar', data: sprints.map((s) => s.committedPoints), itemStyle: { color: '#8fb3d9' } },
      { name: 'Completed', type: 'bar', data: sprints.map((s) => s.completedPoints), itemStyle: { color: COLORS.primary } },
    ],
  };
}
