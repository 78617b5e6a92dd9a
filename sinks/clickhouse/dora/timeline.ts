/**
 * A range's deployments and incidents, one list each, oldest first: what the dashboard draws on
 * one timeline. The deployments are those deployment frequency counts (successful production
 * deployments that finished in the range), each marked `failed` exactly when change failure rate
 * counts it (an incident is blamed on it); the incidents are the scope's that started in the
 * range. Both come from scopedFacts (scoped.ts), which doraMetrics reads too, so the timeline and
 * the figures cannot disagree.
 */
import type { Deployment } from './deployments.ts';
import type { CiRunFact, DoraFacts, DoraScope, IncidentFact } from './facts.ts';
import { inRange, type Range } from './metrics.ts';
import type { DoraRules } from './rules.ts';
import { scopedFacts } from './scoped.ts';

export interface TimelineDeployment {
  readonly key: string;
  readonly repository: string;
  /** The environment of a GitHub Deployment; the run's name (else its deploying job's) for CI. */
  readonly name: string;
  readonly source: 'github_deployment' | 'ci';
  readonly finishedAtMs: number;
  /** An incident is blamed on it: change failure rate counts it as failed. */
  readonly failed: boolean;
}

/** An incident as the timeline shows it: the fact, without the project key its scope was chosen by. */
export type TimelineIncident = Omit<IncidentFact, 'projectKey'>;

export interface DeliveryTimeline {
  readonly deployments: readonly TimelineDeployment[];
  readonly incidents: readonly TimelineIncident[];
}

export function deliveryTimeline(facts: DoraFacts, scope: DoraScope, range: Range, rules: DoraRules): DeliveryTimeline {
  const { deployments, incidents, failed } = scopedFacts(facts, scope, rules);
  const nameOf = ciNames(facts.ciRuns, rules);
  return {
    deployments: deployments
      .filter((d) => inRange(d.finishedAtMs, range))
      .map((d) => ({ key: d.key, repository: d.repository, name: d.environment ?? nameOf(d), source: d.source === 'ci' ? 'ci' : 'github_deployment', finishedAtMs: d.finishedAtMs, failed: failed.has(d.key) })),
    incidents: incidents
      .filter((i) => inRange(i.startedAtMs, range))
      .sort((a, b) => a.startedAtMs - b.startedAtMs || a.key.localeCompare(b.key))
      .map((i) => ({ key: i.key, source: i.source, repository: i.repository, startedAtMs: i.startedAtMs, resolvedAtMs: i.resolvedAtMs })),
  };
}

/** A CI deployment's name: its run's, of the latest attempt; seen through jobs only, its first deploying job's. */
function ciNames(runs: readonly CiRunFact[], rules: DoraRules): (d: Deployment) => string {
  // Indexed once: a long period has many runs and many deployments.
  const byKey = new Map<string, CiRunFact[]>();
  for (const run of runs) {
    const key = `${run.repository}#run${run.runId}`;
    const ofKey = byKey.get(key);
    if (ofKey === undefined) byKey.set(key, [run]);
    else ofKey.push(run);
  }
  return (d) => {
    const ofRun = byKey.get(d.key) ?? [];
    const attempt = Math.max(...ofRun.map((r) => r.attempt));
    const latest = ofRun.filter((r) => r.attempt === attempt);
    const run = latest.find((r) => r.kind === 'run');
    const job = latest.find((r) => r.kind === 'job' && rules.deploymentPattern?.test(r.name) === true);
    return run?.name ?? job?.name ?? d.key;
  };
}
