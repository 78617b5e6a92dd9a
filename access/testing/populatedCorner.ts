/**
 * A corner of the real stack filled through the real pipeline, for the access layer's tests and
 * bench: its own topics, groups, PostgreSQL schema, ClickHouse database, Neo4j labels and pgvector
 * tables (chaos/isolation.ts); the webhooks replayed onto the raw topics and the worker run in this
 * process until every store and the actuator took them (webhooks → Kafka → normalize → sinks).
 *
 * The "Shop" DORA history (sinks/clickhouse/dora/testing/shopEvents.ts) has known answers but no
 * webhooks behind it: its events are produced onto the events topic, so they go Kafka → sinks,
 * not through normalize. The organization file written here names Shop (its two repositories and
 * two Jira keys), so `dora_metrics {project: 'Shop'}` has figures to compare with `doraMetrics(shopFacts…)`.
 *
 *     const corner = await populatedCorner({ id: 'access_mcp', webhooks: [...sampleWebhooks()] });
 *     onTestFinished(corner.cleanUp);   // or afterAll
 *     const access = openAccess({ stores: corner.config.stores, limits, organization: corner.organization });
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { createCodec } from '../../avro/codec.ts';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { registerSchemas } from '../../avro/registration.ts';
import { cleanUp } from '../../chaos/cleanup.ts';
import { freePort, isolation } from '../../chaos/isolation.ts';
import { createTopics } from '../../cli/commands/topics.ts';
import { loadConfig, registryClientArgs, type SwitchyardConfig } from '../../config/index.ts';
import { createLogger } from '../../observability/logger.ts';
import { replay } from '../../replay/index.ts';
import { samplesLanded, waitForSamples } from '../../scripts/start/samplesLanded.ts';
import { shopEvents } from '../../sinks/clickhouse/dora/testing/shopEvents.ts';
import { API, WEB } from '../../sinks/clickhouse/dora/testing/shopHistory.ts';
import { parseOrganizationFile, type OrganizationFile } from '../../sinks/organization.ts';
import { STORE_NAMES } from '../../sinks/registry.ts';
import { routesTo } from '../../topology/routing.ts';
import { connectActuatorFor } from '../../worker/actuator.ts';
import { runWorker } from '../../worker/run.ts';
import { SUB_TOPOLOGIES } from '../../worker/selection.ts';

export interface CornerOptions {
  /** The run id: every name of the corner derives from it (lower case, digits, underscores). */
  readonly id: string;
  readonly webhooks: readonly RawWebhook[];
  /** The longest the pipeline may take to land everything (default 180 s). */
  readonly timeoutMs?: number;
  /** Progress lines for long fills (the bench); default silent. */
  readonly onProgress?: (line: string) => void;
}

export interface PopulatedCorner {
  readonly id: string;
  /** The variables that point a process (`switchyard serve`) at this corner, the organization file included. */
  readonly env: Readonly<Record<string, string>>;
  readonly config: SwitchyardConfig;
  readonly organization: OrganizationFile;
  /** Drops the topics, groups and every store's corner. */
  cleanUp(): Promise<void>;
}

/**
 * The organization file of the corner: Shop as cli/commands/dora.stack.test.ts names it, owned by a
 * team whose one member is the samples' GitHub author (Codertocat, with a Slack id and a rate);
 * Payments, which depends on Shop (so Shop slipping puts Payments at risk); and Hello World, the
 * samples' own repository and Jira project (PROJ).
 */
export const SHOP_ORGANIZATION = {
  teams: [{ name: 'Shop Team', members: [{ github: 'Codertocat', slack: 'U0CODERTOCAT', name: 'Coder Tocat', hourlyRate: 120 }], projects: ['SHOP'] }],
  projects: [
    { key: 'SHOP', name: 'Shop', repositories: [API, WEB], jiraKeys: ['SHOP', 'OPS'] },
    { key: 'PAY', name: 'Payments', repositories: [], dependsOn: ['SHOP'] },
    { key: 'HELLO', name: 'Hello World', repositories: ['Codertocat/Hello-World'], jiraKeys: ['PROJ'] },
  ],
};

export async function populatedCorner(options: CornerOptions): Promise<PopulatedCorner> {
  const id = options.id;
  const run = isolation(id, await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), `switchyard-${id}-`));
  const organizationFile = path.join(dir, 'organization.json');
  writeFileSync(organizationFile, JSON.stringify(SHOP_ORGANIZATION));
  const env = { ...run.env, SWITCHYARD_TEAMS_FILE: organizationFile };
  const config = loadConfig({ ...process.env, ...env });
  const kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
  const logFile = path.resolve(`.stack/logs/${id}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createLogger({ level: 'warn', destination: pino.destination({ dest: logFile, append: true, sync: true }) });
  let running: Awaited<ReturnType<typeof runWorker>> | undefined;
  const drop = async () => {
    await running?.stop(15_000).catch(() => {});
    running = undefined;
    await cleanUp(config, kafka, SUB_TOPOLOGIES.map((name) => `${config.worker.applicationId}.${name}`));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await createTopics(config.kafka, config.topics);
    const registry = new SchemaRegistry(registryClientArgs(config.registry));
    await registerSchemas(registry);
    const codec = createCodec(registry);

    const shop = shopEvents();
    if (shop.length > 0) {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        const messages = await Promise.all(shop.map(async (event) => ({ key: event.eventId, value: await codec.encode('eng.events.v1', event) })));
        await producer.send({ topic: config.topics.names.events, acks: -1, messages });
      } finally {
        await producer.disconnect();
      }
    }
    await replay({ kafka, codec, webhooks: options.webhooks, topics: config.topics.names.raw });

    const expected = samplesLanded(options.webhooks, config.channels);
    const stores = Object.fromEntries(STORE_NAMES.map((store) => [store, expected.stores[store] + shop.filter((event) => routesTo(store, event)).length])) as typeof expected.stores;
    running = await runWorker({ config, names: SUB_TOPOLOGIES, log, lagIntervalMs: 5_000, metricsPort: 0, actuator: connectActuatorFor });
    await waitForSamples({ ...expected, stores }, { timeoutMs: options.timeoutMs ?? 180_000, onWait: (left) => options.onProgress?.(`  still landing: ${left}`) });
    await running.stop(15_000);
    running = undefined;
    return { id, env, config, organization: parseOrganizationFile(JSON.stringify(SHOP_ORGANIZATION), organizationFile), cleanUp: drop };
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}
