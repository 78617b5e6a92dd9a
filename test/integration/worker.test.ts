/**
 * `switchyard worker` as a user runs it: a child process on the real stack, in a corner of its
 * own (chaos/isolation.ts), fed the bundled samples and synthetic webhooks. Every store holds
 * every event exactly once, /metrics shows lag, throughput and breaker state, /readyz says
 * ready, and SIGTERM ends it cleanly with exit 0.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCodec } from '../../avro/codec.ts';
import type { EngEvent } from '../../avro/generated/types.ts';
import { auditEverything } from '../../chaos/audits.ts';
import { cleanUp } from '../../chaos/cleanup.ts';
import { switchyardGroups, waitUntilDrained } from '../../chaos/drained.ts';
import { freePort, isolation } from '../../chaos/isolation.ts';
import { poisonWebhook } from '../../chaos/poison.ts';
import { startWorkerProcess, waitUntilReady } from '../../chaos/workerProcess.ts';
import { createTopics } from '../../cli/commands/topics.ts';
import { loadConfig, registryClientArgs } from '../../config/index.ts';
import { expectedEvents, replay, sampleWebhooks, syntheticWebhooks } from '../../replay/index.ts';
import { fixtureWebhooks } from '../support/fixtureWebhooks.ts';
import { uniqueName } from '../support/names.ts';

const NODE = process.execPath;

const CLI = path.resolve('cli/switchyard.ts');

describe('switchyard worker', () => {
  it('runs every sub-topology into every store exactly once, serves metrics and health, and stops cleanly on SIGTERM', { timeout: 240_000 }, async () => {
    const id = uniqueName('worker').replace(/[^a-z0-9_]/g, '_');
    const port = await freePort();
    const run = isolation(id, port);
    const config = loadConfig({ ...process.env, ...run.env });
    const kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
    const groups = switchyardGroups(config);
    onTestFinished(async () => void (await cleanUp(config, kafka, groups.map((g) => g.groupId))));
    await createTopics(config.kafka, config.topics);
    const codec = createCodec(new SchemaRegistry(registryClientArgs(config.registry)));

    const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'switchyard-worker-')), 'worker.log');
    const worker = startWorkerProcess(run.env, logFile);
    onTestFinished(() => worker.kill('SIGKILL'));
    await waitUntilReady(port, worker);

    // Every fixture of every source too: each kind a source reads reaches every store that keeps it.
    const webhooks = [...sampleWebhooks(), ...(await fixtureWebhooks()), ...syntheticWebhooks({ count: 400, seed: 7 }), poisonWebhook(0, Date.now())];
    const events = new Map<string, EngEvent>();
    for (const webhook of webhooks.slice(0, -1)) for (const event of expectedEvents(webhook)) events.set(event.eventId, event);
    await replay({ kafka, codec, webhooks, topics: config.topics.names.raw });

    const admin = kafka.admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    await waitUntilDrained(
      admin,
      groups,
      { timeoutMs: 120_000, onProgress: () => {} },
    );

    // A scrape while it runs: lag per partition, what each sink wrote, every breaker closed.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`switchyard_consumer_lag\\{group="${id}\\.sink:clickhouse",topic="${id}\\.eng\\.events\\.v1",partition="0"\\} \\d+`));
    const written = [...metrics.matchAll(/switchyard_sink_write_records_total\{sub_topology="(sink:\w+)",node="[^"]+",outcome="ok"\} (\d+)/g)];
    expect(new Set(written.map((m) => m[1]))).toEqual(new Set(['sink:postgres', 'sink:clickhouse', 'sink:pinecone', 'sink:neo4j']));
    expect(metrics).toMatch(/switchyard_breaker_state\{sub_topology="sink:postgres",node="sink:postgres"\} 0/);
    expect(metrics).toMatch(/switchyard_dead_lettered_total\{stage="normalize",error_class="InvalidPayloadError"\} 1/);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);

    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    const results = await auditEverything({ config, kafka, codec, events: [...events.values()], poisonIds: ['chaos-poison-0'] }, { settleMs: 20_000, log: () => {} });
    for (const result of results) expect(result, `${result.store}: ${result.details.join('; ')}`).toMatchObject({ ok: true, missing: 0, duplicated: 0 });
  });

  it('refuses a bad configuration before connecting to anything, naming every bad variable', () => {
    const result = spawnSync(NODE, ['--disable-warning=TimeoutNegativeWarning', CLI, 'worker'], {
      env: { ...process.env, KAFKA_BROKERS: 'not a broker', METRICS_PORT: '99999', SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_RECORDS: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('KAFKA_BROKERS');
    expect(result.stderr).toContain('METRICS_PORT: must be a whole number from 1 to 65535');
    expect(result.stderr).toContain('SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_RECORDS');
  });

  it('refuses to start while its topics are missing, naming them and the command that makes them', async () => {
    const id = uniqueName('notopics').replace(/[^a-z0-9_]/g, '_');
    const run = isolation(id, await freePort());
    const config = loadConfig({ ...process.env, ...run.env });
    const result = spawnSync(NODE, ['--disable-warning=TimeoutNegativeWarning', CLI, 'worker', '--only', 'sink:clickhouse'], {
      env: { ...process.env, ...run.env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`topics missing on ${String(config.kafka.brokers)}: ${id}.github-events, ${id}.jira-events`);
    expect(result.stderr).toContain('create them with `npx switchyard topics create`');
    // Nothing was auto-created by asking.
    const admin = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    expect((await admin.listTopics()).filter((t) => t.startsWith(id))).toEqual([]);
  });

  it('refuses an unknown --only sub-topology, listing the valid ones', () => {
    const result = spawnSync(NODE, ['--disable-warning=TimeoutNegativeWarning', CLI, 'worker', '--only', 'sink:mongo'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--only: unknown sub-topology "sink:mongo"; valid: normalize, sink:postgres');
  });
});
