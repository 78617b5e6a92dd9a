/**
 * The questions the graph is for (the user's guide, "Neo4j Aura: relationships"), as functions
 * returning plain data, sorted so that answers compare exactly:
 *
 * - "If Project X is delayed, what other projects are affected?" → projectsAffectedBy
 * - "Find all developers within 2 hops of the Platform team" → developersWithinHops
 * - "What's the dependency chain for this release?" → dependencyChain
 * - and who works on a repository → contributorsOf
 *
 * A project depends on another when the organization file says so (Project DEPENDS_ON Project)
 * or when one of its issues depends on one of the other's (Issue DEPENDS_ON Issue, from Jira's
 * issue links, each Issue IN_PROJECT its project). That roll-up is worked out when asked, never
 * stored: a link deleted or an issue moved to another project changes the answer with nothing to
 * recount. An issue known only from a link (its own events not here yet) has no project and
 * counts for none until they are.
 *
 * The project walks go one step per round trip, all in one read transaction, breadth first:
 * one step has two shapes (one relationship, or issue → issue across three), which a single
 * variable-length pattern cannot alternate between. Walks are capped at MAX_DEPTH steps so a
 * dependency cycle someone writes into the organization file or Jira cannot make a query
 * explode; real chains are a handful of projects long.
 */
import { int, type ManagedTransaction } from 'neo4j-driver';
import type { Labels } from './schema.ts';
import type { Neo4jSink } from './sink.ts';

/**
 * What the queries read through: the sink itself in tests, the access layer's reader (reader.ts)
 * when served. `readTimeoutMs` bounds each read transaction on the server (Neo4j's own default,
 * `db.transaction.timeout`, is none): the reader always sets it.
 */
export type Graph = Pick<Neo4jSink, 'driver' | 'database' | 'labels'> & { readonly readTimeoutMs?: number };

/** The transaction config of one read: the server's timeout when the graph has one. */
const readConfig = (graph: Graph): { timeout?: number } => (graph.readTimeoutMs === undefined ? {} : { timeout: graph.readTimeoutMs });

const MAX_DEPTH = 20;

async function read<T>(graph: Graph, cypher: string, params: Record<string, unknown>): Promise<T[]> {
  const { records } = await graph.driver.executeQuery(cypher, params, { database: graph.database, routing: 'READ', transactionConfig: readConfig(graph) });
  return records.map((record) => record.toObject() as T);
}

type Way = 'dependents' | 'dependencies';

/**
 * One step of the project walk from each of `keys`: the projects depending on it (`dependents`)
 * or that it depends on (`dependencies`), by the organization file or through an issue's
 * dependency. A key that is no project has no row, an existing project with nothing that way
 * has an empty list.
 */
function stepCypher(L: Labels, way: Way): string {
  const [project, issue] = way === 'dependents'
    ? [`(x)<-[:DEPENDS_ON]-(y:${L.Project})`, `(x)<-[:IN_PROJECT]-(:${L.Issue})<-[:DEPENDS_ON]-(:${L.Issue})-[:IN_PROJECT]->(y:${L.Project})`]
    : [`(x)-[:DEPENDS_ON]->(y:${L.Project})`, `(x)<-[:IN_PROJECT]-(:${L.Issue})-[:DEPENDS_ON]->(:${L.Issue})-[:IN_PROJECT]->(y:${L.Project})`];
  return `UNWIND $keys AS key
MATCH (x:${L.Project} {key: key})
WITH key, [${project} | y.key] + [${issue} | y.key] AS found
RETURN key, [k IN found WHERE k <> key] AS next`;
}

/** Runs `walk` in one read transaction, with a `step` that takes one step of the project walk from `keys`. */
async function walkProjects<T>(graph: Graph, way: Way, walk: (step: (keys: readonly string[]) => Promise<Map<string, string[]>>) => Promise<T>): Promise<T> {
  const cypher = stepCypher(graph.labels, way);
  const session = graph.driver.session({ database: graph.database, defaultAccessMode: 'READ' });
  try {
    return await session.executeRead((tx: ManagedTransaction) =>
      walk(async (keys) => {
        const { records } = await tx.run(cypher, { keys });
        return new Map(records.map((r) => [r.get('key') as string, [...new Set(r.get('next') as string[])]]));
      }),
      readConfig(graph),
    );
  } finally {
    await session.close();
  }
}

// LIMIT takes an integer: a JS number goes over Bolt as a float, so it is sent as a Neo4j Integer.
const limitClause = (limit: number | undefined): string => (limit === undefined ? '' : '\n     LIMIT $limit');
function limitParam(limit: number | undefined): { limit?: ReturnType<typeof int> } {
  if (limit === undefined) return {};
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number, got ${limit}`);
  return { limit: int(limit) };
}

/** Codepoint order, as Cypher's ORDER BY sorts strings. */
const byCodepoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface AffectedProject {
  readonly project: string;
  /** 1 for a direct dependent, 2 for a dependent of a dependent… (the shortest way). */
  readonly distance: number;
}

/**
 * Projects that depend on `projectKey`, directly or through others, by the organization file or
 * their issues' dependencies: whom its delay delays.
 */
export function projectsAffectedBy(graph: Graph, projectKey: string): Promise<AffectedProject[]> {
  return walkProjects(graph, 'dependents', async (step) => {
    const distance = new Map<string, number>([[projectKey, 0]]);
    let frontier = [projectKey];
    for (let depth = 1; depth <= MAX_DEPTH && frontier.length > 0; depth += 1) {
      const next: string[] = [];
      for (const dependents of (await step(frontier)).values()) {
        for (const key of dependents) if (!distance.has(key)) (distance.set(key, depth), next.push(key));
      }
      frontier = next;
    }
    distance.delete(projectKey);
    return [...distance].map(([project, d]) => ({ project, distance: d })).sort((a, b) => a.distance - b.distance || byCodepoint(a.project, b.project));
  });
}

export interface NearbyDeveloper {
  readonly key: string;
  readonly login: string | null;
  readonly displayName: string | null;
  /** 1 for a member; 2 for someone one relationship from a member (reviewed by or reviewing one…). */
  readonly hops: number;
}

/**
 * Developers within `hops` relationships of a team, over any relationship in either direction:
 * members (MEMBER_OF, 1 hop), then whoever reviewed a member or was reviewed by one (2 hops).
 * The bound is put into the query text (Cypher takes no parameter there), hence the check.
 * `limit` keeps the first that many (the access layer asks for its row cap + 1).
 */
export function developersWithinHops(graph: Graph, teamName: string, hops = 2, limit?: number): Promise<NearbyDeveloper[]> {
  if (!Number.isInteger(hops) || hops < 1 || hops > 4) throw new RangeError(`hops must be a whole number from 1 to 4, got ${hops}`);
  const { Team, Developer } = graph.labels;
  return read<NearbyDeveloper>(
    graph,
    `MATCH path = (:${Team} {name: $team})-[*1..${hops}]-(d:${Developer})
     RETURN d.key AS key, d.login AS login, d.displayName AS displayName, min(length(path)) AS hops
     ORDER BY hops, key${limitClause(limit)}`,
    { team: teamName, ...limitParam(limit) },
  );
}

/**
 * Every dependency path from `projectKey` to a project that depends on nothing, as lists of keys
 * starting with `projectKey`: what must be ready before its release, in order. Dependencies are
 * the organization file's and its issues' (as in projectsAffectedBy). A project that depends on
 * nothing has the one chain `[projectKey]`; an unknown project has none. A path visits a project
 * once, so a cycle ends the paths through it. Sorted key by key (codepoint order); `limit` keeps
 * the first that many.
 */
export async function dependencyChain(graph: Graph, projectKey: string, limit = Number.POSITIVE_INFINITY): Promise<string[][]> {
  const dependsOn = await walkProjects(graph, 'dependencies', async (step) => {
    const known = new Map<string, string[]>();
    let frontier = [projectKey];
    for (let depth = 0; depth <= MAX_DEPTH && frontier.length > 0; depth += 1) {
      const found = await step(frontier);
      for (const [key, next] of found) known.set(key, next);
      frontier = [...new Set([...found.values()].flat())].filter((key) => !known.has(key));
    }
    return known;
  });
  return chainsFrom(dependsOn, projectKey, limit);
}

/** The chains of `dependencyChain` from a project's dependencies as walked (key → the keys it depends on). */
export function chainsFrom(dependsOn: ReadonlyMap<string, readonly string[]>, projectKey: string, limit = Number.POSITIVE_INFINITY): string[][] {
  if (!dependsOn.has(projectKey)) return [];
  const chains: string[][] = [];
  // Walked in order, so the first `limit` chains are the first of the sorted list: a graph with
  // exponentially many chains (layers of two projects each) stops at the cap instead of blocking.
  const follow = (path: string[]): void => {
    if (chains.length >= limit) return;
    const next = dependsOn.get(path.at(-1)!) ?? [];
    if (next.length === 0) return void chains.push(path);
    if (path.length > MAX_DEPTH) return;
    for (const key of [...next].sort(byCodepoint)) if (!path.includes(key)) follow([...path, key]);
  };
  follow([projectKey]);
  return chains;
}

export interface Contributor {
  readonly key: string;
  readonly login: string | null;
  readonly displayName: string | null;
  /** Distinct commits. */
  readonly commits: number;
  readonly firstAt: number;
  readonly lastAt: number;
}

/** Who committed to a repository (owner/name), most commits first; the first `limit` when given. */
export function contributorsOf(graph: Graph, repository: string, limit?: number): Promise<Contributor[]> {
  const { Developer, Repository } = graph.labels;
  return read<Contributor>(
    graph,
    `MATCH (d:${Developer})-[c:CONTRIBUTED_TO]->(:${Repository} {fullName: $repository})
     RETURN d.key AS key, d.login AS login, d.displayName AS displayName, c.commits AS commits, c.firstAt AS firstAt, c.lastAt AS lastAt
     ORDER BY commits DESC, key${limitClause(limit)}`,
    { repository, ...limitParam(limit) },
  );
}
