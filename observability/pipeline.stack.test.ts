/**
 * The pipeline snapshot of a real worker (`runWorker`, normalize and the ClickHouse sink) on its
 * own corner of the stack (chaos/isolation.ts): its `/pipeline` shows both sub-topologies
 * running, lag measured, what normalize consumed and what reached ClickHouse; and the access
 * layer's `/v1/pipeline` relays the same from SWITCHYARD_SERVE_WORKER_URL.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { registerSchemas } from '../avro/registration.ts';
import { createCodec } from '../avro/codec.ts';
import { cleanUp } from '../chaos/cleanup.ts';
import { freePort, isolation } from '../chaos/isolation.ts';
import { createTopics } from '../cli/commands/topics.ts';
import { loadConfig, registryClientArgs } from '../config/index.ts';
import { replay, sampleWebhooks } from '../replay/index.ts';
import { createServeApp } from '../serve/app.ts';
import { testAccess, testSettings } from '../serve/testing/testQuestions.ts';
import { waitFor } from '../test/support/kafka.ts';
import { runWorker } from '../worker/run.ts';
import type { SubTopologyName } from '../worker/selection.ts';
import type { PipelineSnapshot } from './pipelineSnapshot.ts';

const NAMES: readonly SubTopologyName[] = ['normalize', 'sink:clickhouse'];

describe('the pipeline snapshot of a running worker', () => {
  it('shows its sub-topologies running, their lag and records, on /pipeline and relayed on /v1/pipeline', async () => {
    const run = isolation(`pipeline_${Date.now().toString(36)}`, await freePort());
    const config = loadConfig({ ...process.env, ...run.env });
    const kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
    onTestFinished(async () => void (await cleanUp(config, kafka, NAMES.map((name) => `${config.worker.applicationId}.${name}`))));
    await createTopics(config.kafka, config.topics);
    const registry = new SchemaRegistry(registryClientArgs(config.registry));
    await registerSchemas(registry);
    const webhooks = sampleWebhooks();
    await replay({ kafka, codec: createCodec(registry), webhooks, topics: config.topics.names.raw });

    const running = await runWorker({ config, names: NAMES, log: pino({ level: 'silent' }), lagIntervalMs: 200, metricsPort: 0 });
    onTestFinished(() => running.stop(15_000));
    const get = async () => (await (await fetch(`${running.server.url}/pipeline`)).json()) as PipelineSnapshot;

    let snapshot: PipelineSnapshot | undefined;
    const normalize = () => snapshot?.subTopologies.find((s) => s.name === 'normalize');
    const clickhouse = () => snapshot?.subTopologies.find((s) => s.name === 'sink:clickhouse');
    await waitFor(
      async () => {
        snapshot = await get();
        // Lag is measured for both groups (a caught-up reader of the transactional events topic shows 1 per partition, its commit marker).
        return normalize()?.recordsIn === webhooks.length && typeof normalize()?.lag === 'number' && typeof clickhouse()?.lag === 'number' && (clickhouse()?.recordsOut ?? 0) > 0;
      },
      60_000,
      () => `normalize to consume all ${webhooks.length} samples, ClickHouse to write, both lags measured; last: ${JSON.stringify(snapshot?.subTopologies)}`,
    );
    expect(snapshot!.subTopologies.map((s) => [s.name, s.state, s.group])).toEqual([
      ['normalize', 'running', `${run.id}.normalize`],
      ['sink:clickhouse', 'running', `${run.id}.sink:clickhouse`],
    ]);
    expect(clickhouse()!.breakers).toEqual([{ node: 'sink:clickhouse', state: 'closed' }]);
    expect(snapshot!.topology.mermaid).toContain('subgraph st__sink_clickhouse');

    const app = createServeApp({ access: testAccess(), settings: testSettings({ workerUrl: running.server.url }), logger: pino({ level: 'silent' }) });
    const relayed = await app.request('http://127.0.0.1:8790/v1/pipeline');
    expect(relayed.status).toBe(200);
    const body = (await relayed.json()) as PipelineSnapshot;
    expect(body.subTopologies.map((s) => [s.name, s.state, s.recordsIn])).toEqual(snapshot!.subTopologies.map((s) => [s.name, s.state, s.recordsIn]));
  }, 120_000);
});
