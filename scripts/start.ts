/**
 * `npm start`: Switchyard running on a fresh machine with nothing configured, in one command.
 *
 *   1. the local stack, when the configuration points at it (nothing is started for a
 *      configuration that names real services);
 *   2. the topics and the schemas;
 *   3. the worker: every sub-topology (each store's migrations run as its sink starts);
 *   4. the bundled sample webhooks, replayed once, waited for until every store and the
 *      actuator have taken them: on the local stack unless `--no-samples` (or
 *      SWITCHYARD_SAMPLES=false); against real services only with `--samples` (or
 *      SWITCHYARD_SAMPLES=true), since they would land in real stores and reach a live Jira;
 *   5. a summary of what each store holds; the access layer and the dashboard; the webhook
 *      ingress (ingress/: GitHub, Jira, Notion and Alertmanager can be pointed at it); where to
 *      look; then everything keeps running until Ctrl-C (graceful; a second Ctrl-C forces).
 *
 * The worker's JSON logs go to .stack/logs/worker.log, so this terminal stays readable.
 */
import '../config/loadEnvFirst.ts';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import kafkajs from 'kafkajs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { createCodec } from '../avro/codec.ts';
import { registerSchemas } from '../avro/registration.ts';
import { createTopics } from '../cli/commands/topics.ts';
import { table } from '../cli/table.ts';
import { loadConfig, registryClientArgs, usesLocalStack, type SwitchyardConfig } from '../config/index.ts';
import { createLogger } from '../observability/logger.ts';
import { replay, sampleWebhooks } from '../replay/index.ts';
import { allHealthy, formatStatus, stackUp } from './stack/provider.ts';
import { connectActuatorFor } from '../worker/actuator.ts';
import { installProcessGuards } from '../worker/processGuards.ts';
import { runWorker, type RunningWorker } from '../worker/run.ts';
import { SUB_TOPOLOGIES } from '../worker/selection.ts';
import { exitOnSignals } from '../worker/signals.ts';
import { samplesLanded, waitForSamples } from './start/samplesLanded.ts';
import { storeSummary } from './start/summary.ts';
import { RAW_TOOLS } from '../access/rawTools.ts';
import type { Access } from '../access/service.ts';
import type { Readiness } from '../observability/readiness.ts';
import { warnIfOpen } from '../cli/commands/serve.ts';
import { openServedAccess } from '../serve/open.ts';
import { startServe, type RunningServe } from '../serve/server.ts';
import { accessInstructions } from './start/accessInstructions.ts';
import { startIngress, type StartedIngress } from '../ingress/open.ts';
import { ingressInstructions } from './start/ingressInstructions.ts';
import { RECEIVERS } from '../ingress/receivers.ts';
import { handshakeText } from '../ingress/handshakes.ts';

/** The channel npm start's dry-run Slack messages name when nothing about Slack is configured. */
const DRY_RUN_CHANNEL = '#switchyard-dry-run';
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const step = (text: string) => console.log(`\n▸ ${text}`);
let running: RunningWorker | undefined;
let access: Access | undefined;
let serving: RunningServe | undefined;
let ingress: StartedIngress | undefined;
/** Says what failed and exits 1; a worker already running is stopped first (flush, commit). */
const fail = async (error: unknown): Promise<never> => {
  console.error(`\nstart: ${error instanceof Error ? error.message : String(error)}`);
  await running?.stop(5_000).catch(() => {});
  process.exit(1);
};
/** Whether to replay the samples: a flag wins, then SWITCHYARD_SAMPLES, then "only on the local stack". */
function samplesWanted(localStack: boolean): boolean {
  if (process.argv.includes('--no-samples')) return false;
  if (process.argv.includes('--samples')) return true;
  const setting = process.env.SWITCHYARD_SAMPLES;
  if (setting === undefined || setting === '') return localStack;
  if (setting === 'true' || setting === 'false') return setting === 'true';
  throw new Error(`SWITCHYARD_SAMPLES must be true or false, got "${setting}"`);
}

// The guide's second upstream example (a blocked High issue → a Slack message) needs a channel. With
// no Slack configuration at all the actuator only logs what it would post, so npm start names a
// stand-in channel rather than derive nothing; a configured channel or Slack credential wins.
const slackUnconfigured = ['SLACK_CHANNELS', 'SLACK_DEFAULT_CHANNEL', 'SLACK_BOT_TOKEN', 'SLACK_WEBHOOK_URL'].every((name) => !process.env[name]);
if (slackUnconfigured) process.env.SLACK_DEFAULT_CHANNEL = DRY_RUN_CHANNEL;

// The samples' organization (Codertocat's team owning the Hello World project: the samples'
// repository and Jira project) when none is configured and everything runs on the local stack, so
// the project questions (DORA, owners, velocity) have a project to answer for. Never for real services.
const SAMPLE_ORGANIZATION = path.resolve(import.meta.dirname, 'start/sampleOrganization.json');
let sampleOrganization = false;

// Every setting is checked before anything starts.
const { config, withSamples } = ((): { config: SwitchyardConfig; withSamples: boolean } => {
  try {
    let loaded = loadConfig();
    if (usesLocalStack(loaded) && !process.env.SWITCHYARD_TEAMS_FILE) {
      process.env.SWITCHYARD_TEAMS_FILE = SAMPLE_ORGANIZATION;
      sampleOrganization = true;
      loaded = loadConfig();
    }
    return { config: loaded, withSamples: samplesWanted(usesLocalStack(loaded)) };
  } catch (error) {
    console.error(`\nstart: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
})();

if (usesLocalStack(config)) {
  step(`Local stack (${config.localServices.join(', ')} on this machine)`);
  const states = await stackUp().catch(fail);
  console.log(formatStatus(states));
  if (!allHealthy(states)) await fail('a service of the local stack is not healthy (logs in .stack/logs/)');
} else {
  step('Configuration names real services: starting nothing locally');
}

if (sampleOrganization) console.log(`  No organization file (SWITCHYARD_TEAMS_FILE): using the samples' own, ${path.relative(process.cwd(), SAMPLE_ORGANIZATION)} (the Hello World project)`);
if (slackUnconfigured) console.log(`  Slack is not configured: derived messages name ${DRY_RUN_CHANNEL} and are only logged (dry-run)`);

step('Topics');
const topics = await createTopics(config.kafka, config.topics).catch(fail);
console.log(`  ${topics.filter((t) => t.status === 'created').length} created, ${topics.filter((t) => t.status === 'exists').length} already there`);

step('Schemas');
const registered = await registerSchemas(new SchemaRegistry(registryClientArgs(config.registry))).catch(fail);
console.log(`  ${registered.filter((r) => r.changed).length} registered, ${registered.filter((r) => !r.changed).length} unchanged (BACKWARD compatibility)`);

step('Worker: every sub-topology; each store migrates as its sink starts');
const logFile = path.resolve('.stack/logs/worker.log');
mkdirSync(path.dirname(logFile), { recursive: true });
const log = createLogger({ level: config.worker.logLevel, destination: pino.destination({ dest: logFile, append: true, sync: true }) });
// One record or one connection never takes the process down: see worker/processGuards.ts.
installProcessGuards({ log });
// The worker's /readyz includes the access layer served below, in this process.
const accessReady = async (): Promise<readonly Readiness[]> => [
  ...(serving === undefined || access === undefined ? [{ name: 'access', ready: false, reason: 'starting' }] : [{ name: 'access', ready: true, reason: serving.url }, ...(await access.readiness())]),
  ...(ingress === undefined ? [{ name: 'ingress', ready: false, reason: 'starting' }] : await ingress.readiness()),
];
running = await runWorker({ config, names: SUB_TOPOLOGIES, log, actuator: connectActuatorFor, ready: accessReady }).catch(fail);
const worker = running;
exitOnSignals({
  // Side by side: the ingress answering what is in flight must not eat the worker's time to flush and commit.
  stop: async (timeoutMs) => {
    await Promise.all([
      ingress?.close().catch(() => {}),
      (async () => {
        await serving?.close().catch(() => {});
        await access?.close().catch(() => {});
      })(),
      worker.stop(timeoutMs),
    ]);
  },
  timeoutMs: config.worker.shutdownTimeoutMs,
  log: { info: (m) => console.log(`\n${m}`), warn: (m) => console.warn(m), error: (m) => console.error(m) },
});
await waitForRunning(worker).catch(fail);
console.log(`  running: ${SUB_TOPOLOGIES.join(', ')}`);

if (withSamples) {
  step('Sample webhooks (skip with --no-samples)');
  const webhooks = sampleWebhooks();
  const kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
  const codec = createCodec(new SchemaRegistry(registryClientArgs(config.registry)));
  const sent = await replay({ kafka, codec, webhooks, topics: config.topics.names.raw }).catch(fail);
  console.log(`  ${sent.sent} webhooks produced to ${Object.keys(sent.byTopic).join(', ')}`);
  const expected = samplesLanded(webhooks, config.channels);
  await waitForSamples(expected, { timeoutMs: 120_000, onWait: (left) => console.log(`  waiting for ${left}`) }).catch(fail);
  console.log(`  every store and the actuator took them (${seconds()} since start)`);
}

step('What the stores hold');
console.log(await storeSummary(config));

step('Access layer: the question catalogue over HTTP and MCP');
const served = await openServedAccess({ settings: config.access, stores: config.stores, rawTools: RAW_TOOLS, warn: (store, message) => log.warn({ store }, message) }).catch(fail);
access = served.access;
warnIfOpen(config.access, log);
serving = await startServe({ access: served.access, settings: config.access, logger: log, pipeline: () => worker.pipeline() }).catch(fail);
console.log(accessInstructions({ url: serving.url, questions: served.access.catalogue.map((q) => q.name), tokens: config.access.tokens.length > 0, cwd: process.cwd(), organization: served.organization, ...(sampleOrganization ? { doraPeriod: 'period.month=2019-05' } : {}) }));
step('Webhook ingress: POST /webhooks/<sender>, verified, onto the raw topics');
ingress = await startIngress({ settings: config.ingress, config, logger: log, onHandshake: (receiver, token) => console.log(`\n  ${handshakeText(receiver, token)}`) }).catch(fail);
console.log(ingressInstructions({ url: ingress.url, settings: config.ingress }));
const metrics = worker.server.url;
console.log(`
Switchyard is running (${seconds()} to get here). Where to look:
  dashboard   ${serving.url}/   (DORA, flow, contributors, dependencies; the pipeline live at ${serving.url}/pipeline)
  metrics     ${metrics}/metrics   (lag, records in/out per node, batch sizes, write latency, breakers, DLQ)
  health      ${metrics}/healthz  ${metrics}/readyz
  questions   ${serving.url}/v1/questions   (HTTP JSON; ${serving.url}/openapi.json; MCP at ${serving.url}/mcp)
  webhooks    ${ingress.url}/webhooks/{${RECEIVERS.map((r) => r.route).join(',')}}   (ingress/README.md: secrets, the providers' settings)
  worker log  ${path.relative(process.cwd(), logFile)}   (JSON lines; the actuator's dry-run requests are there)
  topology    npx switchyard describe
Ctrl-C stops the ingress, the access layer and the worker gracefully; the stack keeps running (npm run stack -- down stops it).`);

/** Resolves when every sub-topology runs; a stack that is up but broken shows here, not later. */
async function waitForRunning(worker: RunningWorker, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = worker.worker.status();
    if (status.every((s) => s.state === 'running')) return;
    if (Date.now() > deadline) {
      const waiting = status.filter((s) => s.state !== 'running');
      throw new Error(`not running after ${timeoutMs / 1000} s: ${table(['SUB-TOPOLOGY', 'STATE', 'LAST ERROR'], waiting.map((s) => [s.name, s.state, s.lastError ?? '']))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
