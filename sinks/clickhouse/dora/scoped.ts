/**
 * A scope's share of the DORA facts, derived once: its production deployments (every one, in any
 * range: a change set needs the previous deployment, an incident the last one before it), what
 * each shipped, the lead time of every pull request a deployment shipped, and its incidents with
 * the deployment each is blamed on. doraMetrics (metrics.ts), the lead-time breakdown (stages.ts)
 * and the delivery timeline (timeline.ts) all start here, so "the deployments deployment frequency
 * counts", "the failed ones change failure rate counts" and "the pull requests lead time counts"
 * are one set each, not three re-derivations that could drift apart.
 */
import { changeSets, type ChangeSet } from './changeSets.ts';
import { productionDeployments, type Deployment } from './deployments.ts';
import type { DoraFacts, DoraScope } from './facts.ts';
import { firstCommits } from './firstCommits.ts';
import { attributeIncidents, type AttributedIncident } from './incidents.ts';
import { leadTimes, type LeadTime } from './leadTime.ts';
import type { DoraRules } from './rules.ts';

export interface ScopedFacts {
  /** The scope's successful production deployments, whenever they finished, oldest finish first. */
  readonly deployments: readonly Deployment[];
  readonly sets: ReadonlyMap<string, ChangeSet>;
  /** Every shipped pull request's lead time, whenever it shipped (filter by deployedAtMs for a range). */
  readonly leads: readonly LeadTime[];
  /** The scope's incidents (by repository or Jira key), each blamed on the last deployment before it. */
  readonly incidents: readonly AttributedIncident[];
  /** Keys of the deployments at least one incident is blamed on: change failure rate's failed deployments. */
  readonly failed: ReadonlySet<string>;
}

export function scopedFacts(facts: DoraFacts, scope: DoraScope, rules: DoraRules): ScopedFacts {
  const repositories = new Set(scope.repositories);
  const keys = new Set(scope.jiraKeys);
  const deployments = productionDeployments(facts, rules).filter((d) => repositories.has(d.repository));
  const sets = changeSets(deployments, facts.pushes);
  const pullRequests = facts.pullRequests.filter((pr) => repositories.has(pr.repository));
  const leads = leadTimes(pullRequests, firstCommits(pullRequests, facts.pushes), deployments, sets);
  const ofScope = facts.incidents.filter((i) => (i.repository !== null && repositories.has(i.repository)) || (i.projectKey !== null && keys.has(i.projectKey)));
  const incidents = attributeIncidents(ofScope, deployments);
  const failed = new Set(incidents.flatMap((incident) => (incident.causedBy === null ? [] : [incident.causedBy.key])));
  return { deployments, sets, leads, incidents, failed };
}
