import { describe, expect, it } from 'vitest';
import type { DoraFacts } from './facts.ts';
import { doraRules } from './rules.ts';
import { sharedFacts } from './sharedFacts.ts';

const NO_FACTS: DoraFacts = { deployments: [], ciRuns: [], pushes: [], pullRequests: [], incidents: [] };
const SCOPE = { repositories: ['acme/api'], jiraKeys: ['SHOP'] };
const MARCH = { from: Date.UTC(2025, 2, 1), to: Date.UTC(2025, 3, 1) };

/** A reader whose reads finish when the test says, counting them. */
function gatedReader() {
  const gates: (() => void)[] = [];
  let reads = 0;
  const read = () => {
    reads += 1;
    return new Promise<DoraFacts>((resolve) => gates.push(() => resolve(NO_FACTS)));
  };
  return { read, reads: () => reads, finish: () => gates.splice(0).forEach((open) => open()) };
}

describe('sharedFacts', () => {
  it('gives concurrent reads of the same facts one read, and reads again once it settled', async () => {
    const reader = gatedReader();
    const facts = sharedFacts(reader.read);
    const rules = doraRules();
    const together = [facts(SCOPE, MARCH, rules), facts({ ...SCOPE }, { ...MARCH }, doraRules())];
    expect(reader.reads()).toBe(1);
    reader.finish();
    const [a, b] = await Promise.all(together);
    expect(a).toBe(b);
    const later = facts(SCOPE, MARCH, rules);
    expect(reader.reads()).toBe(2);
    reader.finish();
    await later;
  });

  it('reads apart what differs: the range, the scope, or a rule', async () => {
    const reader = gatedReader();
    const facts = sharedFacts(reader.read);
    const reads = [
      facts(SCOPE, MARCH, doraRules()),
      facts(SCOPE, { ...MARCH, to: MARCH.to + 1 }, doraRules()),
      facts({ ...SCOPE, jiraKeys: ['OPS'] }, MARCH, doraRules()),
      facts(SCOPE, MARCH, doraRules({ deploymentPattern: '(?i)release' }, 'test')),
    ];
    expect(reader.reads()).toBe(4);
    reader.finish();
    await Promise.all(reads);
  });

  it('shares a failure with the reads that waited on it, then forgets it', async () => {
    let calls = 0;
    const facts = sharedFacts(async () => {
      calls += 1;
      if (calls === 1) throw new Error('ClickHouse went away');
      return NO_FACTS;
    });
    const rules = doraRules();
    const both = await Promise.allSettled([facts(SCOPE, MARCH, rules), facts(SCOPE, MARCH, rules)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(facts(SCOPE, MARCH, rules)).resolves.toBe(NO_FACTS);
  });
});
