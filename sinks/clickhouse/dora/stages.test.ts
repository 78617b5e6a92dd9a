/**
 * Lead time's four PR stages over the "Shop" history (testing/shopHistory.ts), worked out on paper
 * from DevLake's change_lead_time_calculator (stages.ts): the March pull requests are the six
 * metrics.test.ts counts for lead time (PR#1, #2, #3 of acme/api; #11, #12, #13 of acme/web).
 */
import { describe, expect, it } from 'vitest';
import { doraMetrics } from './metrics.ts';
import { doraRules } from './rules.ts';
import { scopedFacts } from './scoped.ts';
import { leadTimeStages } from './stages.ts';
import { API, at, MINUTE, SHOP_SCOPE, shopFacts } from './testing/shopHistory.ts';

const march = { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') };
const rules = doraRules();
const marchLeads = scopedFacts(shopFacts, SHOP_SCOPE, rules).leads.filter((lead) => lead.deployedAtMs >= march.from && lead.deployedAtMs < march.to);
// PR#1 (opened Mar 1 10:00, merged Mar 2 10:00) picked up at 12:00; PR#2 (opened Mar 3 09:00, merged
// Mar 4 14:00) commented on at 08:00, before its opening: a negative pickup, but a review span.
const firstPickups = new Map([[`${API}#1`, at('2025-03-01T12:00')], [`${API}#2`, at('2025-03-03T08:00')]]);
const stages = leadTimeStages(marchLeads, firstPickups, rules.median);

describe('lead time stage by stage (DevLake project_pr_metrics)', () => {
  it('is over exactly the pull requests whose lead time dora_metrics counts', () => {
    expect(stages.pullRequests).toBe(doraMetrics(shopFacts, SHOP_SCOPE, march, rules).leadTimeForChanges.count);
    expect(stages.pullRequests).toBe(6);
  });

  it('coding: first commit → opened, leaving out a negative span (PR#2) and an unknown first commit (PR#13, a fork)', () => {
    // PR#1 1500, PR#3 60, PR#11 120, PR#12 60 minutes → 60 60 120 1500: the lower middle is 60.
    expect(stages.coding).toEqual({ count: 4, medianMs: 60 * MINUTE, meanMs: (1740 / 4) * MINUTE });
  });

  it('pickup: opened → the first review or comment by someone else; a pickup before the opening is no span', () => {
    expect(stages.pickup).toEqual({ count: 1, medianMs: 120 * MINUTE, meanMs: 120 * MINUTE });
  });

  it('review: that first review → merged, for every pull request someone else picked up', () => {
    // PR#1 Mar 1 12:00 → Mar 2 10:00 = 1320; PR#2 Mar 3 08:00 → Mar 4 14:00 = 1800.
    expect(stages.review).toEqual({ count: 2, medianMs: 1320 * MINUTE, meanMs: 1560 * MINUTE });
  });

  it('deploy: merged → the finish of the deployment that shipped it', () => {
    // 120, 80, 120, 1080, 1080, 120 minutes → 80 120 120 120 1080 1080: the lower middle is 120.
    expect(stages.deploy).toEqual({ count: 6, medianMs: 120 * MINUTE, meanMs: (2600 / 6) * MINUTE });
  });

  it('a range with nothing shipped: every stage empty, with null median and mean', () => {
    const empty = { count: 0, medianMs: null, meanMs: null };
    expect(leadTimeStages([], new Map(), rules.median)).toEqual({ pullRequests: 0, coding: empty, pickup: empty, review: empty, deploy: empty });
  });
});
