/**
 * The pipeline page in real headless Chromium, over a real worker (normalize and the ClickHouse
 * sink, in this process, on a corner of its own) whose ClickHouse address is a TCP relay to the
 * stack's ClickHouse: closing the relay is ClickHouse stopping, as this worker sees it, without
 * stopping the server every other test uses. The page must show the sink's breaker open while
 * ClickHouse is gone, and closed again once it is back, from the worker's own metrics.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import AxeBuilder from '@axe-core/playwright';
import kafkajs from 'kafkajs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodec } from '../avro/codec.ts';
import { registerSchemas } from '../avro/registration.ts';
import { cleanUp } from '../chaos/cleanup.ts';
import { freePort, isolation } from '../chaos/isolation.ts';
import { createTopics } from '../cli/commands/topics.ts';
import { localStack } from '../config/endpoints.ts';
import { loadConfig, registryClientArgs, type SwitchyardConfig } from '../config/index.ts';
import { replay, sampleWebhooks } from '../replay/index.ts';
import { startServe, type RunningServe } from '../serve/server.ts';
import { testAccess, testSettings } from '../serve/testing/testQuestions.ts';
import { launchChromium, screenshot, watchedPage } from '../test/support/browser.ts';
import { runWorker, type RunningWorker } from '../worker/run.ts';
import type { SubTopologyName } from '../worker/selection.ts';

const NAMES: readonly SubTopologyName[] = ['normalize', 'sink:clickhouse'];
const ROW = 'tr[data-sub-topology="sink:clickhouse"]';

/** A TCP relay to the stack's ClickHouse that can be cut (every connection ended, new ones refused) and opened again. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  readonly port: number;
  constructor(port: number) {
    this.port = port;
  }

  /** Listens again; a relay already open stays as it is. */
  async open(): Promise<void> {
    if (this.server !== undefined) return;
    const target = new URL(localStack.clickhouse.url);
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', resolve);
    });
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.server = undefined;
  }
}

let config: SwitchyardConfig;
let kafka: kafkajs.Kafka;
let relay: Relay;
let worker: RunningWorker;
let server: RunningServe;
let browser: Browser;

beforeAll(async () => {
  const run = isolation(`dashboard_pipeline_${Date.now().toString(36)}`, await freePort());
  relay = new Relay(await freePort());
  await relay.open();
  config = loadConfig({
    ...process.env,
    ...run.env,
    CLICKHOUSE_URL: `http://127.0.0.1:${relay.port}`,
    // One write at a time, retried quickly: the breaker decides within seconds of ClickHouse going.
    SWITCHYARD_SINK_CLICKHOUSE_BATCH_MAX_WAIT_MS: '100',
    SWITCHYARD_SINK_CLICKHOUSE_RETRY_INITIAL_DELAY_MS: '100',
    SWITCHYARD_SINK_CLICKHOUSE_BREAKER_RESET_MS: '2000',
  });
  kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
  await createTopics(config.kafka, config.topics);
  await registerSchemas(new SchemaRegistry(registryClientArgs(config.registry)));
  worker = await runWorker({ config, names: NAMES, log: pino({ level: 'silent' }), lagIntervalMs: 500, metricsPort: 0 });
  server = await startServe({ access: testAccess(), settings: testSettings(), logger: pino({ level: 'silent' }), port: 0, pipeline: () => worker.pipeline() });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  // A test that failed with ClickHouse cut: back, so the worker can flush and stop.
  await relay?.open().catch(() => {});
  await worker?.stop(15_000);
  await cleanUp(config, kafka, NAMES.map((name) => `${config.worker.applicationId}.${name}`));
  await relay?.cut();
}, 120_000);

/** Replays the samples with fresh delivery ids, so ClickHouse has new rows to write. */
async function sendSamples(): Promise<void> {
  const codec = createCodec(new SchemaRegistry(registryClientArgs(config.registry)));
  const webhooks = sampleWebhooks().map((w, i) => ({ ...w, deliveryId: `${w.deliveryId}-${Date.now().toString(36)}-${i}` }));
  await replay({ kafka, codec, webhooks, topics: config.topics.names.raw });
}

describe('the pipeline page in Chromium', () => {
  it('shows each sub-topology live, draws the topology, and shows the breaker open while ClickHouse is gone', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/pipeline`);
    await sendSamples();
    // Records reached ClickHouse: its row shows them written, and the breaker closed.
    await page.waitForFunction((row) => Number(document.querySelector<HTMLElement>(row)?.dataset.recordsOut ?? 0) > 0, ROW, { timeout: 60_000 });
    expect(await page.getAttribute(ROW, 'data-breakers')).toBe('closed');
    await page.waitForSelector('#topology[data-state="ready"] svg', { timeout: 30_000 });
    expect(await page.textContent(`${ROW} td:nth-child(2)`)).toBe('running');
    expect(await page.locator('#sub-topologies-body tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.subTopology))).toEqual(['normalize', 'sink:clickhouse']);
    // The diagram is the worker's topology: each sub-topology drawn.
    const diagram = (await page.textContent('#topology .diagram')) ?? '';
    for (const name of NAMES) expect(diagram).toContain(name);
    await screenshot(page, 'pipeline');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

    await relay.cut();
    await sendSamples();
    await page.waitForSelector(`${ROW}[data-breakers="open"]`, { timeout: 60_000 });
    expect(await page.textContent(`${ROW} td:nth-child(6)`)).toContain('open');
    // While it is open nothing reaches ClickHouse, and the page says so: nothing written since, 0.0 out a second.
    const written = await page.getAttribute(ROW, 'data-records-out');
    await page.waitForFunction((row) => document.querySelector(`${row} td:nth-child(5)`)?.textContent === '0.0', ROW, { timeout: 30_000 });
    expect(await page.getAttribute(ROW, 'data-records-out')).toBe(written);
    await screenshot(page, 'pipeline-breaker-open');

    await relay.open();
    await page.waitForSelector(`${ROW}[data-breakers="closed"]`, { timeout: 60_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
