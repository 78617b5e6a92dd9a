/**
 * Lead time for changes, per merged pull request, as DevLake computes it (its
 * `change_lead_time_calculator`): the PR cycle time, coding time (first commit → opening) +
 * opening → merge + deploy time (merge → the finish of the deployment that shipped it), each part
 * in whole minutes rounded up, a negative part counting as nothing. So the clock starts at the
 * earlier of the first commit and the opening, and stops when the deployment finished.
 *
 * The deployment that shipped it: of the successful production deployments whose change set
 * contains its merge commit, the one that started first. A pull request whose merge commit is in
 * no change set has no lead time: not deployed yet, shipped by a repository's first deployment,
 * or by one whose change set is unknown (the figures count those).
 */
import type { ChangeSet } from './changeSets.ts';
import type { Deployment } from './deployments.ts';
import type { PullRequestFact } from './facts.ts';
import { pullRequestKey } from './firstCommits.ts';

export interface LeadTime {
  readonly pullRequest: string;
  readonly repository: string;
  /** The first commit was not seen: coding time is unknown, and the span starts at the opening. */
  readonly firstCommitUnknown: boolean;
  readonly deployment: string;
  readonly deployedAtMs: number;
  readonly ms: number;
  /** The points the span runs through, for its breakdown into stages (stages.ts). */
  readonly firstCommitAtMs: number | null;
  readonly openedAtMs: number;
  readonly mergedAtMs: number;
}

const MINUTE_MS = 60_000;

/** DevLake's computeTimeSpan: whole minutes rounded up, null when negative. */
export function minutes(from: number, to: number): number | null {
  const span = Math.ceil((to - from) / MINUTE_MS);
  return span < 0 ? null : span;
}

/** Each merged pull request's lead time, where a deployment shipped it. */
export function leadTimes(pullRequests: readonly PullRequestFact[], firstCommits: ReadonlyMap<string, number | null>, deployments: readonly Deployment[], sets: ReadonlyMap<string, ChangeSet>): LeadTime[] {
  const shippedBy = new Map<string, Deployment>();
  const byStart = [...deployments].sort((a, b) => a.startedAtMs - b.startedAtMs || a.key.localeCompare(b.key));
  for (const deployment of byStart) {
    const set = sets.get(deployment.key);
    if (set === undefined || !('shas' in set)) continue;
    for (const sha of set.shas) {
      const key = `${deployment.repository}@${sha}`;
      if (!shippedBy.has(key)) shippedBy.set(key, deployment);
    }
  }
  const found: LeadTime[] = [];
  for (const pr of pullRequests) {
    if (pr.mergedAtMs === null || pr.mergeSha === null) continue;
    const deployment = shippedBy.get(`${pr.repository}@${pr.mergeSha}`);
    if (deployment === undefined) continue;
    const firstCommit = firstCommits.get(pullRequestKey(pr)) ?? null;
    const coding = firstCommit === null ? null : minutes(firstCommit, pr.openedAtMs);
    const open = minutes(pr.openedAtMs, pr.mergedAtMs);
    const deploy = minutes(pr.mergedAtMs, deployment.finishedAtMs);
    const total = (coding ?? 0) + (open ?? 0) + (deploy ?? 0);
    found.push({ pullRequest: pullRequestKey(pr), repository: pr.repository, firstCommitUnknown: firstCommit === null, deployment: deployment.key, deployedAtMs: deployment.finishedAtMs, ms: total * MINUTE_MS, firstCommitAtMs: firstCommit, openedAtMs: pr.openedAtMs, mergedAtMs: pr.mergedAtMs });
  }
  return found;
}
