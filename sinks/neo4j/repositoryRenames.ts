/**
 * A renamed or transferred repository in the graph: one Repository node, under its newest name,
 * holding every relationship it had under the old ones.
 *
 * Repository nodes are keyed by full name (schema.ts), and every event MERGEs the node of the name
 * it was sent with, so an event under the old name (a late delivery, a replay from the start)
 * makes the old node again after the rename. Hence one statement, run after every batch whatever
 * it holds, in two steps:
 * - every repository webhook gives the node of its name GitHub's id (`githubId`, the newest
 *   webhook's by `githubAt`); a rename or transfer also records the old name on the new name's node
 *   (`formerNames`, a sorted set) and when it got that name (`renamedAt`, the newest rename into it);
 * - the fold: a node whose name is a former name of another is merged into it (CONTRIBUTED_TO
 *   united as cypher.ts writes it, HAS_ACCESS moved keeping the newer grant of the two, PART_OF
 *   moved, its former names inherited, the node deleted once nothing points at it), unless
 *   - it got its name later than the other did (a → b → a: b folds into a, never a into b; the live
 *     name is the newest rename's target, whatever the batch or row order),
 *   - it is claimed by another repository: a different `githubId` (acme/api renamed to
 *     acme/api-legacy, then a new acme/api whose `repository.created` gives the node its own id),
 *   - or a newer rename away from that name claims it (the newest claimant takes it).
 *   Without the new repository's `repository.created` (or another repository webhook under the
 *   name) the graph cannot tell a name used again from a late event of the old one: it folds it.
 *   And the graph keeps no per-commit time to split a node, so a name used again keeps on its own
 *   node whatever was written under it once the new repository claimed it, the old repository's
 *   late or replayed events included.
 * A team's removals of the old name (teamCypher.ts `githubRemovals`) move with it: each team's entry
 * for the old name joins the new name's (the later time kept), and a HAS_ACCESS to the new name no
 * newer than that removal goes (a removal wins at the same millisecond, as in teamCypher.ts). A
 * removal or grant under the old name delivered after the rename meets the old name's node again
 * (teamCypher.ts MERGEs it), so it is folded as in order: its removal takes the moved access, its
 * grant is the newer one or not.
 * Folding is idempotent, so a replay in any batching and order ends with the same graph.
 */
import type { EventOf } from '../handlers.ts';
import type { GraphFact } from './rows.ts';
import type { Labels } from './schema.ts';

/** What a repository webhook says of the node of its name: GitHub's id, and for a rename or transfer the name before. */
export interface RepositoryRenameRow {
  readonly githubId: number;
  readonly fullName: string;
  readonly from: string | null;
  /** The webhook's time (for a rename, the rename's). */
  readonly at: number;
}

type RepositoryKind = 'repository.created' | 'repository.renamed' | 'repository.transferred' | 'repository.archived' | 'repository.unarchived' | 'repository.deleted';

/** The repository's node with GitHub's id, and for a rename or transfer the name it leaves behind. */
export function repositoryFacts(event: EventOf<RepositoryKind>): GraphFact[] {
  const p = event.payload;
  return [
    { statement: 'repositories', row: { fullName: p.fullName } },
    { statement: 'repositoryRenames', row: { githubId: p.repositoryId, fullName: p.fullName, from: p.previousFullName, at: event.occurredAt } },
  ];
}

/** The sorted set of `list` and `items` without `self` (sorted, so the order of writes leaves no trace). */
const addTo = (list: string, items: string, self: string): string =>
  `reduce(acc = [], x IN coalesce(${list}, []) + ${items} | CASE WHEN x = ${self} THEN acc ELSE [y IN acc WHERE y < x] + [x] + [y IN acc WHERE y > x] END)`;
const earliest = (a: string, b: string): string => `CASE WHEN ${a} IS NULL OR ${b} < ${a} THEN ${b} ELSE ${a} END`;
const latest = (a: string, b: string): string => `CASE WHEN ${a} IS NULL OR ${b} > ${a} THEN ${b} ELSE ${a} END`;

/**
 * The prefix of a removal of repository `node` in a team's `githubRemovals` (teamCypher.ts
 * `removedAt`): `'repository <name> @'`, then the removal's time.
 */
const removal = (node: string): string => `'repository ' + ${node}.fullName + ' @'`;
/**
 * Whether access `a` (the folded node's) is newer than `b` (the new name's, null when just made):
 * by `githubAt`, then by permission, so the moved edge is the newest grant whatever the order of
 * the grants and the rename.
 */
const newerAccess = (a: string, b: string): string =>
  `(${b}.githubAt IS NULL OR coalesce(${a}.githubAt, -1) > ${b}.githubAt OR (${a}.githubAt = ${b}.githubAt AND coalesce(${a}.permission, '') > coalesce(${b}.permission, '')))`;

/** Whether `o` may be folded into `n` (see above): not newer, not another repository's, and `n` its newest claimant. */
const foldable = (L: Labels): string => `o <> n AND coalesce(o.renamedAt, -1) <= n.renamedAt AND (o.githubId IS NULL OR o.githubId = n.githubId)
  AND NOT EXISTS { MATCH (m:${L.Repository}) WHERE m <> n AND old IN m.formerNames AND m.renamedAt > n.renamedAt AND (o.githubId IS NULL OR o.githubId = m.githubId) }`;

/**
 * Records each webhook's id and rename on the node of its name (a unit subquery: with no rows it
 * changes nothing and the fold still runs), then folds every node of a former name that may be.
 */
export function repositoryRenameStatement(L: Labels): string {
  return `CALL {
  UNWIND $rows AS row
  MERGE (r:${L.Repository} {fullName: row.fullName})
  WITH r, row, r.githubAt IS NULL OR toInteger(row.at) >= r.githubAt AS newer
  SET r.githubId = CASE WHEN newer THEN toInteger(row.githubId) ELSE r.githubId END, r.githubAt = CASE WHEN newer THEN toInteger(row.at) ELSE r.githubAt END
  WITH r, row WHERE row.from IS NOT NULL
  SET r.renamedAt = ${latest('r.renamedAt', 'toInteger(row.at)')}, r.formerNames = ${addTo('r.formerNames', '[row.from]', 'r.fullName')}
}
MATCH (n:${L.Repository}) WHERE n.formerNames IS NOT NULL
UNWIND n.formerNames AS old
MATCH (o:${L.Repository} {fullName: old}) WHERE ${foldable(L)}
SET n.formerNames = ${addTo('n.formerNames', 'coalesce(o.formerNames, [])', 'n.fullName')}
WITH n, o
CALL {
  WITH n, o
  MATCH (d)-[c:CONTRIBUTED_TO]->(o)
  MERGE (d)-[k:CONTRIBUTED_TO]->(n)
  WITH c, k, reduce(acc = coalesce(k.shas, []), x IN coalesce(c.shas, []) | CASE WHEN x IN acc THEN acc ELSE acc + x END) AS shas
  SET k.shas = shas, k.commits = size(shas), k.firstAt = ${earliest('k.firstAt', 'c.firstAt')}, k.lastAt = ${latest('k.lastAt', 'c.lastAt')}
  DELETE c
}
CALL {
  WITH n, o
  MATCH (t)-[a:HAS_ACCESS]->(o)
  MERGE (t)-[b:HAS_ACCESS]->(n)
  WITH a, b, ${newerAccess('a', 'b')} AS newer
  SET b.permission = CASE WHEN newer THEN a.permission ELSE b.permission END, b.githubAt = CASE WHEN newer THEN a.githubAt ELSE b.githubAt END
  DELETE a
}
CALL {
  WITH n, o
  MATCH (t:${L.Team}) WHERE any(x IN coalesce(t.githubRemovals, []) WHERE x STARTS WITH ${removal('o')})
  WITH t, ${removal('o')} AS gone, ${removal('n')} AS kept
  WITH t, gone, kept, [x IN t.githubRemovals WHERE x STARTS WITH gone | toInteger(substring(x, size(gone)))] + [x IN t.githubRemovals WHERE x STARTS WITH kept | toInteger(substring(x, size(kept)))] AS times
  WITH t, gone, kept, reduce(m = head(times), x IN times | CASE WHEN x > m THEN x ELSE m END) AS at
  SET t.githubRemovals = [x IN t.githubRemovals WHERE NOT x STARTS WITH gone AND NOT x STARTS WITH kept] + [kept + toString(at)]
}
CALL {
  WITH n
  MATCH (t:${L.Team})-[b:HAS_ACCESS]->(n)
  WITH b, head([x IN coalesce(t.githubRemovals, []) WHERE x STARTS WITH ${removal('n')} | toInteger(substring(x, size(${removal('n')})))]) AS removedAt
  WHERE removedAt IS NOT NULL AND removedAt >= coalesce(b.githubAt, -1)
  DELETE b
}
CALL {
  WITH n, o
  MATCH (o)-[p:PART_OF]->(x)
  MERGE (n)-[:PART_OF]->(x)
  DELETE p
}
WITH DISTINCT o
WHERE NOT (o)--()
DELETE o`;
}

/**
 * The name each name's relationships end under (audit.ts), as the fold leaves them: the renames
 * followed in time order (a → b → a ends in a), stopping at a name another repository claims (the
 * newest webhook naming it is another id's).
 */
export function newestNames(rows: readonly RepositoryRenameRow[]): (name: string) => string {
  const renames = rows.filter((r) => r.from !== null).sort((x, y) => x.at - y.at);
  const idOf = (name: string): number | undefined => rows.filter((r) => r.fullName === name).sort((x, y) => y.at - x.at)[0]?.githubId;
  return (name) => {
    for (let at = name, since = -Infinity; ; ) {
      const next = renames.find((r) => r.from === at && r.at > since);
      const claimed = idOf(at);
      if (next === undefined || (claimed !== undefined && claimed !== next.githubId)) return at;
      at = next.fullName;
      since = next.at;
    }
  };
}
