/**
 * Incidents against deployments, as DevLake links them: an incident is caused by the scope's last
 * successful production deployment that finished strictly before the incident started (DevLake's
 * `project_issue_metrics.deployment_id`), whichever repository of the scope it deployed.
 */
import { byFinish, type Deployment } from './deployments.ts';
import type { IncidentFact } from './facts.ts';

export interface AttributedIncident extends IncidentFact {
  /** The deployment it is blamed on; null when none finished before it. */
  readonly causedBy: Deployment | null;
}

/** Each incident with the deployment it is blamed on. `deployments` are the scope's. */
export function attributeIncidents(incidents: readonly IncidentFact[], deployments: readonly Deployment[]): AttributedIncident[] {
  const finished = [...deployments].sort(byFinish);
  return incidents.map((incident) => ({ ...incident, causedBy: lastBefore(finished, incident.startedAtMs) }));
}

/** The last deployment finished strictly before `at`, by binary search over the sorted list. */
function lastBefore(byFinish: readonly Deployment[], at: number): Deployment | null {
  let low = 0;
  let high = byFinish.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byFinish[middle]!.finishedAtMs < at) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? null : byFinish[low - 1]!;
}
