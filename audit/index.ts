/**
 * The store audits `npm run chaos` runs after its replay: per store, whether it holds each event
 * the routing table sends it exactly once (after idempotency), and whether the dead-letter topic
 * holds exactly the records that should fail. Each takes ALL events; it keeps those routed to
 * its store (topology/routing.ts `routesTo`) and scopes every query to their ids, so a shared
 * store's other contents do not matter.
 *
 *     const results = [
 *       await auditPostgres(postgres.pool, events),
 *       await auditClickHouse(clickhouse, events),      // the sink: { client, database }
 *       await auditNeo4j(neo4j, events),                // the sink: { driver, database, labels }
 *       await auditVectors(vectors.vectorStore, events),
 *       await auditDeadLetters({ kafka, topic: 'switchyard.dlq', codec, expected: poisonDeliveryIds }),
 *     ];
 *     for (const r of results) console.log(describeResult(r), ...r.details, ...r.notes);
 *     process.exitCode = results.every((r) => r.ok) ? 0 : 1;
 */
export { auditClickHouse, type ClickHouseTarget } from './clickhouse.ts';
export { auditDeadLetters, deadLetterIdOf, type DeadLetterAudit, type DeadLetterAuditOptions } from './deadLetters.ts';
export { auditNeo4j, type Neo4jTarget } from './neo4j.ts';
export { auditPostgres } from './postgres.ts';
export { describeResult, type AuditResult } from './result.ts';
export { auditVectors } from './vectors.ts';
