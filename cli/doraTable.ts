/** The DORA figures as a person reads them in a terminal: one row per key, its band, and what it rests on. */
import type { DoraMetrics } from '../sinks/clickhouse/queries.ts';
import { table } from './table.ts';

/** 90061000 → "1d 1h 1m"; whole minutes, as DevLake reports them. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  return [d > 0 ? `${d}d` : '', d > 0 || h > 0 ? `${h}h` : '', `${m}m`].filter(Boolean).join(' ');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const nothing = (m: DoraMetrics) => m.deploymentFrequency.deployments === 0 && m.leadTimeForChanges.count === 0 && m.timeToRestore.count === 0 && m.timeToRestore.unresolved === 0;

export function doraTable(label: string, period: { from: number; to: number }, m: DoraMetrics, now: number = Date.now()): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const df = m.deploymentFrequency;
  const cfr = m.changeFailureRate;
  const rows = [
    ['deployment frequency', `${plural(df.deploymentDays, 'deployment day')}; median ${df.medianDaysPerWeek ?? '—'} a week`, df.band ?? '—', `${plural(df.deployments, 'deployment')} (${df.bySource.githubDeployments} GitHub Deployments, ${df.bySource.ci} CI runs)`],
    ['lead time for changes', duration(m.leadTimeForChanges.medianMs), m.leadTimeForChanges.band ?? '—', `median of ${plural(m.leadTimeForChanges.count, 'pull request')}`],
    ['change failure rate', cfr.rate === null ? '—' : `${(cfr.rate * 100).toFixed(1)} %`, cfr.band ?? '—', `${cfr.failedDeployments} of ${plural(cfr.deployments, 'deployment')} caused an incident`],
    ['failed deployment recovery time', duration(m.failedDeploymentRecoveryTime.medianMs), m.failedDeploymentRecoveryTime.band ?? '—', `median of ${plural(m.failedDeploymentRecoveryTime.count, 'incident')}`],
    ['time to restore (MTTR)', duration(m.timeToRestore.medianMs), '', `median of ${plural(m.timeToRestore.count, 'resolved incident')}; ${m.timeToRestore.unresolved} still open`],
  ];
  const c = m.coverage;
  const gaps = [
    c.pullRequestsWithUnknownFirstCommit > 0 ? `${plural(c.pullRequestsWithUnknownFirstCommit, 'pull request')} without a known first commit (timed from the opening)` : '',
    c.deploymentsWithUnknownChangeSet > 0 ? `${plural(c.deploymentsWithUnknownChangeSet, 'deployment')} with an unknown change set (their pull requests have no lead time)` : '',
    c.deploymentsWithPartialChangeSet > 0 ? `${plural(c.deploymentsWithPartialChangeSet, 'deployment')} with a partial change set` : '',
    c.firstDeployments > 0 ? `${plural(c.firstDeployments, "repository's first deployment", "repositories' first deployments")} (credited with no pull request)` : '',
  ].filter(Boolean);
  return [
    `${label}: DORA from ${day(period.from)} to ${day(period.to - 1)} (UTC${now < period.to ? ', so far' : ''}), Apache DevLake's definitions`,
    '',
    table(['METRIC', 'VALUE', 'BAND', 'OVER'], rows),
    '',
    nothing(m)
      ? 'Nothing of this scope in the period: no successful production deployment, deployed pull request or incident. Check the repositories and keys, and that GitHub sends deployment, workflow_run and push webhooks.'
      : gaps.length === 0
        ? 'Every figure rests on complete facts.'
        : `Resting on incomplete facts: ${gaps.join('; ')}.`,
  ].join('\n');
}
