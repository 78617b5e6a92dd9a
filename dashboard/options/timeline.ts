/**
 * Deployments and incidents on one time axis (delivery_timeline): each deployment a point when it
 * finished (failed ones red: those change failure rate counts), each incident a bar from its start
 * to its resolution (to the period's end while unresolved).
 */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { base, COLORS, described } from './theme.ts';

type Timeline = AnswerOf<'delivery_timeline'>;

export const LANES = { deployments: 'Deployments', incidents: 'Incidents' } as const;

export function timelineOption(answer: Timeline): EChartsOption {
  const from = Date.parse(answer.period.from);
  const to = Date.parse(answer.period.to);
  const point = (deployment: Timeline['deployments'][number]) => ({ name: `${deployment.repository} ${deployment.name}`, value: [Date.parse(deployment.finishedAt), LANES.deployments] });
  return {
    ...base(
      'Deployments and incidents',
      described(`${answer.deployments.length} deployments (${answer.deployments.filter((d) => d.failed).length} failed) and ${answer.incidents.length} incidents`, [
        ...answer.deployments.map((d): [string, string] => [`${d.finishedAt.slice(0, 16).replace('T', ' ')} deployment`, `${d.repository} ${d.name}${d.failed ? ', failed' : ''}`]),
        ...answer.incidents.map((i): [string, string] => [`${i.startedAt.slice(0, 16).replace('T', ' ')} incident`, `${i.source} ${i.key}, ${i.resolvedAt === null ? 'unresolved' : `resolved ${i.resolvedAt.slice(0, 16).replace('T', ' ')}`}`]),
      ]),
    ),
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'time', min: from, max: to, axisLabel: { color: COLORS.muted } },
    yAxis: { type: 'category', data: [LANES.incidents, LANES.deployments], axisLabel: { color: '#1f2328' } },
    series: [
      { name: 'Deployment', type: 'scatter', symbolSize: 10, data: answer.deployments.filter((d) => !d.failed).map(point), itemStyle: { color: COLORS.good } },
      { name: 'Failed deployment', type: 'scatter', symbol: 'diamond', symbolSize: 13, data: answer.deployments.filter((d) => d.failed).map(point), itemStyle: { color: COLORS.bad } },
      {
        name: 'Incident',
        type: 'scatter',
        symbol: 'triangle',
        symbolSize: 11,
        data: answer.incidents.map((incident) => ({ name: `${incident.source} ${incident.key}`, value: [Date.parse(incident.startedAt), LANES.incidents] })),
        itemStyle: { color: COLORS.warn },
      },
      {
        name: 'Incident open',
        type: 'lines',
        coordinateSystem: 'cartesian2d',
        polyline: false,
        lineStyle: { width: 6, color: COLORS.warn, opacity: 0.6, cap: 'round' },
        // A category axis places by index: the incidents' lane is the first.
        data: answer.incidents.map((incident) => ({ coords: [[Date.parse(incident.startedAt), 0], [incident.resolvedAt === null ? to : Math.min(Date.parse(incident.resolvedAt), to), 0]] })),
      },
    ],
  };
}
