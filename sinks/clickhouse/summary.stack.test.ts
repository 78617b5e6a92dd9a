import { describe, expect, it } from 'vitest';
import { select, useTestDatabase } from './testing/testDatabase.ts';
import { scenario } from './testing/testScenario.ts';

describe('clickhouse sink: summary', () => {
  const db = useTestDatabase();

  it('counts merged events per source, samples, deployments and pull requests; a replay changes nothing', async () => {
    const events = scenario();
    await db.sink.write(events);
    const once = await db.sink.summary();
    await db.sink.write(events); // unmerged duplicates until a merge: FINAL counts them once
    const { rows, where } = await db.sink.summary();
    expect(rows).toEqual(once.rows);
    const bySource = Object.groupBy(events, (e) => e.source);
    for (const [source, list] of Object.entries(bySource)) expect(rows[`events ${source}`]).toBe(new Set(list!.map((e) => e.eventId)).size);
    expect(rows['metric samples']).toBe(events.filter((e) => e.type === 'metric.sampled').length);
    const deployments = await select<{ n: string }>(db.sink, `SELECT uniqExact(repository, environment, deployment_id) AS n FROM ${db.sink.database}.deployments`);
    expect(rows['deployments']).toBe(Number(deployments[0]!.n));
    expect(rows['deployments']).toBeGreaterThan(0);
    expect(rows['pull requests']).toBe(new Set(events.flatMap((e) => ('pullRequest' in e.payload ? [`${e.repository}#${e.payload.pullRequest.number}`] : 'pullRequestNumber' in e.payload ? [`${e.repository}#${e.payload.pullRequestNumber}`] : []))).size);
    expect(where).toBe(`http://127.0.0.1:8123 (database ${db.sink.database})`);
  });
});
