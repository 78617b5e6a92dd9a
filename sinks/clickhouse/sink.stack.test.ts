/**
 * The sink against the real ClickHouse of the stack: DDL that runs (twice), writes that are
 * idempotent (the same events again leave the same state, merged or not), and errors that say
 * whether to retry.
 */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { writeThroughGuard } from '../testing/throughGuard.ts';
import { ClickHouseSinkError } from './errors.ts';
import { clickhouseQueries } from './queries.ts';
import { quoteString } from './quote.ts';
import { clickhouseSink, type ClickHouseSink } from './sink.ts';
import { localConfig, select, useTestDatabase } from './testing/testDatabase.ts';
import { PROJECT, REPO, scenario, t } from './testing/testScenario.ts';
import { fixtureEvents } from '../../test/support/fixtureEvents.ts';

let clock = 1_000;
const db = useTestDatabase({ now: () => clock++ });

/** Everything a reader could see: merged rows (minus the write version) and every metric. */
async function state(sink: ClickHouseSink) {
  const d = sink.database;
  const q = clickhouseQueries(sink.client, d);
  const project = { repositories: [REPO], jiraKeys: [PROJECT] };
  const march = { from: t('2024-03-01T00:00:00Z'), to: t('2024-04-01T00:00:00Z') };
  return {
    events: await select(sink, `SELECT count() AS rows, uniqExact(event_id) AS ids FROM ${d}.events FINAL`),
    eventRows: await select(sink, `SELECT * FROM ${d}.events FINAL ORDER BY event_id`).then((rows) => rows.map(({ version: _, ...row }) => row)),
    samples: await select(sink, `SELECT event_id, name, label_keys, label_values, toString(value) AS value, ts_ms FROM ${d}.metric_samples FINAL ORDER BY event_id`),
    deployments: await select(sink, `SELECT repository, environment, deployment_id, maxMerge(sha) AS sha, minIfMerge(succeeded_at_ms) AS ok, minIfMerge(failed_at_ms) AS failed FROM ${d}.deployments GROUP BY repository, environment, deployment_id ORDER BY deployment_id`),
    pullRequests: await select(sink, `SELECT pr_number, minIfMerge(opened_at_ms) AS opened, minIfMerge(first_review_at_ms) AS reviewed, uniqExactIfMerge(reviews) AS reviews FROM ${d}.pull_requests GROUP BY repository, pr_number ORDER BY pr_number`),
    incidents: await select(sink, `SELECT fingerprint, starts_at_ms, minIfMerge(resolved_at_ms) AS resolved FROM ${d}.incidents GROUP BY repository, project_key, fingerprint, starts_at_ms ORDER BY fingerprint`),
    metrics: {
      frequency: await q.deploymentFrequency(project, march),
      leadTime: await q.leadTimeForChanges(project, march),
      failureRate: await q.changeFailureRate(project, march),
      restore: await q.timeToRestore(project, march),
      review: await q.prReviewTimeTrend(project, march),
      committers: await q.topCommitters(project, march),
      velocity: await q.sprintVelocity(7, march),
    },
  };
}

describe('clickhouseSink', () => {
  it('init() is idempotent: a second run changes nothing', async () => {
    await db.sink.init();
    const tables = await select<{ name: string; engine: string }>(db.sink, `SELECT name, engine FROM system.tables WHERE database = ${quoteString(db.sink.database)} ORDER BY name`);
    expect(tables.map((table) => `${table.name}:${table.engine}`)).toEqual([
      'deployments:AggregatingMergeTree',
      'events:ReplacingMergeTree',
      'incidents:AggregatingMergeTree',
      'metric_samples:ReplacingMergeTree',
      'mv_deployments_v2:MaterializedView',
      'mv_incidents_v2:MaterializedView',
      'mv_pull_requests_v2:MaterializedView',
      'pull_requests:AggregatingMergeTree',
      'sprint_velocity_v2:View',
    ]);
  });

  it('health() reports the server version', async () => {
    expect(await db.sink.health()).toEqual({ healthy: true, version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it('writes every event once, and the same events again (batched differently) leave the same state', async () => {
    const events = scenario();
    await db.sink.write(events);
    const once = await state(db.sink);
    const ids = new Set(events.map((e) => e.eventId)).size; // b2 is pushed twice with one id
    expect(once.events).toEqual([{ rows: String(ids), ids: String(ids) }]);
    expect(once.samples).toHaveLength(2);
    expect(once.samples[0]).toMatchObject({ name: 'error_ratio', value: 'nan', label_keys: ['instance', 'job'], label_values: ['a:9090', 'checkout'] });

    // A replay keeps each key's order (Kafka does) but not the batching; and a partial one.
    for (let i = 0; i < events.length; i += 7) await db.sink.write(events.slice(i, i + 7));
    await db.sink.write(events.slice(0, 10));
    expect(await state(db.sink)).toEqual(once);

    // And after the merges have happened, without FINAL.
    for (const table of ['events', 'metric_samples', 'deployments', 'pull_requests', 'incidents']) await db.sink.client.command({ query: `OPTIMIZE TABLE ${db.sink.database}.${table} FINAL` });
    expect(await select(db.sink, `SELECT count() AS rows FROM ${db.sink.database}.events`)).toEqual([{ rows: String(ids) }]);
    expect(await state(db.sink)).toEqual(once);
  });

  it('an empty batch is no insert', async () => {
    await expect(db.sink.write([])).resolves.toBeUndefined();
  });

  it('writes the normalized event of every source fixture', async () => {
    const events = fixtureEvents();
    await db.sink.write(events);
    const ids = events.map((e) => e.eventId);
    const [row] = await select<{ n: string }>(db.sink, `SELECT uniqExact(event_id) AS n FROM ${db.sink.database}.events WHERE has([${ids.map(quoteString).join(', ')}], event_id)`);
    expect(Number(row!.n)).toBe(new Set(ids).size);
  });
});

describe('errors', () => {
  it('a server that refuses connections is retriable, and unhealthy', async () => {
    const down = clickhouseSink({ ...localConfig('switchyard'), url: 'http://127.0.0.1:1', requestTimeoutMs: 2_000 });
    const error = await down.write(scenario().slice(0, 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseSinkError);
    expect(error).toMatchObject({ retriable: true, code: 'SWY_CLICKHOUSE' });
    expect(await down.health()).toMatchObject({ healthy: false });
    await down.close();
  });

  it('a database that does not exist is the store’s configuration, never a record’s, with the server code', async () => {
    const missing = clickhouseSink(localConfig(`${db.sink.database}_missing`));
    await expect(missing.write(scenario().slice(0, 2))).rejects.toMatchObject({ classification: 'configuration', serverCode: 81 }); // UNKNOWN_DATABASE
    await missing.close();
  });

  it('through the guard, a row the server rejects is dead-lettered alone: the rest of the batch is written', async () => {
    const [good, other] = scenario();
    // Text in a UInt64 column: the server cannot parse the row, and never will.
    const bad = { ...good!, eventId: 'bad', type: 'deployment.created', payload: { ...(good!.payload as object), deploymentId: 'not a number' } } as unknown as EngEvent;
    const { failures } = await writeThroughGuard(db.sink, [other!, bad]);
    expect(failures.map((f) => f.record.value.eventId)).toEqual(['bad']);
    expect(failures[0]!.error).toMatchObject({ classification: 'permanent' });
    expect(await select(db.sink, `SELECT count() AS n FROM ${db.sink.database}.events FINAL WHERE event_id = ${quoteString(other!.eventId)}`)).toEqual([{ n: '1' }]);
  });
});
