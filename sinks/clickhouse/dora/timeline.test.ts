import { describe, expect, it } from 'vitest';
import { doraMetrics } from './metrics.ts';
import { doraRules } from './rules.ts';
import { deliveryTimeline } from './timeline.ts';
import { API, at, SHOP_SCOPE, shopFacts, WEB } from './testing/shopHistory.ts';

const march = { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') };
const rules = doraRules();
const timeline = deliveryTimeline(shopFacts, SHOP_SCOPE, march, rules);
const metrics = doraMetrics(shopFacts, SHOP_SCOPE, march, rules);

describe('the delivery timeline ("Shop", March 2025)', () => {
  it('holds the deployments deployment frequency counts, oldest first, by source as it counts them', () => {
    expect(timeline.deployments).toHaveLength(metrics.deploymentFrequency.deployments);
    expect(timeline.deployments.filter((d) => d.source === 'ci')).toHaveLength(metrics.deploymentFrequency.bySource.ci);
    const finished = timeline.deployments.map((d) => d.finishedAtMs);
    expect(finished).toEqual([...finished].sort((a, b) => a - b));
    expect(timeline.deployments[0]).toEqual({ key: `${WEB}#20`, repository: WEB, name: 'production', source: 'github_deployment', finishedAtMs: at('2025-03-01T08:00'), failed: false });
  });

  it('names a CI deployment by its run, or by its deploying job when only jobs were seen', () => {
    expect(timeline.deployments.filter((d) => d.source === 'ci').map((d) => [d.key, d.name])).toEqual([[`${API}#run500`, 'Deploy to production'], [`${WEB}#run900`, 'deploy-production']]);
  });

  it('marks failed exactly the deployments change failure rate counts as failed', () => {
    // api#50 and OPS-7 → D2; fp1 → D23; web#60 → D24.
    expect(timeline.deployments.filter((d) => d.failed).map((d) => d.key)).toEqual([`${API}#2`, `${WEB}#23`, `${WEB}#24`]);
    expect(timeline.deployments.filter((d) => d.failed)).toHaveLength(metrics.changeFailureRate.failedDeployments);
  });

  it("holds the scope's incidents that started in the range, oldest first: not OPS-8 (February), not OTHER-1 (another project)", () => {
    expect(timeline.incidents.map((i) => [i.source, i.key, i.resolvedAtMs === null])).toEqual([
      ['github', `${API}#50`, false],
      ['jira', 'OPS-7', false],
      ['alert', 'fp1@1741791600000', false],
      ['github', `${WEB}#60`, true],
    ]);
  });

  it('is empty for a range with nothing in it', () => {
    expect(deliveryTimeline(shopFacts, SHOP_SCOPE, { from: at('2025-05-01T00:00'), to: at('2025-06-01T00:00') }, rules)).toEqual({ deployments: [], incidents: [] });
  });
});
