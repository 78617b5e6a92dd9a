/**
 * Concurrent reads of the same DORA facts share one read. The dashboard asks dora_metrics,
 * lead_time_breakdown and delivery_timeline for one project and period at the same moment, and
 * each read is the heaviest thing those questions do; three identical reads racing on two cores
 * took three times as long. Nothing is kept once a read has settled, so no answer is older than a
 * read started when it was asked.
 */
import type { DoraFacts, DoraScope } from './facts.ts';
import type { Range } from './metrics.ts';
import type { DoraRules } from './rules.ts';

export type FactsReader = (scope: DoraScope, range: Range, rules: DoraRules) => Promise<DoraFacts>;

/** The same facts, said as a key: scope, range and every rule (patterns by their source). */
export function factsKey(scope: DoraScope, range: Range, rules: DoraRules): string {
  return JSON.stringify([scope.repositories, scope.jiraKeys, range.from, range.to, rules], (_key, value: unknown) => (value instanceof RegExp ? `/${value.source}/${value.flags}` : value));
}

export function sharedFacts(read: FactsReader): FactsReader {
  const reading = new Map<string, Promise<DoraFacts>>();
  return (scope, range, rules) => {
    const key = factsKey(scope, range, rules);
    const found = reading.get(key);
    if (found !== undefined) return found;
    const started = read(scope, range, rules).finally(() => reading.delete(key));
    reading.set(key, started);
    return started;
  };
}
