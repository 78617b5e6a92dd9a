/** Who committed most in the period (top_committers). */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { base, COLORS, described } from './theme.ts';

type Committers = AnswerOf<'top_committers'>['rows'];

export const committerLabel = (c: Committers[number]): string => c.login ?? c.email ?? c.developer;

export function contributorsOption(committers: Committers): EChartsOption {
  return {
    ...base('Top contributors', described('Distinct commits pushed in the period, per developer', committers.map((c) => [committerLabel(c), `${c.commits} commits`]))),
    tooltip: { trigger: 'item' },
    grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: 'commits', minInterval: 1, axisLabel: { color: COLORS.muted } },
    yAxis: { type: 'category', inverse: true, data: committers.map(committerLabel), axisLabel: { color: '#1f2328' } },
    series: [{ name: 'commits', type: 'bar', data: committers.map((c) => c.commits), label: { show: true, position: 'right' }, itemStyle: { color: COLORS.primary } }],
  };
}
