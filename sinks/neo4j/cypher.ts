/**
 * The write statements: one `UNWIND $rows AS row MERGE …` per kind of row (rows.ts), so a batch
 * costs seven round trips at most, whatever its size, all in one write transaction (sink.ts).
 *
 * Why a replay changes nothing:
 * - nodes are MERGEd on their constrained key (schema.ts);
 * - CONTRIBUTED_TO keeps the *set* of commit ids (`shas`) and REVIEWED the set of pull requests,
 *   and the counts are `size()` of those sets, so a commit seen twice is counted once — no
 *   `+= 1` anywhere; first/last times are min/max, which a repeat cannot move. The sets live on
 *   the relationship rather than as `(:Event)` marker nodes because marker nodes would grow
 *   the node count by one per event (Aura's free tier stops at 50,000 nodes);
 * - Issue and Document take a row only if it is at least as new as what they hold
 *   (`updatedAt`, `lastEditedAt`), so an old event replayed after a newer one cannot roll them
 *   back; the issue's single-valued links (ASSIGNED_TO, IN_PROJECT, IN_SPRINT) are replaced
 *   only then, deleting the old link only when it points elsewhere;
 * - an issue link is keyed by Jira's link id (`linkId` on the relationship): creating it again
 *   MERGEs the same relationship, deleting it again finds nothing to delete, and both MERGE the
 *   two Issue nodes by id, so the nodes exist however the link's events were batched;
 * - a deleted issue leaves a tombstone (issueDeletion.ts): issue and link rows naming it are
 *   skipped, so a late replay cannot bring it back;
 * - nothing stores the time of writing.
 *
 * Times are stored as integer epoch milliseconds (`toInteger`: the driver sends JS numbers as
 * floats).
 */
import type { GraphRows } from './rows.ts';
import type { Labels } from './schema.ts';
import { issueDeletionStatement, notDeleted } from './issueDeletion.ts';
import { repositoryRenameStatement } from './repositoryRenames.ts';
import { teamStatements } from './teamCypher.ts';

export interface WriteStatement {
  readonly kind: keyof GraphRows;
  readonly cypher: string;
  /** Run after every batch, even one without rows of its kind, until it deletes nothing (renamed repositories are folded every time: sink.ts). */
  readonly always?: boolean;
}

/** Adds the items of `list` missing from `prop` (a list property), keeping the first-seen order. */
const union = (prop: string, list: string): string => `reduce(acc = coalesce(${prop}, []), x IN ${list} | CASE WHEN x IN acc THEN acc ELSE acc + x END)`;
const earliest = (prop: string, value: string): string => `CASE WHEN ${prop} IS NULL OR toInteger(${value}) < ${prop} THEN toInteger(${value}) ELSE ${prop} END`;
const latest = (prop: string, value: string): string => `CASE WHEN ${prop} IS NULL OR toInteger(${value}) > ${prop} THEN toInteger(${value}) ELSE ${prop} END`;
/** Name and login only ever fill in or change, never vanish because one event lacked them. */
const developerProps = (node: string, row: string): string => `${node}.login = coalesce(${row}.login, ${node}.login), ${node}.displayName = coalesce(${row}.displayName, ${node}.displayName)`;

export function writeStatements(L: Labels): WriteStatement[] {
  return [
    {
      kind: 'contributions',
      cypher: `UNWIND $rows AS row
MERGE (d:${L.Developer} {key: row.developer.key})
SET ${developerProps('d', 'row.developer')}
MERGE (r:${L.Repository} {fullName: row.repository})
MERGE (d)-[c:CONTRIBUTED_TO]->(r)
WITH c, row, ${union('c.shas', 'row.shas')} AS shas
SET c.shas = shas, c.commits = size(shas), c.firstAt = ${earliest('c.firstAt', 'row.firstAt')}, c.lastAt = ${latest('c.lastAt', 'row.lastAt')}`,
    },
    {
      kind: 'reviews',
      cypher: `UNWIND $rows AS row
MERGE (a:${L.Developer} {key: row.reviewer.key})
SET ${developerProps('a', 'row.reviewer')}
MERGE (b:${L.Developer} {key: row.author.key})
SET ${developerProps('b', 'row.author')}
MERGE (a)-[v:REVIEWED]->(b)
WITH v, row, ${union('v.pullRequests', 'row.pullRequests')} AS prs
SET v.pullRequests = prs, v.count = size(prs), v.firstAt = ${earliest('v.firstAt', 'row.firstAt')}, v.lastAt = ${latest('v.lastAt', 'row.lastAt')}`,
    },
    {
      kind: 'issues',
      cypher: `UNWIND $rows AS row
WITH row WHERE ${notDeleted(L, '[row.issueId]')}
MERGE (i:${L.Issue} {id: row.issueId})
WITH i, row WHERE i.updatedAt IS NULL OR i.updatedAt <= toInteger(row.updatedAt)
SET i.key = row.key, i.summary = row.summary, i.issueType = row.issueType, i.status = row.status, i.statusCategory = row.statusCategory,
    i.priority = row.priority, i.storyPoints = row.storyPoints, i.url = row.url, i.createdAt = toInteger(row.createdAt), i.updatedAt = toInteger(row.updatedAt)
MERGE (p:${L.Project} {key: row.projectKey})
MERGE (i)-[:IN_PROJECT]->(p)
WITH i, row
CALL (i, row) {
  OPTIONAL MATCH (i)-[old:IN_PROJECT]->(p:${L.Project}) WHERE p.key <> row.projectKey
  DELETE old
}
CALL (i, row) {
  OPTIONAL MATCH (i)-[old:ASSIGNED_TO]->(d:${L.Developer}) WHERE row.assignee IS NULL OR d.key <> row.assignee.key
  DELETE old
}
CALL (i, row) {
  OPTIONAL MATCH (i)-[old:IN_SPRINT]->(s:${L.Sprint}) WHERE row.sprint IS NULL OR s.id <> toInteger(row.sprint.id)
  DELETE old
}
FOREACH (a IN CASE WHEN row.assignee IS NULL THEN [] ELSE [row.assignee] END |
  MERGE (d:${L.Developer} {key: a.key})
  SET ${developerProps('d', 'a')}
  MERGE (i)-[:ASSIGNED_TO]->(d))
FOREACH (s IN CASE WHEN row.sprint IS NULL THEN [] ELSE [row.sprint] END |
  MERGE (sp:${L.Sprint} {id: toInteger(s.id)})
  SET sp.name = s.name, sp.state = coalesce(s.state, sp.state)
  MERGE (i)-[:IN_SPRINT]->(sp))`,
    },
    {
      kind: 'documents',
      cypher: `UNWIND $rows AS row
MERGE (doc:${L.Document} {id: row.id})
WITH doc, row WHERE doc.lastEditedAt IS NULL OR doc.lastEditedAt <= toInteger(row.lastEditedAt)
SET doc.workspaceId = row.workspaceId, doc.title = coalesce(row.title, doc.title), doc.url = coalesce(row.url, doc.url),
    doc.lastEditedAt = toInteger(row.lastEditedAt), doc.deleted = row.deleted`,
    },
    {
      kind: 'issueLinks',
      cypher: `UNWIND $rows AS row
WITH row WHERE ${notDeleted(L, '[row.fromIssueId, row.toIssueId]')}
MERGE (a:${L.Issue} {id: row.fromIssueId})
MERGE (b:${L.Issue} {id: row.toIssueId})
WITH a, b, row
CALL (a, b, row) {
  OPTIONAL MATCH (a)-[old:DEPENDS_ON|LINKED]->(b) WHERE row.deleted AND old.linkId = row.linkId
  DELETE old
}
// Jira never reuses a link id, so a deleted one is remembered on its source issue (a property no
// walk meets) and a creation replayed after the deletion is refused.
FOREACH (_ IN CASE WHEN row.deleted AND NOT row.linkId IN coalesce(a.deletedLinks, []) THEN [1] ELSE [] END |
  SET a.deletedLinks = coalesce(a.deletedLinks, []) + row.linkId)
WITH a, b, row WHERE NOT row.deleted AND NOT row.linkId IN coalesce(a.deletedLinks, [])
FOREACH (_ IN CASE WHEN row.relation = 'DEPENDS_ON' THEN [1] ELSE [] END |
  MERGE (a)-[d:DEPENDS_ON {linkId: row.linkId}]->(b) SET d.type = row.type)
FOREACH (_ IN CASE WHEN row.relation = 'LINKED' THEN [1] ELSE [] END |
  MERGE (a)-[l:LINKED {linkId: row.linkId}]->(b) SET l.type = row.type)`,
    },
    // After issues and links: a batch holding an update and the deletion ends deleted.
    issueDeletionStatement(L),
    {
      kind: 'developers',
      cypher: `UNWIND $rows AS row
MERGE (d:${L.Developer} {key: row.key})
SET ${developerProps('d', 'row')}`,
    },
    {
      kind: 'repositories',
      cypher: `UNWIND $rows AS row
MERGE (:${L.Repository} {fullName: row.fullName})`,
    },
    // GitHub's teams last: their memberships MERGE Developers and Repositories of their own.
    ...teamStatements(L),
    // Renamed repositories last: every statement above may have MERGEd a node of an old name.
    { kind: 'repositoryRenames', cypher: repositoryRenameStatement(L), always: true },
  ];
}
