/**
 * The statements of GitHub's teams (teamRows.ts), one per kind of row, in the order they run in a batch's write
 * transaction (cypher.ts appends them after its own):
 *
 *     (:Developer)-[:MEMBER_OF {github, githubAt, file}]->(:Team {name, githubId, slug, githubAt, githubDeleted, fromFile})
 *     (:Team)-[:PARENT_OF {github}]->(:Team)      (:Team)-[:HAS_ACCESS {permission, githubAt}]->(:Repository)
 *
 * WHICH TEAM NODE. Team nodes stay keyed by name (schema.ts): it is what people ask by
 * (`developersWithinHops(graph, 'Platform')`) and what the organization file names. A GitHub team
 * is found by its `githubId` first; one not yet known by id meets the node of its name, so the
 * file's `Platform` and GitHub's `Platform` are one node. A rename renames that node, keeping its
 * members — unless the new name is another node's, or the file declares the old node (the file
 * owns its names): then GitHub's side (the id, GitHub's MEMBER_OF, HAS_ACCESS, PARENT_OF) moves
 * to the node of the new name, and the old node keeps what the file declares, or goes.
 *
 * WHICH WINS. The file is the override: a MEMBER_OF says who declares it (`github`, `file`; an
 * edge with neither flag predates them and is the file's). A webhook removal of an edge the file
 * declares only clears `github`; the file's sync (organization.ts) only clears `file` on an edge
 * GitHub holds. OWNS, DEPENDS_ON and PART_OF are the file's alone; PARENT_OF and HAS_ACCESS
 * GitHub's alone.
 *
 * DELETED. A deleted team's GitHub edges go, and the node stays marked (`githubDeleted`, with
 * the deletion's time in `githubAt`): repository webhooks travel in their repository's partition
 * and may be replayed after it; the mark and its time tell them they are older. An empty node
 * answers "within 2 hops" with nobody.
 *
 * REPLAY. A row older than the node's or the edge's `githubAt`, or than the last removal of the
 * same member or repository (`githubRemovals` on the team), is ignored; one as new or newer is
 * applied, and applying it again sets the same values. Within a partition (an organization's team
 * and membership webhooks share one, keyed by organization.login) rows come in order.
 */
import type { Labels } from './schema.ts';
import type { WriteStatement } from './cypher.ts';

const developerProps = (node: string, row: string): string => `${node}.login = coalesce(${row}.login, ${node}.login), ${node}.displayName = coalesce(${row}.displayName, ${node}.displayName)`;
/** A row not older than what `x` holds (`x.githubAt` null: nothing from GitHub yet). */
const notOlder = (x: string, at = 'row.at'): string => `(${x}.githubAt IS NULL OR ${x}.githubAt <= toInteger(${at}))`;
/** A team row that replaces team node `x`'s state: newer, or as new and not undoing a deletion (teamRows.ts `replaces`). */
const replacesTeam = (x: string): string =>
  `(${x}.githubAt IS NULL OR ${x}.githubAt < toInteger(row.at) OR (${x}.githubAt = toInteger(row.at) AND (row.deleted OR NOT coalesce(${x}.githubDeleted, false))))`;
/**
 * When GitHub last removed a member or repository of team `t` (`removal` is its prefix in
 * `t.githubRemovals`, `'member <key> @'` or `'repository <name> @'`, followed by the time): a
 * removed edge is deleted, so this list is what tells an older add, replayed after the removal,
 * that it is older. A property, not nodes or edges, so that no graph walk ever meets it.
 */
const removedAt = (t: string, removal: string): string => `head([x IN coalesce(${t}.githubRemovals, []) WHERE x STARTS WITH ${removal} | toInteger(substring(x, size(${removal})))])`;
const recordRemoval = (t: string, removal: string, held: string): string =>
  `SET ${t}.githubRemovals = [x IN coalesce(${t}.githubRemovals, []) WHERE NOT x STARTS WITH ${removal}] + [${removal} + toString(CASE WHEN ${held} IS NOT NULL AND ${held} > toInteger(row.removedAt) THEN ${held} ELSE toInteger(row.removedAt) END)]`;

/**
 * Makes the node of a team a membership or repository webhook names when no team webhook made it
 * first — for a removal too, so that the removal is remembered (`githubRemovals`) and an older add
 * delivered after it is refused, as in order (PostgreSQL remembers it the same way).
 */
const ensureTeam = (T: string): string => `OPTIONAL MATCH (held:${T} {githubId: row.team.githubId})
FOREACH (_ IN CASE WHEN held IS NULL THEN [1] ELSE [] END |
  MERGE (n:${T} {name: row.team.name})
  SET n.githubId = row.team.githubId, n.slug = coalesce(row.team.slug, n.slug), n.organization = row.team.organization, n.githubDeleted = false)
WITH row
MATCH (t:${T} {githubId: row.team.githubId})
WHERE NOT row.added OR NOT (coalesce(t.githubDeleted, false) AND t.githubAt >= toInteger(row.at))`;

export function teamStatements(L: Labels): WriteStatement[] {
  const T = L.Team;
  return [
    {
      kind: 'teams',
      // Three steps per team, in order, each a subquery.
      cypher: `UNWIND $rows AS row
// A rename in place: the new name is free and the file does not own the old one.
CALL (row) {
  MATCH (held:${T} {githubId: row.githubId})
  WHERE held.name <> row.name AND ${replacesTeam('held')} AND NOT coalesce(held.fromFile, false) AND NOT EXISTS { MATCH (:${T} {name: row.name}) }
  SET held.name = row.name
}
// Any other rename: GitHub's side moves to the node of the new name.
CALL (row) {
  MATCH (held:${T} {githubId: row.githubId})
  WHERE held.name <> row.name AND ${replacesTeam('held')}
  MERGE (t:${T} {name: row.name})
  WITH held, t
  CALL (held, t) {
    MATCH (d:${L.Developer})-[m:MEMBER_OF]->(held) WHERE m.github = true
    MERGE (d)-[n:MEMBER_OF]->(t)
    SET n.github = true, n.githubAt = CASE WHEN n.githubAt IS NULL OR m.githubAt > n.githubAt THEN m.githubAt ELSE n.githubAt END
  }
  // The team's removals go with it (the later time of each kept), so an older add delivered after
  // the rename is still refused on the node of the new name.
  CALL (held, t) {
    UNWIND coalesce(held.githubRemovals, []) + coalesce(t.githubRemovals, []) AS entry
    WITH t, entry, last(split(entry, ' @')) AS at
    WITH t, left(entry, size(entry) - size(at)) AS removal, max(toInteger(at)) AS at
    WITH t, collect(removal + toString(at)) AS removals
    SET t.githubRemovals = removals
  }
  CALL (held) {
    MATCH (:${L.Developer})-[m:MEMBER_OF]->(held) WHERE m.github = true AND NOT coalesce(m.file, false)
    DELETE m
  }
  CALL (held) {
    MATCH (:${L.Developer})-[m:MEMBER_OF]->(held) WHERE m.github = true
    SET m.github = false
  }
  CALL (held, t) {
    MATCH (held)-[a:HAS_ACCESS]->(r:${L.Repository})
    MERGE (t)-[b:HAS_ACCESS]->(r)
    WITH a, b, b.githubAt IS NULL OR a.githubAt > b.githubAt AS newer
    SET b.permission = CASE WHEN newer THEN a.permission ELSE b.permission END, b.githubAt = CASE WHEN newer THEN a.githubAt ELSE b.githubAt END
    DELETE a
  }
  CALL (held, t) {
    MATCH (held)-[p:PARENT_OF]->(child:${T})
    MERGE (t)-[q:PARENT_OF]->(child) SET q.github = true
    DELETE p
  }
  CALL (held, t) {
    MATCH (parent:${T})-[p:PARENT_OF]->(held)
    MERGE (parent)-[q:PARENT_OF]->(t) SET q.github = true
    DELETE p
  }
  REMOVE held.githubId, held.slug, held.organization, held.githubAt, held.githubDeleted
  WITH held WHERE NOT coalesce(held.fromFile, false)
  DETACH DELETE held
}
// The team's state; when deleted, its GitHub edges go.
CALL (row) {
  OPTIONAL MATCH (held:${T} {githubId: row.githubId})
  WITH row, held WHERE held IS NULL OR ${replacesTeam('held')}
  MERGE (t:${T} {name: row.name})
  SET t.githubId = row.githubId, t.slug = coalesce(row.slug, t.slug), t.organization = row.organization, t.githubAt = toInteger(row.at), t.githubDeleted = row.deleted
  WITH t, row
  CALL (t, row) {
    MATCH (:${L.Developer})-[m:MEMBER_OF]->(t) WHERE row.deleted AND m.github = true AND NOT coalesce(m.file, false)
    DELETE m
  }
  CALL (t, row) {
    MATCH (:${L.Developer})-[m:MEMBER_OF]->(t) WHERE row.deleted AND m.github = true
    SET m.github = false, m.githubAt = toInteger(row.at)
  }
  CALL (t, row) {
    MATCH (t)-[a:HAS_ACCESS]->() WHERE row.deleted
    DELETE a
  }
  CALL (t, row) {
    MATCH (t)-[p:PARENT_OF]-() WHERE row.deleted
    DELETE p
  }
  CALL (t, row) {
    MATCH (p:${T})-[e:PARENT_OF]->(t) WHERE row.parentKnown AND (row.parentId IS NULL OR p.githubId IS NULL OR p.githubId <> row.parentId)
    DELETE e
  }
  WITH t, row
  OPTIONAL MATCH (byId:${T} {githubId: row.parentId})
  WITH t, row, head(collect(byId)) AS byId
  FOREACH (_ IN CASE WHEN row.parentKnown AND row.parentId IS NOT NULL AND NOT row.deleted AND byId IS NOT NULL THEN [1] ELSE [] END |
    MERGE (byId)-[e:PARENT_OF]->(t) SET e.github = true)
  FOREACH (_ IN CASE WHEN row.parentKnown AND row.parentId IS NOT NULL AND NOT row.deleted AND byId IS NULL THEN [1] ELSE [] END |
    MERGE (p:${T} {name: row.parentName})
    SET p.githubId = coalesce(p.githubId, row.parentId)
    MERGE (p)-[e:PARENT_OF]->(t) SET e.github = true)
}`,
    },
    {
      kind: 'teamMembers',
      cypher: `UNWIND $rows AS row
${ensureTeam(T)}
MERGE (d:${L.Developer} {key: row.developer.key})
SET ${developerProps('d', 'row.developer')}
WITH t, d, row
OPTIONAL MATCH (d)-[m:MEMBER_OF]->(t)
WITH t, d, row, m, 'member ' + row.developer.key + ' @' AS removal
WITH t, d, row, m, removal, ${removedAt('t', 'removal')} AS removedAt, coalesce(m.file, m.github IS NULL) AS fileDeclares
WITH t, d, row, m, removal, removedAt, fileDeclares, (m IS NULL OR ${notOlder('m')}) AND (row.added = false OR removedAt IS NULL OR removedAt < toInteger(row.at)) AS newer
FOREACH (_ IN CASE WHEN row.removedAt IS NOT NULL THEN [1] ELSE [] END | ${recordRemoval('t', 'removal', 'removedAt')})
FOREACH (_ IN CASE WHEN row.added AND newer THEN [1] ELSE [] END |
  MERGE (d)-[n:MEMBER_OF]->(t) SET n.github = true, n.githubAt = toInteger(row.at))
FOREACH (_ IN CASE WHEN NOT row.added AND m IS NOT NULL AND newer AND fileDeclares THEN [1] ELSE [] END |
  SET m.github = false, m.githubAt = toInteger(row.at))
FOREACH (_ IN CASE WHEN NOT row.added AND m IS NOT NULL AND newer AND NOT fileDeclares THEN [1] ELSE [] END |
  DELETE m)`,
    },
    {
      kind: 'teamRepositories',
      cypher: `UNWIND $rows AS row
${ensureTeam(T)}
MERGE (r:${L.Repository} {fullName: row.repository})
WITH t, r, row
OPTIONAL MATCH (t)-[a:HAS_ACCESS]->(r)
WITH t, r, row, a, 'repository ' + row.repository + ' @' AS removal
WITH t, r, row, a, removal, ${removedAt('t', 'removal')} AS removedAt
WITH t, r, row, a, removal, removedAt, (a IS NULL OR ${notOlder('a')}) AND (row.added = false OR removedAt IS NULL OR removedAt < toInteger(row.at)) AS newer
FOREACH (_ IN CASE WHEN row.removedAt IS NOT NULL THEN [1] ELSE [] END | ${recordRemoval('t', 'removal', 'removedAt')})
FOREACH (_ IN CASE WHEN row.added AND newer THEN [1] ELSE [] END |
  MERGE (t)-[b:HAS_ACCESS]->(r) SET b.permission = coalesce(row.permission, b.permission), b.githubAt = toInteger(row.at))
FOREACH (_ IN CASE WHEN NOT row.added AND a IS NOT NULL AND newer THEN [1] ELSE [] END |
  DELETE a)`,
    },
  ];
}
