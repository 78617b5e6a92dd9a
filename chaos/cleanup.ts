/**
 * Removes what a chaos run made (unless --keep): its topics and consumer groups, its PostgreSQL
 * schema, ClickHouse database, Neo4j nodes and constraints under its label prefix, and its
 * pgvector tables. Best effort: each step that fails is reported, none stops the others.
 */
import { createClient } from '@clickhouse/client';
import type kafkajs from 'kafkajs';
import neo4j from 'neo4j-driver';
import pg from 'pg';
import type { SwitchyardConfig } from '../config/index.ts';
import { allTopics } from '../config/index.ts';

export async function cleanUp(config: SwitchyardConfig, kafka: kafkajs.Kafka, groups: readonly string[], labelPrefix: string, tablePrefix: string): Promise<string[]> {
  const problems: string[] = [];
  const step = async (what: string, work: () => Promise<unknown>) => work().catch((error: unknown) => problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`));

  const admin = kafka.admin();
  await step('kafka', async () => {
    await admin.connect();
    await admin.deleteGroups([...groups]).catch(() => {});
    await admin.deleteTopics({ topics: allTopics(config.topics.names) });
  });
  await admin.disconnect().catch(() => {});

  await step('postgres', async () => {
    const client = new pg.Client({ connectionString: config.postgres.url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${config.postgres.schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });

  await step('clickhouse', async () => {
    const client = createClient({ url: config.clickhouse.url, username: config.clickhouse.username, password: config.clickhouse.password });
    try {
      await client.command({ query: `DROP DATABASE IF EXISTS ${config.clickhouse.database}` });
    } finally {
      await client.close();
    }
  });

  await step('neo4j', async () => {
    const driver = neo4j.driver(config.neo4j.url, neo4j.auth.basic(config.neo4j.user, config.neo4j.password));
    try {
      const session = () => driver.session({ database: config.neo4j.database });
      const constraints = await session().run('SHOW CONSTRAINTS YIELD name, labelsOrTypes RETURN name, labelsOrTypes');
      for (const record of constraints.records) {
        const labels = record.get('labelsOrTypes') as string[];
        if (labels.some((l) => l.startsWith(labelPrefix))) await session().run(`DROP CONSTRAINT \`${record.get('name') as string}\` IF EXISTS`);
      }
      for (;;) {
        const deleted = await session().run('MATCH (n) WHERE any(l IN labels(n) WHERE l STARTS WITH $prefix) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted', { prefix: labelPrefix });
        if (Number(deleted.records[0]?.get('deleted') ?? 0) === 0) break;
      }
    } finally {
      await driver.close();
    }
  });

  await step('pgvector', async () => {
    if (config.vectors.store.kind !== 'pgvector' || config.vectors.store.url === undefined) return;
    const client = new pg.Client({ connectionString: config.vectors.store.url });
    await client.connect();
    try {
      const tables = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE tablename LIKE $1', [`${tablePrefix.replace(/_/g, '\\_')}%`]);
      for (const { tablename } of tables.rows) await client.query(`DROP TABLE IF EXISTS "${tablename}"`);
    } finally {
      await client.end();
    }
  });
  return problems;
}
