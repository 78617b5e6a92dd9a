/**
 * What the ClickHouse store holds, in headline counts (Sink.summary): one `UNION ALL` query.
 * Events and samples are counted with FINAL, so a row a replay wrote twice and no merge has
 * folded yet counts once; deployments and pull requests count their keys (an aggregate table
 * holds one row per key only after merges).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { addressOf, type StoreSummary } from '../sink.ts';
import { identifier } from './quote.ts';

export async function clickhouseSummary(client: ClickHouseClient, url: string, database: string): Promise<StoreSummary> {
  const db = identifier(database);
  // Every branch yields (name String, n UInt64): 18.16 wants UNION ALL branches of one type.
  const query = `
SELECT concat('events ', source) AS name, count() AS n FROM ${db}.events FINAL GROUP BY source
UNION ALL SELECT 'metric samples' AS name, count() AS n FROM ${db}.metric_samples FINAL
UNION ALL SELECT 'deployments' AS name, count() AS n FROM (SELECT 1 FROM ${db}.deployments GROUP BY repository, environment, deployment_id)
UNION ALL SELECT 'pull requests' AS name, count() AS n FROM (SELECT 1 FROM ${db}.pull_requests GROUP BY repository, pr_number)`;
  const result = await client.query({ query, format: 'JSONEachRow' });
  const rows = await result.json<{ name: string; n: string | number }>();
  const counts: Record<string, number> = { 'metric samples': 0, deployments: 0, 'pull requests': 0 };
  for (const row of rows) counts[row.name] = Number(row.n);
  return { rows: counts, where: `${addressOf(url)} (database ${db})` };
}
