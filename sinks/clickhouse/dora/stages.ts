/**
 * Lead time for changes broken into DevLake's four PR stages, over exactly the pull requests the
 * range's lead time counts (those a deployment that finished in the range shipped: scoped.ts, as
 * metrics.ts filters them).
 *
 * Confirmed against Apache DevLake's source (backend/plugins/dora/tasks/change_lead_time_calculator.go,
 * which fills project_pr_metrics):
 * - pr_coding_time = computeTimeSpan(first commit's authored date, PR created date);
 * - pr_pickup_time = computeTimeSpan(PR created, first review), and pr_review_time =
 *   computeTimeSpan(first review, PR merged), where the first review (getFirstReview) is the
 *   earliest pull_request_comment by an account other than the PR's author: a submitted review,
 *   a conversation comment or a line comment alike (the pickup query of queries.ts, which
 *   pr_pickup_time_trend shares); neither exists when nobody else ever commented. One difference:
 *   that query ignores a comment made before the pull request was opened, where DevLake would
 *   count it as the first review (no pickup, but a review span); such a pull request has neither
 *   here. leadTimeStages itself follows DevLake, as its test shows;
 * - pr_deploy_time = computeTimeSpan(PR merged, the finish of the first-started successful
 *   production deployment whose commit diff holds the merge commit) (leadTime.ts);
 * - computeTimeSpan is whole minutes rounded up, and nothing (NULL) when negative.
 * DevLake's pr_cycle_time (our lead time) adds coding + created→merged + deploy, not pickup +
 * review, because a PR merged without review has neither; so the four medians need not add up to
 * the lead time's. A stage with no span here has count 0 and null median and mean.
 */
import type { LeadTime } from './leadTime.ts';
import { minutes } from './leadTime.ts';
import { durationStats, type DurationStats, type MedianRule } from './median.ts';

export interface LeadTimeStages {
  /** The pull requests the stages are over: the range's lead time's count. */
  readonly pullRequests: number;
  readonly coding: DurationStats;
  readonly pickup: DurationStats;
  readonly review: DurationStats;
  readonly deploy: DurationStats;
}

const MINUTE_MS = 60_000;

/**
 * `leads`: the range's lead times (one per shipped pull request); `firstPickups`: when someone
 * other than the author first reviewed or commented on each, by LeadTime.pullRequest (absent: never).
 */
export function leadTimeStages(leads: readonly LeadTime[], firstPickups: ReadonlyMap<string, number>, rule: MedianRule): LeadTimeStages {
  const spans = (span: (lead: LeadTime) => number | null) =>
    durationStats(leads.flatMap((lead) => { const m = span(lead); return m === null ? [] : [m * MINUTE_MS]; }), rule);
  const pickupOf = (lead: LeadTime) => firstPickups.get(lead.pullRequest);
  return {
    pullRequests: leads.length,
    coding: spans((lead) => (lead.firstCommitAtMs === null ? null : minutes(lead.firstCommitAtMs, lead.openedAtMs))),
    pickup: spans((lead) => { const at = pickupOf(lead); return at === undefined ? null : minutes(lead.openedAtMs, at); }),
    review: spans((lead) => { const at = pickupOf(lead); return at === undefined ? null : minutes(at, lead.mergedAtMs); }),
    deploy: spans((lead) => minutes(lead.mergedAtMs, lead.deployedAtMs)),
  };
}
