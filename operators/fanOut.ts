import type { Observable } from 'rxjs';
import { type AnyBranch, type BranchOptions, type Branches, route } from './branchInternals.ts';
import type { StreamRecord } from './record.ts';

/**
 * Sends each record to every branch whose predicate accepts it (a broadcast `split`): the
 * routing table's "one event → every store that needs it".
 *
 * Returns one Observable per branch name. Every predicate is tried; the record goes to all that
 * accept it, else to the default branch, else nowhere. Acks: the record's path is forked once
 * per branch it goes to, so it is finished only when every branch has finished it (written by
 * each sink, or dead-lettered); going nowhere finishes it at once. Stateless; keeps the key;
 * each branch keeps the source's order. Type-guard predicates, subscription, errors and
 * completion as in {@link split}.
 *
 * @example
 * const { postgres, clickhouse, neo4j } = fanOut(events, {
 *   branches: [branch('postgres', isEntity), branch('clickhouse', () => true), branch('neo4j', isGraph)],
 * });
 * @see split
 */
export function fanOut<K, V, const B extends readonly AnyBranch<K, V>[], const D extends string = never>(
  source: Observable<StreamRecord<K, V>>,
  options: BranchOptions<K, V, B, D>,
): Branches<B[number], D, K, V> {
  const { branches, defaultBranch } = options;
  const fallback = defaultBranch === undefined ? [] : [defaultBranch];
  const routed = route('fanOut', source, options, (record) => {
    const targets = branches.filter((b) => b.predicate(record.value, record)).map((b) => b.name);
    return targets.length === 0 ? fallback : targets;
  });
  // Each branch holds the records its predicate accepted: the type guard's W.
  return routed as unknown as Branches<B[number], D, K, V>;
}
