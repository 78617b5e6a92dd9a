/**
 * `npm run bench:operators`: the operator library on the real Kafka of the local stack.
 *
 * 1. Throughput: records/s through stream → mapValues → split → batch → guard(no-op sink),
 *    beside a bare kafkajs `eachBatch` loop over the same topic (the client's ceiling here).
 * 2. Memory: peak RSS while the same pipeline works through a backlog of BENCH_RECORDS records
 *    (default 1,000,000) into a slow sink: flow control must keep it flat.
 *
 * The backlog topic is made once and reused. Prints progress, then one JSON line of figures.
 */
import kafkajs from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { batch, branch, guard, kafkajsPort, mapValues, runTopology, split, TopologyBuilder } from '../operators/index.ts';
import { localStack } from '../config/endpoints.ts';
import { bareConsume } from './bareConsume.ts';

const N = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PARTITIONS = 4;
const topic = `switchyard-bench-operators-${N}`;
const brokers = [...localStack.kafka.brokers];
const kafka = new kafkajs.Kafka({ clientId: 'switchyard-bench', brokers, logLevel: kafkajs.logLevel.NOTHING });
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function ensureBacklog(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) {
      const offsets = await admin.fetchTopicOffsets(topic);
      if (offsets.reduce((sum, o) => sum + Number(o.high), 0) >= N) return;
      await admin.deleteTopics({ topics: [topic] });
      await sleep(1_000);
    }
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const started = Date.now();
  const chunk = 5_000;
  for (let sent = 0; sent < N; sent += chunk) {
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: Math.min(chunk, N - sent) }, (_, j) => {
        const i = sent + j;
        return { key: `repo-${i % 64}`, value: JSON.stringify({ id: i, repository: `octo/repo-${i % 64}`, type: i % 3 === 0 ? 'pull_request' : 'push', message: 'PROJ-42 fix the retry loop in the sink' }) };
      }),
    });
    if ((sent / chunk) % 40 === 0) process.stdout.write(`\r  producing the backlog: ${sent.toLocaleString('en-US')} / ${N.toLocaleString('en-US')}`);
  }
  await producer.disconnect();
  console.log(`\r  produced ${N.toLocaleString('en-US')} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Ours: the pipeline the issue names, into a sink that waits `sinkDelayMs` per batch. */
async function pipeline(sinkDelayMs: number, onProgress?: (written: number) => void): Promise<number> {
  let written = 0;
  let first = 0;
  const sink = async (records: readonly unknown[]) => {
    if (sinkDelayMs > 0) await sleep(sinkDelayMs);
    written += records.length;
    onProgress?.(written);
  };
  const topology = new TopologyBuilder()
    .subTopology('bench', {
      groupId: `bench-ours-${Date.now()}`,
      topics: [topic],
      fromBeginning: true,
      pipeline: (records, { flow }) => {
        const events = records.pipe(
          mapValues((bytes) => {
            if (first === 0) first = performance.now();
            return JSON.parse(String(bytes)) as { type: string };
          }),
        );
        const { pushes, others } = split(events, { branches: [branch('pushes', (e: { type: string }) => e.type === 'push')], defaultBranch: 'others' });
        const sinkFor = (name: string) => guard(sink, { name, flow, breaker: false });
        return [pushes.pipe(batch({ maxRecords: 500, maxWaitMs: 50 }), sinkFor('push-sink')), others.pipe(batch({ maxRecords: 500, maxWaitMs: 50 }), sinkFor('other-sink'))];
      },
    })
    .build();
  const running = await runTopology(topology, { kafka: kafkajsPort(kafka), commitIntervalMs: 1_000 });
  while (written < N) await sleep(20);
  const seconds = (performance.now() - first) / 1000;
  await running.stop({ timeoutMs: 10_000 });
  return N / seconds;
}

console.log(`operators bench: ${N.toLocaleString('en-US')} records, ${PARTITIONS} partitions (topic ${topic})`);
await ensureBacklog();

// Memory first, in a process that has done nothing else yet: the backlog into a slow sink.
global.gc?.();
const rssStart = process.memoryUsage().rss;
let rssPeak = rssStart;
let heapPeak = 0;
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  rssPeak = Math.max(rssPeak, rss);
  heapPeak = Math.max(heapPeak, heapUsed);
}, 50);
let lastReport = 0;
const slowRate = await pipeline(5, (written) => {
  if (written - lastReport >= N / 10) {
    lastReport = written;
    process.stdout.write(`\r  slow sink: ${written.toLocaleString('en-US')} written, rss ${mb(process.memoryUsage().rss)} MB   `);
  }
});
clearInterval(sampler);
console.log(`\r  slow sink (5 ms per batch of ≤500): ${Math.round(slowRate).toLocaleString('en-US')} records/s; RSS ${mb(rssStart)} MB at start, peak ${mb(rssPeak)} MB; peak heap used ${mb(heapPeak)} MB`);


const ceiling = (await bareConsume(kafka, [topic], N)).perSec;
console.log(`  bare kafkajs eachBatch        ${Math.round(ceiling).toLocaleString('en-US').padStart(10)} records/s`);
const ours = await pipeline(0);
console.log(`  stream→mapValues→split→batch→guard(no-op) ${Math.round(ours).toLocaleString('en-US').padStart(10)} records/s`);

console.log(
  JSON.stringify({
    bench: 'operators',
    records: N,
    oursPerSec: Math.round(ours),
    kafkajsPerSec: Math.round(ceiling),
    throughputRatio: Number((ours / ceiling).toFixed(2)),
    slowSinkPerSec: Math.round(slowRate),
    rssStartMb: mb(rssStart),
    rssPeakMb: mb(rssPeak),
    heapPeakMb: mb(heapPeak),
  }),
);
process.exit(0);
