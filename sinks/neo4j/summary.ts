/**
 * What the graph holds, in headline counts (Sink.summary): nodes per label and relationships per
 * type, in two queries. `COUNT { (n:Label) }` per label reads Neo4j's count store, not the
 * nodes. Relationships are counted from our labelled nodes only, so a test's prefixed graph (or
 * anyone else's nodes in a shared database) does not leak into the counts.
 */
import type { Driver } from 'neo4j-driver';
import { addressOf, type StoreSummary } from '../sink.ts';
import { NODE_KEYS, type Labels, type NodeLabel } from './schema.ts';

export async function neo4jSummary(driver: Driver, url: string, database: string, labels: Labels): Promise<StoreSummary> {
  const names = Object.keys(NODE_KEYS) as NodeLabel[];
  const nodes = await driver.executeQuery(`RETURN ${names.map((label, i) => `COUNT { (:${labels[label]}) } AS c${i}`).join(', ')}`, {}, { database });
  const ours = names.map((label) => `n:${labels[label]}`).join(' OR ');
  const relationships = await driver.executeQuery(`MATCH (n)-[r]->() WHERE ${ours} RETURN type(r) AS type, count(*) AS n ORDER BY type`, {}, { database });
  const rows: Record<string, number> = {};
  const record = nodes.records[0];
  names.forEach((label, i) => (rows[`${label} nodes`] = Number(record?.get(`c${i}`) ?? 0)));
  for (const r of relationships.records) rows[`${String(r.get('type'))} relationships`] = Number(r.get('n'));
  const prefix = labels.prefix === '' ? '' : `, labels prefixed ${labels.prefix}`;
  return { rows, where: `${addressOf(url)} (database ${database}${prefix})` };
}
