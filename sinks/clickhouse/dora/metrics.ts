/**
 * The DORA figures of one scope over one range [from, to), from its facts, as DevLake defines
 * them (sinks/clickhouse/README.md has the table, and every remaining difference). Pure: the
 * hand-built histories of the tests and the facts read from ClickHouse go through the same code.
 *
 * Which range each figure looks at, as DevLake's dashboards filter:
 * - deployment frequency, change failure rate: deployments that finished in the range (an
 *   incident blamed on one counts whenever it happened);
 * - lead time: pull requests whose deployment finished in the range;
 * - time to restore (DevLake's MTTR): incidents resolved in the range, start → resolution;
 * - failed deployment recovery time (DORA 2023): incidents resolved in the range and blamed on a
 *   deployment that finished in the range, that deployment's finish → the resolution.
 */
import { deploymentFrequencyBand, changeFailureRateBand, leadTimeBand, recoveryTimeBand, type Band } from './bands.ts';
import type { ChangeSet } from './changeSets.ts';
import type { Deployment } from './deployments.ts';
import type { DoraFacts, DoraScope } from './facts.ts';
import { durationStats, median, type DurationStats, type MedianRule } from './median.ts';
import type { DoraRules } from './rules.ts';
import { scopedFacts } from './scoped.ts';
import { mondayOf } from '../../../access/isoWeeks.ts';

/** [from, to) in epoch milliseconds. */
export interface Range {
  readonly from: number;
  readonly to: number;
}

export interface DeploymentFrequency {
  readonly deployments: number;
  /** Distinct UTC days with at least one deployment: what DevLake's benchmarks count. */
  readonly deploymentDays: number;
  readonly byDay: readonly { readonly day: string; readonly deployments: number }[];
  /** Median deployment days per week (Monday to Sunday, UTC; weeks without one count as 0; up to today). */
  readonly medianDaysPerWeek: number | null;
  /** Median deployment days per calendar month. */
  readonly medianDaysPerMonth: number | null;
  readonly band: Band | null;
  /** Of the deployments, how many were found as GitHub Deployments and how many from CI runs. */
  readonly bySource: { readonly githubDeployments: number; readonly ci: number };
}

export interface ChangeFailureRate {
  readonly deployments: number;
  /** Deployments that caused at least one incident. */
  readonly failedDeployments: number;
  /** failedDeployments / deployments; null without deployments. */
  readonly rate: number | null;
  readonly band: Band | null;
}

export interface TimeToRestore extends DurationStats {
  /** Incidents of the scope that started in the range and are not resolved: in no duration. */
  readonly unresolved: number;
}

/** How much of the range's figures rest on incomplete facts. */
export interface Coverage {
  /** Deployed pull requests whose first commit was not seen: their lead time starts at the opening. */
  readonly pullRequestsWithUnknownFirstCommit: number;
  /** Deployments in the range whose change set is unknown: the pull requests they shipped have no lead time. */
  readonly deploymentsWithUnknownChangeSet: number;
  /** Deployments in the range whose change set went through a capped or forced push. */
  readonly deploymentsWithPartialChangeSet: number;
  /** Deployments in the range that were their repository's first: credited with no pull request. */
  readonly firstDeployments: number;
}

export interface DoraMetrics {
  readonly deploymentFrequency: DeploymentFrequency;
  readonly leadTimeForChanges: DurationStats & { readonly band: Band | null };
  readonly changeFailureRate: ChangeFailureRate;
  readonly timeToRestore: TimeToRestore;
  readonly failedDeploymentRecoveryTime: DurationStats & { readonly band: Band | null };
  readonly coverage: Coverage;
}

const MINUTE_MS = 60_000;
export const inRange = (at: number, range: Range): boolean => at >= range.from && at < range.to;

/**
 * `now`: a range that is not over yet (this month) is counted up to today, so the weeks still to
 * come do not count as weeks without a deployment.
 */
export function doraMetrics(facts: DoraFacts, scope: DoraScope, range: Range, rules: DoraRules, now: number = Number.POSITIVE_INFINITY): DoraMetrics {
  if (!(range.from < range.to)) throw new RangeError(`time range: from (${String(range.from)}) must be before to (${String(range.to)})`);
  // Change sets need every deployment of the repository, in range or not, to find the previous one (scoped.ts).
  const { deployments, sets, leads: everyLead, incidents, failed } = scopedFacts(facts, scope, rules);
  const deployed = deployments.filter((d) => inRange(d.finishedAtMs, range));
  const leads = everyLead.filter((lead) => inRange(lead.deployedAtMs, range));
  const leadTime = durationStats(leads.map((lead) => lead.ms), rules.median);
  const failedDeployments = deployed.filter((d) => failed.has(d.key)).length;
  const rate = deployed.length === 0 ? null : failedDeployments / deployed.length;
  const resolved = incidents.filter((incident) => incident.resolvedAtMs !== null && inRange(incident.resolvedAtMs, range));
  // DevLake keeps an incident's duration in whole minutes, rounded down (lead_time_minutes, TIMESTAMPDIFF).
  const wholeMinutes = (ms: number) => Math.trunc(ms / MINUTE_MS) * MINUTE_MS;
  const restored = resolved.map((incident) => wholeMinutes(incident.resolvedAtMs! - incident.startedAtMs));
  const recoveries = resolved.flatMap((incident) => (incident.causedBy !== null && inRange(incident.causedBy.finishedAtMs, range) ? [wholeMinutes(incident.resolvedAtMs! - incident.causedBy.finishedAtMs)] : []));
  const recovery = durationStats(recoveries, rules.median);

  return {
    deploymentFrequency: frequency(deployed, { from: range.from, to: Math.min(range.to, Math.floor(now / DAY_MS) * DAY_MS + DAY_MS) }, rules.median, deployments.length > 0),
    leadTimeForChanges: { ...leadTime, band: leadTimeBand(leadTime.medianMs) },
    changeFailureRate: { deployments: deployed.length, failedDeployments, rate, band: changeFailureRateBand(rate) },
    timeToRestore: { ...durationStats(restored, rules.median), unresolved: incidents.filter((i) => i.resolvedAtMs === null && inRange(i.startedAtMs, range)).length },
    failedDeploymentRecoveryTime: { ...recovery, band: recoveryTimeBand(recovery.medianMs) },
    coverage: coverage(deployed, sets, leads.filter((lead) => lead.firstCommitUnknown).length),
  };
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** `everDeployed`: a scope with no deployment at all has no band (nothing is set up), not a low one. */
function frequency(deployed: readonly Deployment[], range: Range, rule: MedianRule, everDeployed: boolean): DeploymentFrequency {
  const byDay = new Map<string, number>();
  for (const d of deployed) byDay.set(dayOf(d.finishedAtMs), (byDay.get(dayOf(d.finishedAtMs)) ?? 0) + 1);
  // Every UTC day the range touches, bucketed by its Monday and by its month, empty buckets kept.
  const weeks = new Map<string, number>();
  const months = new Map<string, number>();
  for (let day = Math.floor(range.from / DAY_MS) * DAY_MS; day < range.to; day += DAY_MS) {
    const deployedThatDay = byDay.has(dayOf(day)) ? 1 : 0;
    const monday = dayOf(mondayOf(day));
    weeks.set(monday, (weeks.get(monday) ?? 0) + deployedThatDay);
    months.set(dayOf(day).slice(0, 7), (months.get(dayOf(day).slice(0, 7)) ?? 0) + deployedThatDay);
  }
  const medianDaysPerWeek = median([...weeks.values()], rule);
  const medianDaysPerMonth = median([...months.values()], rule);
  return {
    deployments: deployed.length,
    deploymentDays: byDay.size,
    byDay: [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, deployments]) => ({ day, deployments })),
    medianDaysPerWeek,
    medianDaysPerMonth,
    band: everDeployed ? deploymentFrequencyBand(medianDaysPerWeek, medianDaysPerMonth) : null,
    bySource: { githubDeployments: deployed.filter((d) => d.source === 'github-deployment').length, ci: deployed.filter((d) => d.source === 'ci').length },
  };
}

function coverage(deployed: readonly Deployment[], sets: ReadonlyMap<string, ChangeSet>, unknownFirstCommits: number): Coverage {
  const status = (d: Deployment) => sets.get(d.key)?.status;
  return {
    pullRequestsWithUnknownFirstCommit: unknownFirstCommits,
    deploymentsWithUnknownChangeSet: deployed.filter((d) => status(d) === 'unknown').length,
    deploymentsWithPartialChangeSet: deployed.filter((d) => status(d) === 'partial').length,
    firstDeployments: deployed.filter((d) => status(d) === 'first').length,
  };
}
