/**
 * Sprint velocity (sprint_velocity): what each closed sprint committed and completed, in story
 * points; in issues when no sprint of the project has points (a team that does not estimate, or
 * a board whose sprints Jira reported without them).
 */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { base, COLORS, described } from './theme.ts';

type Sprints = AnswerOf<'sprint_velocity'>['rows'];

export const sprintLabel = (s: Sprints[number]): string => s.name ?? `sprint ${s.sprintId}`;

/** Points when any sprint has them, else issues: the unit the chart plots, and each sprint's two values in it. */
export function velocityUnit(sprints: Sprints): { readonly unit: 'points' | 'issues'; readonly committed: (number | null)[]; readonly completed: (number | null)[] } {
  const points = sprints.some((s) => s.committedPoints !== null || s.completedPoints !== null);
  return points
    ? { unit: 'points', committed: sprints.map((s) => s.committedPoints), completed: sprints.map((s) => s.completedPoints) }
    : { unit: 'issues', committed: sprints.map((s) => s.committedIssues), completed: sprints.map((s) => s.completedIssues) };
}

export function velocityOption(sprints: Sprints): EChartsOption {
  const { unit, committed, completed } = velocityUnit(sprints);
  return {
    ...base('Sprint velocity', described(`${unit === 'points' ? 'Story points' : 'Issues'} committed and completed per sprint`, sprints.map((s, i) => [sprintLabel(s), `${completed[i] ?? 'none'} of ${committed[i] ?? 'none'} ${unit} completed`]))),
    legend: { top: 0 },
    xAxis: { type: 'category', data: sprints.map(sprintLabel), axisLabel: { color: COLORS.muted } },
    // The unit is in the series' names: an axis name at the left edge is cut off.
    yAxis: { type: 'value', minInterval: unit === 'issues' ? 1 : 0, axisLabel: { color: COLORS.muted } },
    series: [
      { name: `Committed (${unit})`, type: 'bar', data: committed, itemStyle: { color: '#8fb3d9' } },
      { name: `Completed (${unit})`, type: 'bar', data: completed, itemStyle: { color: COLORS.primary } },
    ],
  };
}
