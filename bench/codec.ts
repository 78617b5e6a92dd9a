/**
 * `npm run bench:codec`: records/s through the wire codec (Confluent-framed Avro against the
 * real Schema Registry of the local stack) for the normalized event, beside JSON.stringify /
 * JSON.parse of the same values, as the baseline. Both sides produce and consume bytes
 * (Buffer), as Kafka needs. Prints a line per round, then one JSON line of figures.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { createCodec } from '../avro/codec.ts';
import type { EngEvent, Identity } from '../avro/generated/types.ts';
import { registerSchemas } from '../avro/registration.ts';
import { localStack } from '../config/endpoints.ts';

const N = Number(process.env.BENCH_RECORDS ?? 20_000);
const ROUNDS = 5;

const person = (login: string): Identity => ({ source: 'github', accountId: null, login, displayName: `${login} Doe`, email: `${login}@example.com` });

/** A realistic mix: mostly commits, some metric samples, as a busy organization sends them. */
function event(i: number): EngEvent {
  const base = { eventId: `github:octo/switchyard:commit:${(0xabcdef0 + i).toString(16).padStart(40, '0')}`, occurredAt: 1_764_000_000_000 + i * 1000, actor: person(`dev${i % 50}`), deliveryId: `d-${i}` };
  if (i % 4 === 3) {
    return {
      ...base,
      type: 'metric.sampled',
      source: 'prometheus',
      actor: null,
      repository: null,
      projectKey: null,
      payload: { name: 'http_request_duration_seconds', labels: { job: 'api', instance: `api-${i % 8}:9090`, route: '/v1/events' }, value: Math.random(), timestamp: base.occurredAt },
    };
  }
  return {
    ...base,
    type: 'commit.pushed',
    source: 'github',
    repository: 'octo/switchyard',
    projectKey: 'PROJ',
    payload: {
      repository: 'octo/switchyard',
      ref: 'refs/heads/main',
      branch: 'main',
      sha: (0xabcdef0 + i).toString(16).padStart(40, '0'),
      message: `PROJ-${i % 500} fix flaky retry in the ClickHouse sink\n\nThe breaker reset timer was not cleared on close.`,
      author: person(`dev${i % 50}`),
      committer: person(`dev${i % 50}`),
      timestamp: base.occurredAt,
      url: `https://github.com/octo/switchyard/commit/${(0xabcdef0 + i).toString(16).padStart(40, '0')}`,
      distinct: true,
      added: i % 3,
      removed: i % 2,
      modified: 1 + (i % 5),
      jiraKeys: [`PROJ-${i % 500}`],
    },
  };
}

async function perSecond(label: string, work: () => Promise<void> | void): Promise<number> {
  const rates: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const started = process.hrtime.bigint();
    await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (round > 0) rates.push(N / seconds); // round 0 warms up the JIT and the caches
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  console.log(`${label.padEnd(24)} ${Math.round(median).toLocaleString('en-US').padStart(12)} records/s (median of ${ROUNDS})`);
  return median;
}

const registry = new SchemaRegistry({ host: process.env.SCHEMA_REGISTRY_URL || localStack.schemaRegistry.url });
await registerSchemas(registry).catch((error: unknown) => {
  console.error(`bench:codec needs the Schema Registry (npm run stack -- up): ${String(error)}`);
  process.exit(1);
});
const codec = createCodec(registry);
const values = Array.from({ length: N }, (_, i) => event(i));
const avro: Buffer[] = new Array(N);
const json: Buffer[] = new Array(N);

console.log(`codec bench: ${N.toLocaleString('en-US')} normalized events (3/4 commits, 1/4 metric samples)`);
const encode = await perSecond('avro encode', async () => {
  for (let i = 0; i < N; i++) avro[i] = await codec.encode('eng.events.v1', values[i]!);
});
const jsonEncode = await perSecond('JSON.stringify', () => {
  for (let i = 0; i < N; i++) json[i] = Buffer.from(JSON.stringify(values[i]));
});
const decode = await perSecond('avro decode', async () => {
  for (let i = 0; i < N; i++) await codec.decode('eng.events.v1', avro[i]!);
});
const jsonDecode = await perSecond('JSON.parse', () => {
  for (let i = 0; i < N; i++) JSON.parse(json[i]!.toString('utf8'));
});
const avroBytes = avro.reduce((sum, b) => sum + b.length, 0) / N;
const jsonBytes = json.reduce((sum, b) => sum + b.length, 0) / N;
console.log(`size: avro ${avroBytes.toFixed(0)} bytes/record, JSON ${jsonBytes.toFixed(0)} bytes/record`);

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
console.log(
  JSON.stringify({
    bench: 'codec',
    records: N,
    encodePerSec: Math.round(encode),
    decodePerSec: Math.round(decode),
    jsonEncodePerSec: Math.round(jsonEncode),
    jsonDecodePerSec: Math.round(jsonDecode),
    encodeRatio: round(encode / jsonEncode),
    decodeRatio: round(decode / jsonDecode),
    sizeRatio: round(avroBytes / jsonBytes),
  }),
);
