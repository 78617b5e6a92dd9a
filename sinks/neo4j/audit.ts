/**
 * Does the graph hold the facts of each event it keeps exactly once?
 *
 * The facts are what the sink's own handlers make of each event (handlers.ts, rows.ts), and
 * "once" is what cypher.ts promises under replay:
 *
 * - a commit: ONE `CONTRIBUTED_TO` from its author to its repository, whose `shas` set holds the
 *   commit's sha exactly once and whose `commits` is the size of that set;
 * - a review or merge: ONE `REVIEWED` from reviewer to author whose `pullRequests` holds the pull
 *   request once and whose `count` is its size;
 * - a Jira issue: ONE `Issue` node as of the newest update given (an older one replayed must not
 *   roll it back), at most one `ASSIGNED_TO` (the newest update's assignee), exactly one
 *   `IN_PROJECT`, at most one `IN_SPRINT`;
 * - a Notion page: ONE `Document` as of the newest edit given, deleted or not as that edit says;
 * - a Jira issue link: ONE `DEPENDS_ON` or `LINKED` with its `linkId` between its issues when its
 *   last event given created it, none when that deleted it;
 * - a GitHub team, membership or team repository: as its newest event says (teamAudit.ts);
 * - a self-review or self-merge, or a commit by nobody a source could name: the `Developer`s it
 *   names, or its `Repository` (a uniqueness constraint keeps each one node; present is enough).
 *
 * Events the graph does not keep (`accepts`) are not expected. A node or relationship holding
 * facts of other events too (a shared graph) is fine: only the given events' facts are checked.
 * Parameters go in UNWIND lists of 2,000.
 */
import type { Driver } from 'neo4j-driver';
import type { EngEvent } from '../../avro/generated/types.ts';
import { chunks, distinctById, findings, type AuditResult, type Findings } from '../../audit/result.ts';
import { accepts } from '../handlers.ts';
import { neo4jHandlers, toGraphRows } from './handlers.ts';
import { newestNames } from './repositoryRenames.ts';
import type { IssueLinkRow } from './rows.ts';
import type { Labels } from './schema.ts';
import { auditTeams } from './teamAudit.ts';

const BATCH = 2_000;

export interface Neo4jTarget {
  readonly driver: Driver;
  readonly database: string;
  readonly labels: Labels;
}

interface Member {
  readonly eventId: string;
  /** The sha or pull request the set must hold once. */
  readonly item: string;
}

interface Pair {
  readonly from: string;
  readonly to: string;
  readonly members: Member[];
}

interface Latest {
  readonly eventIds: string[];
  eventId: string;
  at: number;
  /** Issue: the assignee's key or null; document: deleted. */
  value: string | boolean | null;
}

/** A link's last event in the audit, and every event of it. */
type IssueLinkState = IssueLinkRow & { readonly eventIds: string[] };

/** `target` is the sink itself (it has `driver`, `database` and `labels`). */
export async function auditNeo4j(target: Neo4jTarget, events: readonly EngEvent[]): Promise<AuditResult> {
  const found = findings('neo4j');
  const contributions = new Map<string, Pair>();
  const reviews = new Map<string, Pair>();
  const issues = new Map<string, Latest>();
  const documents = new Map<string, Latest>();
  const developers = new Map<string, string[]>();
  const repositories = new Map<string, string[]>();
  const links = new Map<string, IssueLinkState>();
  /** Deleted issues, each with its events in the audit: the deletion's, and those it overrides. */
  const deletedIssues = new Map<string, string[]>();
  let expected = 0;

  const pair = (map: Map<string, Pair>, from: string, to: string, member: Member) => {
    const id = `${from}\u0000${to}`;
    const entry = map.get(id) ?? { from, to, members: [] };
    entry.members.push(member);
    map.set(id, entry);
  };
  const latest = (map: Map<string, Latest>, id: string, eventId: string, at: number, value: string | boolean | null) => {
    const entry = map.get(id);
    if (entry === undefined) return void map.set(id, { eventIds: [eventId], eventId, at, value });
    entry.eventIds.push(eventId);
    if (at >= entry.at) Object.assign(entry, { eventId, at, value }); // a tie goes to the later event, as in rows.ts
  };

  const named = (map: Map<string, string[]>, id: string, eventId: string) => void map.set(id, [...(map.get(id) ?? []), eventId]);

  // A renamed repository is one node under its newest name (repositoryRenames.ts): look for it there.
  const newest = newestNames(toGraphRows(events.filter((e) => accepts(neo4jHandlers, e))).repositoryRenames);
  for (const event of distinctById(events.filter((e) => accepts(neo4jHandlers, e)))) {
    const rows = toGraphRows([event]);
    expected += 1;
    for (const c of rows.contributions) for (const sha of c.shas) pair(contributions, c.developer.key, newest(c.repository), { eventId: event.eventId, item: sha });
    for (const r of rows.reviews) for (const pr of r.pullRequests) pair(reviews, r.reviewer.key, r.author.key, { eventId: event.eventId, item: pr });
    for (const i of rows.issues) latest(issues, i.issueId, event.eventId, i.updatedAt, i.assignee?.key ?? null);
    for (const d of rows.documents) latest(documents, d.id, event.eventId, d.lastEditedAt, d.deleted);
    for (const d of rows.developers) named(developers, d.key, event.eventId);
    for (const r of rows.repositories) named(repositories, newest(r.fullName), event.eventId);
    for (const l of rows.issueLinks) {
      const held = links.get(l.linkId);
      // A deleted link stays deleted, as in rows.ts and cypher.ts (a link id is never reused).
      links.set(l.linkId, { ...(held?.deleted ? held : l), eventIds: [...(held?.eventIds ?? []), event.eventId] });
    }
    for (const d of rows.issueDeletions) named(deletedIssues, d.issueId, event.eventId);
  }
  // A deleted issue wins over any of its events (issueDeletion.ts): no node, no links.
  for (const [id, eventIds] of deletedIssues) {
    eventIds.push(...(issues.get(id)?.eventIds ?? []));
    issues.delete(id);
  }
  for (const [linkId, l] of links) {
    const gone = deletedIssues.get(l.fromIssueId) ?? deletedIssues.get(l.toIssueId);
    if (gone === undefined) continue;
    gone.push(...l.eventIds);
    links.delete(linkId);
  }

  const L = target.labels;
  const run = async (cypher: string, rows: unknown[]) => (await target.driver.executeQuery(cypher, { rows }, { database: target.database })).records.map((r) => r.toObject());

  await checkSets(found, 'CONTRIBUTED_TO', 'shas', 'commits', contributions, (rows) =>
    run(`UNWIND $rows AS p OPTIONAL MATCH (:${L.Developer} {key: p.from})-[c:CONTRIBUTED_TO]->(:${L.Repository} {fullName: p.to}) RETURN p.from AS from, p.to AS to, collect(c.shas) AS sets, collect(c.commits) AS sizes`, rows),
  );
  await checkSets(found, 'REVIEWED', 'pullRequests', 'count', reviews, (rows) =>
    run(`UNWIND $rows AS p OPTIONAL MATCH (:${L.Developer} {key: p.from})-[v:REVIEWED]->(:${L.Developer} {key: p.to}) RETURN p.from AS from, p.to AS to, collect(v.pullRequests) AS sets, collect(v.count) AS sizes`, rows),
  );

  for (const part of chunks([...deletedIssues.keys()], BATCH)) {
    const held = new Set((await run(`UNWIND $rows AS id MATCH (i:${L.Issue} {id: id}) RETURN id`, part)).map((row) => String(row.id)));
    for (const id of part) {
      if (held.has(id)) found.mismatched(`Issue ${id} was deleted in Jira but is in the graph`);
      else found.present(new Set(deletedIssues.get(id)).size);
    }
  }
  for (const part of chunks([...issues.keys()], BATCH)) {
    const held = await run(
      `UNWIND $rows AS id MATCH (i:${L.Issue} {id: id})
       RETURN id, i.updatedAt AS at, [(i)-[:ASSIGNED_TO]->(d) | d.key] AS assignees, COUNT { (i)-[:IN_PROJECT]->() } AS projects, COUNT { (i)-[:IN_SPRINT]->() } AS sprints`,
      part,
    );
    checkLatest(found, 'Issue', issues, part, held, (row, want) => {
      const assignees = row.assignees as string[];
      if (assignees.length > 1) found.duplicated(`Issue ${String(row.id)} has ${assignees.length} ASSIGNED_TO relationships (${assignees.join(', ')})`);
      else if ((assignees[0] ?? null) !== want.value) found.mismatched(`Issue ${String(row.id)} is assigned to ${assignees[0] ?? 'nobody'}, its newest update (${want.eventId}) says ${String(want.value ?? 'nobody')}`);
      if (Number(row.projects) !== 1) (Number(row.projects) > 1 ? found.duplicated : found.mismatched)(`Issue ${String(row.id)} has ${Number(row.projects)} IN_PROJECT relationships, not 1`);
      if (Number(row.sprints) > 1) found.duplicated(`Issue ${String(row.id)} has ${Number(row.sprints)} IN_SPRINT relationships`);
    });
  }
  for (const part of chunks([...documents.keys()], BATCH)) {
    const held = await run(`UNWIND $rows AS id MATCH (doc:${L.Document} {id: id}) RETURN id, doc.lastEditedAt AS at, doc.deleted AS deleted`, part);
    checkLatest(found, 'Document', documents, part, held, (row, want) => {
      if (row.deleted !== want.value) found.mismatched(`Document ${String(row.id)} has deleted=${String(row.deleted)}, its newest edit (${want.eventId}) says ${String(want.value)}`);
    });
  }
  for (const part of chunks([...links.values()], BATCH)) {
    const held = await run(
      `UNWIND $rows AS l OPTIONAL MATCH (:${L.Issue} {id: l.from})-[r:DEPENDS_ON|LINKED]->(:${L.Issue} {id: l.to}) WHERE r.linkId = l.linkId
       RETURN l.linkId AS id, count(r) AS n`,
      part.map((l) => ({ linkId: l.linkId, from: l.fromIssueId, to: l.toIssueId })),
    );
    for (const row of held) {
      const l = links.get(String(row.id))!;
      const n = Number(row.n);
      const what = `${l.relation} ${l.fromIssueId} → ${l.toIssueId} (link ${l.linkId})`;
      if (n === (l.deleted ? 0 : 1)) found.present(l.eventIds.length);
      else if (n > 1) found.duplicated(`${what} exists ${n} times`);
      else for (const eventId of l.eventIds) (l.deleted ? found.mismatched : found.missing)(`${eventId}: ${what} ${l.deleted ? 'is still there after its deletion' : 'is missing'}`);
    }
  }
  await auditTeams(found, run, L, distinctById(events.filter((e) => accepts(neo4jHandlers, e))), newest);
  await checkNodes(found, 'Developer', developers, (ids) => run(`UNWIND $rows AS id MATCH (n:${L.Developer} {key: id}) RETURN DISTINCT id`, ids));
  await checkNodes(found, 'Repository', repositories, (ids) => run(`UNWIND $rows AS id MATCH (n:${L.Repository} {fullName: id}) RETURN DISTINCT id`, ids));
  return found.result(expected);
}

/** Each named node exists; an event naming two is present once, when both do. */
async function checkNodes(found: Findings, label: string, wanted: ReadonlyMap<string, readonly string[]>, query: (ids: string[]) => Promise<Record<string, unknown>[]>): Promise<void> {
  const held = new Set<string>();
  for (const part of chunks([...wanted.keys()], BATCH)) for (const row of await query(part)) held.add(String(row.id));
  const missingFrom = new Set<string>();
  for (const [id, eventIds] of wanted) {
    if (held.has(id)) continue;
    for (const eventId of eventIds) {
      found.missing(`${eventId}: no ${label} ${id}`);
      missingFrom.add(eventId);
    }
  }
  const present = new Set([...wanted.values()].flat().filter((eventId) => !missingFrom.has(eventId)));
  found.present(present.size);
}

/** One relationship per pair, each member's item in its set exactly once, and the size property the set's size. */
async function checkSets(
  found: Findings,
  type: string,
  setName: string,
  sizeName: string,
  pairs: ReadonlyMap<string, Pair>,
  query: (rows: { from: string; to: string }[]) => Promise<Record<string, unknown>[]>,
): Promise<void> {
  const seen = new Set<string>(); // an event with two facts (two shas) is present once
  for (const part of chunks([...pairs.values()], BATCH)) {
    const held = await query(part.map((p) => ({ from: p.from, to: p.to })));
    for (const row of held) {
      const p = pairs.get(`${String(row.from)}\u0000${String(row.to)}`)!;
      const sets = row.sets as (string[] | null)[];
      const sizes = row.sizes as (number | null)[];
      const what = `${type} ${p.from} → ${p.to}`;
      if (sets.length === 0) {
        for (const m of p.members) found.missing(`${m.eventId}: no ${what}`);
        continue;
      }
      if (sets.length > 1) found.duplicated(`${what} exists ${sets.length} times`);
      const set = sets[0] ?? [];
      if (sizes[0] !== set.length) found.mismatched(`${what} has ${sizeName}=${String(sizes[0])} but ${set.length} in ${setName}`);
      const times = new Map<string, number>();
      for (const item of set) times.set(item, (times.get(item) ?? 0) + 1);
      for (const m of p.members) {
        const n = times.get(m.item) ?? 0;
        if (n === 0) found.missing(`${m.eventId}: ${what} lacks ${m.item} in ${setName}`);
        else {
          if (n > 1) found.duplicated(`${m.eventId}: ${what} holds ${m.item} ${n} times in ${setName}`);
          if (!seen.has(m.eventId)) found.present();
          seen.add(m.eventId);
        }
      }
    }
  }
}

/** One node per id, as of the newest event given (or newer, from events outside the audit). */
function checkLatest(found: Findings, label: string, wanted: ReadonlyMap<string, Latest>, ids: readonly string[], held: Record<string, unknown>[], more: (row: Record<string, unknown>, want: Latest) => void): void {
  const byId = Map.groupBy(held, (row) => String(row.id));
  for (const id of ids) {
    const want = wanted.get(id)!;
    const rows = byId.get(id) ?? [];
    if (rows.length === 0) {
      for (const eventId of want.eventIds) found.missing(`${eventId}: no ${label} ${id}`);
      continue;
    }
    if (rows.length > 1) found.duplicated(`${label} ${id} exists ${rows.length} times`);
    const at = Number(rows[0]!.at);
    found.present(want.eventIds.length);
    if (at < want.at) found.mismatched(`${label} ${id} is as of ${new Date(at).toISOString()}, older than its newest event ${want.eventId} (${new Date(want.at).toISOString()})`);
    else if (at === want.at) more(rows[0]!, want);
  }
}
