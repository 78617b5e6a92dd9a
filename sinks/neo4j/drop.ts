/**
 * Removes a run's corner of the graph (chaos, bench): every node under its label prefix, with its
 * relationships, and the prefix's constraints (schema.ts names them after the labels). Community
 * edition has one database, so the prefix is the whole of a run's isolation: without one, this
 * would delete the deployment's graph, and refuses to.
 *
 * Nodes go 10,000 at a time, so a run of tens of thousands of events is not one huge transaction.
 */
import neo4j from 'neo4j-driver';
import type { Neo4jConfig } from './config.ts';
import { Neo4jSinkError } from './errors.ts';
import { constraintStatements, graphLabels, NODE_KEYS, type NodeLabel } from './schema.ts';

const DELETE_BATCH = 10_000;

export async function dropLabelled(config: Neo4jConfig): Promise<void> {
  if (!config.labelPrefix) {
    throw new Neo4jSinkError('refusing to drop the graph: NEO4J_LABEL_PREFIX is unset, so it is the deployment’s own', { classification: 'permanent', cause: undefined, neo4jCode: undefined });
  }
  const labels = graphLabels(config.labelPrefix);
  const driver = neo4j.driver(config.url, neo4j.auth.basic(config.user, config.password));
  const run = (cypher: string, params: Record<string, unknown> = {}) => driver.executeQuery(cypher, params, { database: config.database });
  try {
    for (const label of Object.keys(NODE_KEYS) as NodeLabel[]) {
      for (;;) {
        const { records } = await run(`MATCH (n:${labels[label]}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted`, { limit: neo4j.int(DELETE_BATCH) });
        if (Number(records[0]?.get('deleted') ?? 0) === 0) break;
      }
    }
    for (const { name } of constraintStatements(labels)) await run(`DROP CONSTRAINT ${name} IF EXISTS`);
  } finally {
    await driver.close();
  }
}
