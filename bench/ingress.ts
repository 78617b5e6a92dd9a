/**
 * `npm run bench:ingress`: signed GitHub deliveries through the webhook ingress on loopback,
 * beside a bare kafkajs producer of the same records, in the same run (ingress/README.md).
 *
 * The ingress: `startIngress` as `switchyard ingress` runs it (bench/ingress/start.ts), on a free
 * loopback port with one GitHub secret, in a CHILD process by default, because in-process the
 * bench's HTTP client would share (and be charged to) the ingress's event loop while the bare
 * producer has no client to pay for (bench/ingress/underTest.ts; BENCH_INGRESS_IN_PROCESS=1 to
 * compare). Its raw topics are fresh ones on the shared Kafka (a random SWITCHYARD_TOPIC_PREFIX,
 * `topics create`'s partitions and max.message.bytes), deleted at the end and on Ctrl-C.
 *
 * The traffic (bench/ingress/deliveries.ts): the ten GitHub payloads of BENCH_FIXTURES from
 * topology/github/fixtures, taken in turn (7–29 KB), HMAC-signed with the secret, each with its
 * own X-GitHub-Delivery, POSTed over keep-alive connections (bench/ingress/http.ts).
 *
 * The baseline: a bare kafkajs producer as the ingress configures its own (idempotent,
 * maxInFlightRequests 1, acks -1), sending the very records the ingress would produce (the same
 * RawWebhook envelope through the codec and `rawRecordOf`, encoded before the clock starts), one
 * `send()` per record, to a topic of its own made the same way. What the ratios show is what the
 * ingress costs over the producer alone: HTTP, verification, parsing, encoding, and its batching.
 * One `send()` per record is how a caller without the ingress's queue would produce, and with
 * maxInFlightRequests 1 kafkajs sends them one request each: the ingress, which puts everything
 * that arrived during a send into the next one, can beat it. So a reference is printed beside it,
 * not a ratio's denominator: `bareBatchedPerSecond`, the same records CONCURRENCY to a send, one
 * send at a time (what the ingress's batching reaches at best with this producer).
 *
 * The measurements, each bounded in count and duration (bench/ingress/load.ts):
 * - throughput, closed loop: BENCH_INGRESS_DELIVERIES (default 5,000) with BENCH_INGRESS_CONCURRENCY
 *   (default 32) senders (concurrent HTTP requests on as many connections / concurrent `send()`
 *   calls), each side stopped after BENCH_INGRESS_MAX_SECONDS (default 12) → taken per second;
 *   `throughputRatio` = ingress ÷ bare.
 * - fixed rate, open loop: BENCH_INGRESS_RATE per second (default 500) for BENCH_INGRESS_SECONDS
 *   (default 10), each send due at its time whether or not earlier ones were answered, latency
 *   from when it was due → p50/p90/p99/max; `p50Ratio`, `p99Ratio` = ingress ÷ bare.
 * Both sides are warmed first (BENCH_INGRESS_WARM_UP each, default 300, closed loop).
 *
 * Also reported: `errors` (every delivery not answered 202 and every send that failed, warm-ups
 * included) and by kind in `failures`; `cpu`: the CPU each side's process spent per delivery in
 * the throughput phase (the ingress child's own; the bench's own for the bare producer); `records`:
 * what each topic holds at the end against what was acknowledged; `loadAverage`: the machine's
 * 1-minute load before and after beside its cores (the stack shares them, and anything else
 * running shows in every figure). Every fixture names one repository, so every record has one
 * key and goes to one partition, on both sides.
 *
 * Prints progress and a table, then one JSON line of figures (the last line).
 */
import '../config/loadEnvFirst.ts';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import kafkajs from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { createCodec } from '../avro/codec.ts';
import { loadKafkaConfig, loadRegistryConfig, registryClientArgs } from '../config/index.ts';
import { prefixed, RAW_MAX_MESSAGE_BYTES } from '../config/topics.ts';
import { DEFAULT_TOPICS } from '../topology/normalize.ts';
import { uniqueName } from '../test/support/names.ts';
import { deliveriesOf, readFixtures, recordOf, type Delivery } from './ingress/deliveries.ts';
import { poster } from './ingress/http.ts';
import { closedLoop, openLoop, type LoadResult } from './ingress/load.ts';
import { ingressUnderTest, type IngressUnderTest } from './ingress/underTest.ts';
import { percentile } from './pipeline/percentile.ts';
import { whole } from './pipeline/whole.ts';

const DELIVERIES = whole('BENCH_INGRESS_DELIVERIES', 5_000, 1);
const CONCURRENCY = whole('BENCH_INGRESS_CONCURRENCY', 32, 1);
const MAX_SECONDS = whole('BENCH_INGRESS_MAX_SECONDS', 12, 1);
const RATE = whole('BENCH_INGRESS_RATE', 500, 1);
const SECONDS = whole('BENCH_INGRESS_SECONDS', 10, 1);
const WARM_UP = whole('BENCH_INGRESS_WARM_UP', 300, 0);
const IN_PROCESS = process.env.BENCH_INGRESS_IN_PROCESS === '1';
/** Open loop: connections the client may open, so a slow answer does not hold the next delivery back. */
const OPEN_LOOP_SOCKETS = 512;

const benchStarted = performance.now();
const loadBefore = loadavg()[0]!;
const say = (line: string) => console.log(line);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => Number(x.toFixed(x < 10 ? 2 : 1));
const ratio = (a: number, b: number) => Number((a / b).toFixed(2));

// ── 1. Fresh topics: the ingress's raw topics under a random prefix, and the bare producer's own.
const prefix = `${uniqueName('bench-ingress')}.`;
const secret = randomBytes(16).toString('hex');
const env: Record<string, string | undefined> = { ...process.env };
for (const name of Object.keys(env)) if (name.startsWith('SWITCHYARD_INGRESS_')) delete env[name];
Object.assign(env, { SWITCHYARD_TOPIC_PREFIX: prefix, SWITCHYARD_INGRESS_HOST: '127.0.0.1', SWITCHYARD_INGRESS_PORT: '0', SWITCHYARD_INGRESS_GITHUB_SECRETS: secret });
const { kafka: kafkaConfig, topics } = loadKafkaConfig(env);
const ingressTopics = Object.values(prefixed(DEFAULT_TOPICS, prefix).raw);
const ingressTopic = topics.names.raw['github-events']!;
const bareTopic = `${prefix}bare.${DEFAULT_TOPICS.raw['github-events']!}`;
const created = [...ingressTopics, bareTopic];

const kafka = new kafkajs.Kafka({ ...kafkaConfig, clientId: 'switchyard-bench-ingress', logLevel: kafkajs.logLevel.NOTHING });
const admin = kafka.admin();
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
let ingress: IngressUnderTest | undefined;
let cleaned: Promise<void> | undefined;

/** Everything this run made or started, undone once (also on Ctrl-C and on failure). */
const cleanUp = () =>
  (cleaned ??= (async () => {
    await ingress?.close().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: created }).catch((error: unknown) => console.error(`  could not delete the bench's topics (${created.join(', ')}): ${String(error)}`));
    await admin.disconnect().catch(() => undefined);
  })());
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
const fail = async (error: unknown): Promise<never> => {
  console.error(`ingress bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanUp();
  process.exit(1);
};

await admin.connect().catch(fail);
await admin
  .createTopics({
    waitForLeaders: true,
    topics: created.map((topic) => ({ topic, numPartitions: topics.partitions, replicationFactor: topics.replicationFactor, configEntries: [{ name: 'max.message.bytes', value: String(RAW_MAX_MESSAGE_BYTES) }] })),
  })
  .catch(fail);

// ── 2. The ingress (its own process by default), the bare producer and the codec for its records.
const registry = loadRegistryConfig(env);
const codec = createCodec(new SchemaRegistry(registryClientArgs(registry)), { registryUrl: registry.host });
await codec.prepare(['github-events']).catch(fail);
await producer.connect().catch(fail);
ingress = await ingressUnderTest(env, IN_PROCESS).catch(fail);
const fixtures = readFixtures(secret);
const sizes = fixtures.map((f) => f.body.length);
say(`ingress bench: ${fixtures.length} GitHub fixtures (${fmt(Math.min(...sizes) / 1024)}–${fmt(Math.max(...sizes) / 1024)} KB), the ingress at ${ingress.url} (${ingress.where}), topics ${prefix}* (${topics.partitions} partitions)`);
say(`  throughput: ${fmt(DELIVERIES)} with ${CONCURRENCY} concurrent (at most ${MAX_SECONDS} s a side); fixed rate: ${fmt(RATE)}/s for ${SECONDS} s; ${fmt(WARM_UP)} warm-up deliveries a side`);

const closed = poster(ingress.url, CONCURRENCY);
const open = poster(ingress.url, OPEN_LOOP_SOCKETS);
/** The bare side's records, encoded before its clock starts. */
const recordsOf = (deliveries: readonly Delivery[]) => deliveries.map((d) => recordOf(codec, d));
const bareSend = (records: readonly { key: string; value: Buffer }[]) => async (i: number) => {
  await producer.send({ topic: bareTopic, acks: -1, messages: [records[i]!] });
  return true as const;
};
const results: { side: 'ingress' | 'bare'; phase: string; result: LoadResult }[] = [];
const run = async (side: 'ingress' | 'bare', phase: string, load: () => Promise<LoadResult>, unit = 'taken'): Promise<LoadResult> => {
  const result = await load().catch(fail);
  results.push({ side, phase, result });
  const failures = Object.entries(result.failures).map(([what, n]) => `${n}× ${what}`).join(', ');
  say(`  ${side} ${phase}: ${fmt(result.taken)}/${fmt(result.sent)} ${unit} in ${result.seconds.toFixed(2)} s (${fmt(result.taken / result.seconds)}/s)${failures === '' ? '' : `; failed: ${failures}`}`);
  return result;
};

// ── 3. Warm-ups (connections, JIT, the first batches), then throughput: ingress, then bare.
if (WARM_UP > 0) {
  const warm = deliveriesOf(fixtures, WARM_UP);
  await run('ingress', 'warm-up', () => closedLoop({ label: 'ingress warm-up', count: WARM_UP, concurrency: CONCURRENCY, maxMs: MAX_SECONDS * 1000, send: (i) => closed.post(warm[i]!), say }));
  const records = recordsOf(deliveriesOf(fixtures, WARM_UP));
  await run('bare', 'warm-up', () => closedLoop({ label: 'bare warm-up', count: WARM_UP, concurrency: CONCURRENCY, maxMs: MAX_SECONDS * 1000, send: bareSend(records), say }));
}

const cpuOf = async <T>(read: () => Promise<number | undefined>, work: () => Promise<T>): Promise<{ result: T; cpuMicros: number | undefined }> => {
  const before = await read();
  const result = await work();
  const after = await read();
  return { result, cpuMicros: before === undefined || after === undefined ? undefined : after - before };
};
const ownCpu = () => Promise.resolve(process.cpuUsage().user + process.cpuUsage().system);

say('\n  throughput (closed loop)');
const throughputDeliveries = deliveriesOf(fixtures, DELIVERIES);
const ingressThroughput = await cpuOf(ingress.cpuMicros, () =>
  run('ingress', 'throughput', () => closedLoop({ label: 'ingress', count: DELIVERIES, concurrency: CONCURRENCY, maxMs: MAX_SECONDS * 1000, send: (i) => closed.post(throughputDeliveries[i]!), say })),
);
const throughputRecords = recordsOf(deliveriesOf(fixtures, DELIVERIES));
const bareThroughput = await cpuOf(ownCpu, () => run('bare', 'throughput', () => closedLoop({ label: 'bare', count: DELIVERIES, concurrency: CONCURRENCY, maxMs: MAX_SECONDS * 1000, send: bareSend(throughputRecords), say })));
// Not the baseline, a reference: the same records CONCURRENCY to a send, one send at a time, as the ingress batches them.
const batches = Math.ceil(DELIVERIES / CONCURRENCY);
const bareBatched = await run('bare', `batched (sends of ${CONCURRENCY})`, () =>
  closedLoop({ label: 'bare batched', count: batches, concurrency: 1, maxMs: MAX_SECONDS * 1000, send: async (i) => (await producer.send({ topic: bareTopic, acks: -1, messages: throughputRecords.slice(i * CONCURRENCY, (i + 1) * CONCURRENCY) }), true), say }),
  'sends acknowledged',
);
const bareBatchedRecords = Math.min(DELIVERIES, bareBatched.taken * CONCURRENCY);
throughputRecords.length = 0;

// ── 4. Fixed rate, open loop: ingress, then bare.
say(`\n  fixed rate (open loop, ${fmt(RATE)}/s for ${SECONDS} s)`);
const fixedCount = Math.round(RATE * SECONDS);
const fixedDeliveries = deliveriesOf(fixtures, fixedCount);
const ingressFixed = await run('ingress', 'fixed rate', () => openLoop({ label: 'ingress', rate: RATE, seconds: SECONDS, send: (i) => open.post(fixedDeliveries[i]!), say }));
const fixedRecords = recordsOf(deliveriesOf(fixtures, fixedCount));
const bareFixed = await run('bare', 'fixed rate', () => openLoop({ label: 'bare', rate: RATE, seconds: SECONDS, send: bareSend(fixedRecords), say }));
fixedRecords.length = 0;
closed.close();
open.close();

// ── 5. What each topic holds against what was acknowledged (a 503 for a send that landed late would show here).
const holds = async (topic: string) => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
const acknowledged = (side: 'ingress' | 'bare') => results.filter((r) => r.side === side && !r.phase.startsWith('batched')).reduce((sum, r) => sum + r.result.taken, 0) + (side === 'bare' ? bareBatchedRecords : 0);
const records = {
  ingress: { acknowledged: acknowledged('ingress'), onTopic: await holds(ingressTopic).catch(fail) },
  bare: { acknowledged: acknowledged('bare'), onTopic: await holds(bareTopic).catch(fail) },
};
await cleanUp();

// ── 6. The figures.
const spread = (r: LoadResult) => ({ p50Ms: ms(percentile(r.latenciesMs, 50)), p90Ms: ms(percentile(r.latenciesMs, 90)), p99Ms: ms(percentile(r.latenciesMs, 99)), maxMs: ms(Math.max(...r.latenciesMs)), maxLagMs: ms(r.maxLagMs) });
const perSecond = (r: LoadResult) => Math.round(r.taken / r.seconds);
const throughput = {
  ingressPerSecond: perSecond(ingressThroughput.result),
  barePerSecond: perSecond(bareThroughput.result),
  throughputRatio: ratio(perSecond(ingressThroughput.result), perSecond(bareThroughput.result)),
  concurrency: CONCURRENCY,
  /** A reference, not the baseline: the bare producer with the records CONCURRENCY to a send, one send at a time. */
  bareBatchedPerSecond: Math.round(bareBatchedRecords / bareBatched.seconds),
  ingressSent: ingressThroughput.result.sent,
  bareSent: bareThroughput.result.sent,
};
const fixedRate = {
  rate: RATE,
  seconds: SECONDS,
  count: fixedCount,
  ingress: spread(ingressFixed),
  bare: spread(bareFixed),
  p50Ratio: ratio(percentile(ingressFixed.latenciesMs, 50), percentile(bareFixed.latenciesMs, 50)),
  p99Ratio: ratio(percentile(ingressFixed.latenciesMs, 99), percentile(bareFixed.latenciesMs, 99)),
};
const perDelivery = (cpu: number | undefined, r: LoadResult) => (cpu === undefined ? null : Number((cpu / 1000 / r.taken).toFixed(3)));
const cpu = { ingressMsPerDelivery: perDelivery(ingressThroughput.cpuMicros, ingressThroughput.result), bareMsPerRecord: perDelivery(bareThroughput.cpuMicros, bareThroughput.result) };
const failures = { ingress: {} as Record<string, number>, bare: {} as Record<string, number> };
for (const { side, result } of results) for (const [what, n] of Object.entries(result.failures)) failures[side][what] = (failures[side][what] ?? 0) + n;
const errors = results.reduce((sum, r) => sum + r.result.failed, 0);

const row = (label: string, a: number | string, b: number | string, c: number | string = '') => say(`  ${label.padEnd(24)}${String(a).padStart(14)}${String(b).padStart(14)}${String(c).padStart(9)}`);
say('');
row('', 'ingress', 'bare', 'ratio');
row('throughput (/s)', fmt(throughput.ingressPerSecond), fmt(throughput.barePerSecond), throughput.throughputRatio);
row(`bare, ${CONCURRENCY} a send (/s)`, '', fmt(throughput.bareBatchedPerSecond), ratio(throughput.ingressPerSecond, throughput.bareBatchedPerSecond));
row('CPU per delivery (ms)', cpu.ingressMsPerDelivery ?? '–', cpu.bareMsPerRecord ?? '–', cpu.ingressMsPerDelivery === null || cpu.bareMsPerRecord === null ? '' : ratio(cpu.ingressMsPerDelivery, cpu.bareMsPerRecord));
row(`${fmt(RATE)}/s p50 (ms)`, fixedRate.ingress.p50Ms, fixedRate.bare.p50Ms, fixedRate.p50Ratio);
row(`${fmt(RATE)}/s p90 (ms)`, fixedRate.ingress.p90Ms, fixedRate.bare.p90Ms, ratio(fixedRate.ingress.p90Ms, fixedRate.bare.p90Ms));
row(`${fmt(RATE)}/s p99 (ms)`, fixedRate.ingress.p99Ms, fixedRate.bare.p99Ms, fixedRate.p99Ratio);
row(`${fmt(RATE)}/s max (ms)`, fixedRate.ingress.maxMs, fixedRate.bare.maxMs);
row('bench behind by (ms)', fixedRate.ingress.maxLagMs, fixedRate.bare.maxLagMs);
row('records acked/on topic', `${fmt(records.ingress.acknowledged)}/${fmt(records.ingress.onTopic)}`, `${fmt(records.bare.acknowledged)}/${fmt(records.bare.onTopic)}`);
const seconds = Number(((performance.now() - benchStarted) / 1000).toFixed(1));
say(`\n  ${errors === 0 ? 'no errors' : `${errors} errors: ${JSON.stringify(failures)}`}; ${seconds} s in all; load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`);
console.log(
  JSON.stringify({
    bench: 'ingress',
    deliveries: DELIVERIES,
    where: ingress.where,
    fixtures: fixtures.length,
    throughput,
    fixedRate,
    errors,
    failures,
    cpu,
    records,
    loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0]!.toFixed(2)), cores: availableParallelism() },
    seconds,
  }),
);
process.exit(0);
