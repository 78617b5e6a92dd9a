import type { Observable } from 'rxjs';
import { type AnyBranch, type BranchOptions, type Branches, route } from './branchInternals.ts';
import type { StreamRecord } from './record.ts';

export { branch } from './branchInternals.ts';
export type { Branch, Branches } from './branchInternals.ts';

/**
 * Routes each record to the first branch whose predicate accepts it, like Kafka Streams'
 * `split().branch(…).defaultBranch()`.
 *
 * Returns one Observable per branch name (and the default branch, if named). Predicates are
 * tried in the order given and each record goes to exactly one branch: the first match, else
 * the default; with no default, a record no branch takes is finished at once. A predicate that
 * is a type guard narrows its branch's values, so a tagged union splits without casts. Stateless;
 * keeps the key; branches keep the source's order. Every branch must be subscribed before
 * records flow (the source is subscribed once, when the last branch is), so no record can be
 * routed to a branch nobody listens to. A throwing predicate abandons the record and errors every
 * branch; source errors and completion reach every branch.
 *
 * For "one record → every matching branch" use {@link fanOut}.
 *
 * @example
 * const isJira = (c: Command): c is JiraCommand => c.kind === 'jira';
 * const { jira, other } = split(commands, { name: 'by-target', branches: [branch('jira', isJira)], defaultBranch: 'other' });
 * jira.pipe(mapValues((command) => command.issueKey)); // command: JiraCommand
 * @see fanOut
 * @see merge
 */
export function split<K, V, const B extends readonly AnyBranch<K, V>[], const D extends string = never>(
  source: Observable<StreamRecord<K, V>>,
  options: BranchOptions<K, V, B, D>,
): Branches<B[number], D, K, V> {
  const { branches, defaultBranch } = options;
  const fallback = defaultBranch === undefined ? [] : [defaultBranch];
  const routed = route('split', source, options, (record) => {
    const match = branches.find((b) => b.predicate(record.value, record));
    return match === undefined ? fallback : [match.name];
  });
  // Each branch holds the records its predicate accepted: the type guard's W.
  return routed as unknown as Branches<B[number], D, K, V>;
}
