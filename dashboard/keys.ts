/**
 * The four DORA keys as the tiles read them (dora_metrics), with DevLake's 2023 benchmark bands:
 * the same thresholds sinks/clickhouse/dora/bands.ts rates by, written out for people.
 */
import type { AnswerOf } from '../access/catalogue.ts';
import { count, duration, percent } from './format.ts';
import type { TrendKey } from './options/doraTrend.ts';

type Metrics = AnswerOf<'dora_metrics'>['metrics'];
export type Band = 'elite' | 'high' | 'medium' | 'low';

export interface KeyFigure {
  readonly key: TrendKey;
  /** The headline, as the tile shows it. */
  readonly value: string;
  readonly detail: string;
  readonly band: Band | null;
  /** The band thresholds, elite first. */
  readonly bands: string;
}

export function keyFigures(metrics: Metrics): KeyFigure[] {
  const df = metrics.deploymentFrequency;
  const lt = metrics.leadTimeForChanges;
  const cfr = metrics.changeFailureRate;
  const fdrt = metrics.failedDeploymentRecoveryTime;
  return [
    {
      key: 'deployments',
      value: df.medianDaysPerWeek === null ? '—' : `${df.medianDaysPerWeek} ${df.medianDaysPerWeek === 1 ? 'day' : 'days'}/week`,
      detail: `${count(df.deployments)} deployments on ${count(df.deploymentDays)} days (median deployment days a week; a month: ${df.medianDaysPerMonth ?? '—'})`,
      band: df.band,
      bands: 'elite ≥ 5 days a week · high ≥ 1 a week · medium ≥ 1 a month · low below',
    },
    {
      key: 'leadTime',
      value: duration(lt.medianMs),
      detail: `median over ${count(lt.count)} deployed pull requests (first commit → deployed)`,
      band: lt.band,
      bands: 'elite < 1 day · high < 1 week · medium < 1 month · low longer',
    },
    {
      key: 'changeFailureRate',
      value: percent(cfr.rate),
      detail: `${count(cfr.failedDeployments)} of ${count(cfr.deployments)} deployments led to an incident`,
      band: cfr.band,
      bands: 'elite ≤ 5 % · high ≤ 10 % · medium ≤ 15 % · low above',
    },
    {
      key: 'recovery',
      value: duration(fdrt.medianMs),
      detail: `median over ${count(fdrt.count)} incidents caused by a deployment; all incidents: ${duration(metrics.timeToRestore.medianMs)} (${count(metrics.timeToRestore.unresolved)} unresolved)`,
      band: fdrt.band,
      bands: 'elite < 1 hour · high < 1 day · medium < 1 week · low longer',
    },
  ];
}
