/**
 * The questions the graph is for (the user's guide, "Neo4j Aura: relationships"), as functions
 * returning plain data, sorted so that answers compare exactly:
 *
 * - "If Project X is delayed, what other projects are affected?" → projectsAffectedBy
 * - "Find all developers within 2 hops of the Platform team" → developersWithinHops
 * - "What's the dependency chain for this release?" → dependencyChain
 * - and who works on a repository → contributorsOf
 *
 * DEPENDS_ON walks are capped at MAX_DEPTH so a dependency cycle someone writes into the
 * organization file cannot make a query explode; real chains are a handful of projects long.
 */
import type { Neo4jSink } from './sink.ts';

export type Graph = Pick<Neo4jSink, 'driver' | 'database' | 'labels'>;

const MAX_DEPTH = 20;

async function read<T>(graph: Graph, cypher: string, params: Record<string, unknown>): Promise<T[]> {
  const { records } = await graph.driver.executeQuery(cypher, params, { database: graph.database, routing: 'READ' });
  return records.map((record) => record.toObject() as T);
}

export interface AffectedProject {
  readonly project: string;
  /** 1 for a direct dependent, 2 for a dependent of a dependent… (the shortest way). */
  readonly distance: number;
}

/** Projects that depend on `projectKey`, directly or through others: whom its delay delays. */
export function projectsAffectedBy(graph: Graph, projectKey: string): Promise<AffectedProject[]> {
  const { Project } = graph.labels;
  return read<AffectedProject>(
    graph,
    `MATCH path = (:${Project} {key: $key})<-[:DEPENDS_ON*1..${MAX_DEPTH}]-(dependent:${Project})
     WHERE dependent.key <> $key
     RETURN dependent.key AS project, min(length(path)) AS distance
     ORDER BY distance, project`,
    { key: projectKey },
  );
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
 */
export function developersWithinHops(graph: Graph, teamName: string, hops = 2): Promise<NearbyDeveloper[]> {
  if (!Number.isInteger(hops) || hops < 1 || hops > 4) throw new RangeError(`hops must be a whole number from 1 to 4, got ${hops}`);
  const { Team, Developer } = graph.labels;
  return read<NearbyDeveloper>(
    graph,
    `MATCH path = (:${Team} {name: $team})-[*1..${hops}]-(d:${Developer})
     RETURN d.key AS key, d.login AS login, d.displayName AS displayName, min(length(path)) AS hops
     ORDER BY hops, key`,
    { team: teamName },
  );
}

/**
 * Every DEPENDS_ON path from `projectKey` to a project that depends on nothing, as lists of keys
 * starting with `projectKey`: what must be ready before its release, in order. A project that
 * depends on nothing has the one chain `[projectKey]`; an unknown project has none.
 */
export async function dependencyChain(graph: Graph, projectKey: string): Promise<string[][]> {
  const { Project } = graph.labels;
  const rows = await read<{ chain: string[] }>(
    graph,
    `MATCH path = (:${Project} {key: $key})-[:DEPENDS_ON*0..${MAX_DEPTH}]->(last:${Project})
     WHERE NOT (last)-[:DEPENDS_ON]->(:${Project})
     RETURN [p IN nodes(path) | p.key] AS chain`,
    { key: projectKey },
  );
  return rows.map((row) => row.chain).sort((a, b) => a.join('>').localeCompare(b.join('>')));
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

/** Who committed to a repository (owner/name), most commits first. */
export function contributorsOf(graph: Graph, repository: string): Promise<Contributor[]> {
  const { Developer, Repository } = graph.labels;
  return read<Contributor>(
    graph,
    `MATCH (d:${Developer})-[c:CONTRIBUTED_TO]->(:${Repository} {fullName: $repository})
     RETURN d.key AS key, d.login AS login, d.displayName AS displayName, c.commits AS commits, c.firstAt AS firstAt, c.lastAt AS lastAt
     ORDER BY commits DESC, key`,
    { repository },
  );
}
