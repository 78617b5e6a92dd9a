/**
 * Test support: a Neo4j sink on the local stack whose labels carry a prefix of their own
 * (`T<random>_Developer`…), with constraints of their own. Community edition has one database,
 * so this is how test files share it without resetting it; the nodes and constraints go after
 * the file.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { localStack } from '../../../config/endpoints.ts';
import type { Neo4jConfig } from '../config.ts';
import { NODE_KEYS, type NodeLabel } from '../schema.ts';
import { neo4jSink, type Neo4jSink } from '../sink.ts';

export function localConfig(teamsFile?: string): Neo4jConfig {
  return { url: localStack.neo4j.url, user: localStack.neo4j.user, password: localStack.neo4j.password, database: 'neo4j', teamsFile };
}

export const uniquePrefix = (): string => `T${Date.now().toString(36)}${randomBytes(3).toString('hex')}_`;

/** Registers its own setup and cleanup; read `.sink` inside tests. `init()` is the test's to call. */
export function useTestGraph(config: () => Neo4jConfig = () => localConfig()): { readonly sink: Neo4jSink } {
  const holder: { sink?: Neo4jSink } = {};
  beforeAll(() => {
    holder.sink = neo4jSink(config(), { labelPrefix: uniquePrefix() });
  });
  afterAll(async () => {
    if (!holder.sink) return;
    await dropTestGraph(holder.sink);
    await holder.sink.close();
  });
  return {
    get sink() {
      if (!holder.sink) throw new Error('useTestGraph: the sink exists only inside tests');
      return holder.sink;
    },
  };
}

export async function dropTestGraph(sink: Neo4jSink): Promise<void> {
  const { driver, database, labels } = sink;
  for (const label of Object.keys(NODE_KEYS) as NodeLabel[]) await driver.executeQuery(`MATCH (n:${labels[label]}) DETACH DELETE n`, {}, { database });
  for (const name of await constraintNames(sink)) await driver.executeQuery(`DROP CONSTRAINT ${name} IF EXISTS`, {}, { database });
}

/** The names of this sink's constraints, sorted. */
export async function constraintNames(sink: Neo4jSink): Promise<string[]> {
  const { records } = await sink.driver.executeQuery('SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH $prefix RETURN name ORDER BY name', { prefix: sink.labels.prefix.toLowerCase() }, { database: sink.database });
  return records.map((r) => r.get('name') as string);
}

/** Every node and relationship of this sink's graph with all properties, in a stable order: for "nothing changed" assertions. */
export async function snapshot(sink: Neo4jSink): Promise<{ nodes: string[]; relationships: string[] }> {
  const { driver, database, labels } = sink;
  const ours = `any(l IN labels(n) WHERE l STARTS WITH $prefix)`;
  const key = (v: string) => `coalesce(${v}.key, ${v}.fullName, ${v}.name, ${v}.id)`;
  const params = { prefix: labels.prefix };
  const nodes = await driver.executeQuery(`MATCH (n) WHERE ${ours} RETURN labels(n) AS labels, properties(n) AS props`, params, { database });
  const relationships = await driver.executeQuery(`MATCH (n)-[r]->(m) WHERE ${ours} RETURN ${key('n')} AS from, type(r) AS type, ${key('m')} AS to, properties(r) AS props`, params, { database });
  const stable = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
  return {
    nodes: nodes.records.map((r) => stable(r.toObject())).sort(),
    relationships: relationships.records.map((r) => stable(r.toObject())).sort(),
  };
}

/** Counts by label and by relationship type, without the prefix. */
export async function counts(sink: Neo4jSink): Promise<Record<string, number>> {
  const { driver, database, labels } = sink;
  const params = { prefix: labels.prefix };
  const result: Record<string, number> = {};
  const nodes = await driver.executeQuery(`MATCH (n) UNWIND labels(n) AS l WITH l WHERE l STARTS WITH $prefix RETURN substring(l, size($prefix)) AS name, count(*) AS n`, params, { database });
  const rels = await driver.executeQuery(`MATCH (n)-[r]->() WHERE any(l IN labels(n) WHERE l STARTS WITH $prefix) RETURN type(r) AS name, count(*) AS n`, params, { database });
  for (const r of [...nodes.records, ...rels.records]) result[r.get('name') as string] = r.get('n') as number;
  return result;
}
