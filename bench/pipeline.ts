/**
 * `npm run bench`: Switchyard's whole pipeline on the local stack — synthetic webhooks through
 * `normalize` (exactly-once) into all four stores and the actuator, in one process — beside a
 * bare kafkajs consumer of the same records.
 *
 * Isolated: its own topics (prefix `bench_<id>.`), consumer groups and transactional id,
 * PostgreSQL schema (also the actuator's ledger), ClickHouse database, Neo4j labels (prefix
 * `Bench_<id>_`: Community has one database, so the graph is shared but the labels are not) and
 * pgvector tables; all dropped at the end, and on Ctrl-C. The actuator runs dry-run (it logs what
 * it would send, to the log file, never to Jira or Slack), with SLACK_DEFAULT_CHANNEL `#bench`
 * unless one is set, so notifications are sent too.
 *
 * What each figure means:
 *
 * - `produceSeconds`, `producePerSec`: BENCH_EVENTS synthetic webhooks (default 20,000; a
 *   realistic mix per source, replay/synthetic.ts; BENCH_SEED, default 1) replayed onto the raw
 *   topics before anything consumes them: wall time to the last batch's acknowledgement (acks=-1).
 * - `startupSeconds`: `runWorker` called → the first raw record counted into normalize;
 *   `readySeconds`: `runWorker` called → every sub-topology running (each store migrated in its
 *   fresh schema or database, its consumer subscribed). The sinks' start-up overlaps `seconds`.
 * - `seconds`: that first raw record → every store's sink has written (outcome ok) every event
 *   the webhooks route to it, and the actuator has acted on (dry-run) every command and
 *   notification they derive (read from the in-process metrics every 250 ms).
 *   `webhooksPerSec` = BENCH_EVENTS ÷ seconds; `eventsPerSec` = the distinct normalized events
 *   they make ÷ seconds.
 * - `<store>Events`, `<store>PerSec`: events that store's sink wrote, per second from the start
 *   of its first write to the end of its last (its own busy window, not the whole run).
 * - `kafkajsPerSec`: a bare kafkajs consumer (fresh group, eachBatch that only counts) reading
 *   the same raw records, from its first batch to the last (bench/bareConsume.ts), run before
 *   the worker starts. `throughputRatio` = webhooksPerSec ÷ kafkajsPerSec.
 * - Latency: with the worker still running, BENCH_LATENCY_EVENTS more webhooks (default 2,000;
 *   the same seed continued, so every id is new) at BENCH_LATENCY_RATE per second (default 200).
 *   Per event per store: the time its sink's write resolved − the time the broker acknowledged
 *   its raw webhook. `latencyP50Ms`/`latencyP99Ms` pool every (event, store) pair;
 *   `<store>P50Ms`/`<store>P99Ms` per store. Expect about a second, not milliseconds: normalize
 *   is exactly-once, so its events reach the sinks (read_committed) only when its transaction
 *   commits, every COMMIT_INTERVAL_MS (1 s by default), and each sink's batch may wait
 *   up to its batchMaxWaitMs (sinks/settings.ts) on top.
 * - `rssStartMb`, `rssPeakMb`: this process's resident set, sampled every 100 ms over the whole
 *   run: the producer, the bare consumer and the worker (all sub-topologies) share it.
 * - `scrape…`: one GET of the worker's /metrics during the throughput phase (printed in part):
 *   consumer-lag series and the largest lag, breaker series and how many were not closed.
 *
 * Prints progress, then one JSON line of figures. BENCH_TIMEOUT_S (default 300) bounds each wait.
 */
import '../config/loadEnvFirst.ts';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import kafkajs from 'kafkajs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createCodec } from '../avro/codec.ts';
import { registerSchemas } from '../avro/registration.ts';
import { cleanUp } from '../chaos/cleanup.ts';
import { freePort, isolation } from '../chaos/isolation.ts';
import { createTopics } from '../cli/commands/topics.ts';
import { loadConfig, registryClientArgs } from '../config/index.ts';
import { recordsIn } from '../metrics/topology.ts';
import { createLogger } from '../observability/logger.ts';
import { syntheticWebhooks } from '../replay/index.ts';
import { replay } from '../replay/index.ts';
import { samplesLanded, waitForSamples, type ExpectedLanding } from '../scripts/start/samplesLanded.ts';
import { STORE_NAMES as STORES, type Store } from '../sinks/registry.ts';
import { connectActuatorFor } from '../worker/actuator.ts';
import { runWorker, type RunningWorker } from '../worker/run.ts';
import { SUB_TOPOLOGIES } from '../worker/selection.ts';
import { exitOnSignals } from '../worker/signals.ts';
import { bareConsume } from './bareConsume.ts';
import { ackedReplay } from './pipeline/ackedReplay.ts';
import { percentile } from './pipeline/percentile.ts';
import { whole } from './pipeline/whole.ts';
import { scrapeMetrics, type Scrape } from './pipeline/scrape.ts';
import { SinkTimings } from './pipeline/timedSink.ts';

const N = whole('BENCH_EVENTS', 20_000, 1);
const SEED = whole('BENCH_SEED', 1, 0);
const LATENCY_N = whole('BENCH_LATENCY_EVENTS', 2_000, 1);
const LATENCY_RATE = whole('BENCH_LATENCY_RATE', 200, 1);
const TIMEOUT_MS = whole('BENCH_TIMEOUT_S', 300, 10) * 1000;

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const since = (t: number) => (performance.now() - t) / 1000;
const store = (s: Store) => (s === 'pinecone' ? 'vectors' : s);

// ── Isolation: every name from one run id.
const id = `bench_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`;
const run = isolation(id, await freePort());
// In process.env, so the actuator (connected from the environment, as the worker does) sees them too.
Object.assign(process.env, { SLACK_DEFAULT_CHANNEL: process.env.SLACK_DEFAULT_CHANNEL ?? '#bench' }, run.env);
const config = loadConfig();
const kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
const codec = createCodec(new SchemaRegistry(registryClientArgs(config.registry)));
const logFile = path.resolve('.stack/logs/bench-pipeline.log');
mkdirSync(path.dirname(logFile), { recursive: true });
const log = createLogger({ level: 'warn', destination: pino.destination({ dest: logFile, append: true, sync: true }) });

const rssStart = process.memoryUsage().rss;
let rssPeak = rssStart;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
sampler.unref();

let running: RunningWorker | undefined;
let cleaned: Promise<void> | undefined;
/** Stops the worker and drops everything the run made; once, whoever calls first. */
function finish(): Promise<void> {
  cleaned ??= (async () => {
    await running?.stop(15_000).catch((error: unknown) => console.error(`stopping the worker: ${String(error)}`));
    const groups = [...(running?.worker.groups.map((g) => g.groupId) ?? []), `${id}.bare`];
    const problems = await cleanUp(config, kafka, groups);
    console.log(problems.length === 0 ? `  cleaned up: topics ${id}.*, groups, schema and database ${id}, Neo4j labels ${run.env.NEO4J_LABEL_PREFIX}*, pgvector tables ${run.env.PGVECTOR_TABLE_PREFIX}*` : `  clean-up left something behind: ${problems.join('; ')}`);
  })();
  return cleaned;
}
exitOnSignals({
  stop: () => finish(),
  timeoutMs: 30_000,
  log: { info: (m) => console.log(`\n${m}`), warn: (m) => console.warn(m), error: (m) => console.error(m) },
  exit: (code) => process.exit(code === 0 ? 130 : code),
});
const fail = async (error: unknown): Promise<never> => {
  console.error(`\nbench failed: ${error instanceof Error ? error.message : String(error)} (worker log: ${path.relative(process.cwd(), logFile)}; the stack: npm run stack -- status)`);
  await finish();
  process.exit(1);
};

console.log(`pipeline bench: ${fmt(N)} synthetic webhooks (seed ${SEED}), then ${fmt(LATENCY_N)} at ${LATENCY_RATE}/s for latency; run ${id}, ${config.topics.partitions} partitions per topic; worker log ${path.relative(process.cwd(), logFile)}`);
try {
  await createTopics(config.kafka, config.topics);
  await registerSchemas(new SchemaRegistry(registryClientArgs(config.registry)));
} catch (error) {
  await fail(error);
}

// ── 1. Produce the backlog, untouched by any consumer yet.
const produceStarted = performance.now();
let lastSaid = 0;
const produced = await replay({
  kafka,
  codec,
  webhooks: syntheticWebhooks({ count: N, seed: SEED }),
  topics: config.topics.names.raw,
  onProgress: ({ sent }) => {
    if (sent - lastSaid < N / 10 && sent < N) return;
    lastSaid = sent;
    process.stdout.write(`\r  producing: ${fmt(sent)} / ${fmt(N)}`);
  },
}).catch(fail);
const produceSeconds = since(produceStarted);
console.log(`\r  produced ${fmt(produced.sent)} webhooks in ${produceSeconds.toFixed(1)} s (${fmt(produced.sent / produceSeconds)}/s): ${Object.entries(produced.byTopic).map(([t, n]) => `${t.slice(id.length + 1)} ${fmt(n)}`).join(', ')}`);
const expected = samplesLanded(syntheticWebhooks({ count: N, seed: SEED }), config.channels);
console.log(`  they normalize to ${fmt(expected.events)} events: ${STORES.map((s) => `${store(s)} ${fmt(expected.stores[s])}`).join(', ')}; actuator ${fmt(expected.actions)} commands and notifications`);

// ── 2. The client's ceiling on the same records.
const bare = await bareConsume(kafka, Object.values(config.topics.names.raw), produced.sent, `${id}.bare`).catch(fail);
console.log(`  bare kafkajs eachBatch: ${fmt(bare.records)} raw records in ${bare.seconds.toFixed(2)} s = ${fmt(bare.perSec)} records/s`);

// ── 3. The worker through the backlog.
const timings = new SinkTimings();
const startCalled = performance.now();
running = await runWorker({
  config,
  names: SUB_TOPOLOGIES,
  log,
  lagIntervalMs: 1_000,
  wrapSink: (sink) => timings.wrap(sink),
  actuator: connectActuatorFor,
}).catch(fail);
const worker = running;
console.log(`  worker running (${SUB_TOPOLOGIES.join(', ')}); metrics on ${worker.server.url}/metrics`);

// When every sub-topology runs: its store migrated, its consumer subscribed (normalize may be consuming already).
let readySeconds = Number.NaN;
void (async () => {
  while (running !== undefined && !worker.worker.status().every((s) => s.state === 'running')) await new Promise((resolve) => setTimeout(resolve, 50));
  readySeconds = since(startCalled);
})();
const normalizeIn = async () => (await recordsIn.get()).values.filter((v) => v.labels.sub_topology === 'normalize').reduce((sum, v) => sum + v.value, 0);
while ((await normalizeIn()) === 0) {
  if (since(startCalled) * 1000 > TIMEOUT_MS) await fail(new Error(`normalize consumed nothing within ${TIMEOUT_MS / 1000} s: ${worker.worker.status().map((s) => `${s.name} ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`).join(', ')}`));
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const firstRecord = performance.now();
const startupSeconds = (firstRecord - startCalled) / 1000;

let scrape: Scrape | undefined;
let scraping: Promise<void> | undefined;
let scrapeAt = '';
const takeScrape = (when: string) =>
  (scraping ??= scrapeMetrics(worker.server.url).then((taken) => {
    scrape = taken;
    scrapeAt = when;
  }));
const progress = setInterval(() => {
  const done = STORES.map((s) => `${store(s)} ${fmt(timings.writes(s).events)}/${fmt(expected.stores[s])}`).join(', ');
  console.log(`  ${since(firstRecord).toFixed(0).padStart(4)} s  written: ${done}`);
  // Once lag has been collected a few times and the sinks are writing: the scrape Prometheus would take.
  const writing = STORES.some((s) => timings.writes(s).events > 0);
  if (writing && since(firstRecord) >= 3) void takeScrape(`${since(firstRecord).toFixed(1)} s into the throughput phase`).catch(() => (scraping = undefined));
}, 2_000);
await waitForSamples(expected, { timeoutMs: TIMEOUT_MS }).catch(fail);
const seconds = since(firstRecord);
clearInterval(progress);
await takeScrape('at the end of the throughput phase (it ended before the sinks had written 3 s in)').catch(fail);
const webhooksPerSec = N / seconds;
console.log(`  every store and the actuator took everything: ${seconds.toFixed(1)} s after the first record (${startupSeconds.toFixed(1)} s after runWorker was called; every sub-topology, stores migrated, was running ${readySeconds.toFixed(1)} s after the call)`);
console.log(`  pipeline: ${fmt(webhooksPerSec)} webhooks/s, ${fmt(expected.events / seconds)} normalized events/s; bare kafkajs ${fmt(bare.perSec)} records/s; ratio ${(webhooksPerSec / bare.perSec).toFixed(3)}`);
const sinkFigures = STORES.map((s) => {
  const w = timings.writes(s);
  return { store: s, events: w.events, perSec: w.events / ((w.lastEnd - w.firstStart) / 1000) };
});
for (const f of sinkFigures) console.log(`    ${store(f.store).padEnd(10)} ${fmt(f.events).padStart(8)} events  ${fmt(f.perSec).padStart(7)} events/s (first write to last)`);
console.log(`\n  /metrics, scraped ${scrapeAt} (lag: the most-behind partitions):`);
for (const line of scrape!.excerpt) console.log(`    ${line}`);

// ── 4. Latency, with the worker running: a steady trickle of new webhooks.
console.log(`\n  latency: ${fmt(LATENCY_N)} new webhooks at ${LATENCY_RATE}/s…`);
timings.reset();
timings.perEvent = true;
const latencyWebhooks = () => syntheticWebhooks({ count: LATENCY_N, seed: SEED, firstIndex: N });
const more = samplesLanded(latencyWebhooks(), config.channels);
const { ackedAt } = await ackedReplay({ kafka, codec, webhooks: latencyWebhooks(), topics: config.topics.names.raw, rate: LATENCY_RATE }).catch(fail);
const both: ExpectedLanding = { events: expected.events + more.events, stores: Object.fromEntries(STORES.map((s) => [s, expected.stores[s] + more.stores[s]])) as Record<Store, number>, actions: expected.actions + more.actions };
await waitForSamples(both, { timeoutMs: TIMEOUT_MS, onWait: (left) => console.log(`  waiting for ${left}`) }).catch(fail);
const latencies = new Map<Store | 'all', number[]>([['all', []]]);
for (const write of timings.events.values()) {
  const acked = ackedAt.get(write.deliveryId);
  if (acked === undefined) continue; // a backlog event written again (a redelivery): not this phase's
  const ms = write.at - acked;
  latencies.get('all')!.push(ms);
  if (!latencies.has(write.store)) latencies.set(write.store, []);
  latencies.get(write.store)!.push(ms);
}
const p = (key: Store | 'all', q: number) => Math.round(percentile(latencies.get(key) ?? [], q));
console.log(`  end to end (raw produce acknowledged → the sink's write resolved), ${fmt(latencies.get('all')!.length)} event-store pairs: p50 ${p('all', 50)} ms, p99 ${p('all', 99)} ms`);
for (const s of STORES) console.log(`    ${store(s).padEnd(10)} ${fmt(latencies.get(s)?.length ?? 0).padStart(6)} events  p50 ${String(p(s, 50)).padStart(5)} ms  p99 ${String(p(s, 99)).padStart(5)} ms`);
console.log(`  RSS ${mb(rssStart)} MB at start, peak ${mb(rssPeak)} MB (producer, bare consumer and worker in this one process)`);

await finish();
const figures: Record<string, string | number> = {
  bench: 'pipeline',
  events: N,
  normalizedEvents: expected.events,
  actions: expected.actions,
  partitions: config.topics.partitions,
  produceSeconds: Number(produceSeconds.toFixed(2)),
  producePerSec: Math.round(produced.sent / produceSeconds),
  startupSeconds: Number(startupSeconds.toFixed(2)),
  readySeconds: Number(readySeconds.toFixed(2)),
  seconds: Number(seconds.toFixed(2)),
  webhooksPerSec: Math.round(webhooksPerSec),
  eventsPerSec: Math.round(expected.events / seconds),
  kafkajsPerSec: Math.round(bare.perSec),
  throughputRatio: Number((webhooksPerSec / bare.perSec).toFixed(3)),
};
for (const f of sinkFigures) {
  figures[`${store(f.store)}Events`] = f.events;
  figures[`${store(f.store)}PerSec`] = Math.round(f.perSec);
}
Object.assign(figures, { latencyEvents: LATENCY_N, latencyRate: LATENCY_RATE, latencyPairs: latencies.get('all')!.length, latencyP50Ms: p('all', 50), latencyP99Ms: p('all', 99) });
for (const s of STORES) Object.assign(figures, { [`${store(s)}P50Ms`]: p(s, 50), [`${store(s)}P99Ms`]: p(s, 99) });
Object.assign(figures, { rssStartMb: mb(rssStart), rssPeakMb: mb(rssPeak), scrapeLagSeries: scrape!.lagSeries, scrapeMaxLag: scrape!.maxLag, scrapeBreakerSeries: scrape!.breakerSeries, scrapeBreakersNotClosed: scrape!.breakersNotClosed });
console.log(JSON.stringify(figures));
process.exit(0);
