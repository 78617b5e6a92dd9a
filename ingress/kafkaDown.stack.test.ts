/**
 * Kafka stopped while deliveries arrive: the ingress on a broker of the test's own, sent signed
 * GitHub deliveries at a steady rate while that broker is killed (SIGKILL), started again, then
 * stopped (SIGTERM) and started again. Every delivery must be either answered 2xx and on the raw
 * topic afterwards, or answered 503 with Retry-After; none acknowledged and lost, none left
 * hanging past GitHub's 10 s, no 500. Both sides are counted and printed as one JSON line.
 *
 * The shared stack's Kafka is never touched; its Schema Registry is used as it is (the codec
 * only looks the RawWebhook subject up).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { expect, it, onTestFinished } from 'vitest';
import { createCodec } from '../avro/codec.ts';
import { registerSchemas } from '../avro/registration.ts';
import { localStack } from '../config/endpoints.ts';
import { readSection } from '../config/spec.ts';
import { maxMessageBytesOf, prefixed } from '../config/topics.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { readToEnd, waitFor } from '../test/support/kafka.ts';
import { uniqueName } from '../test/support/names.ts';
import { privateKafka } from '../test/support/privateKafka.ts';
import { schemaRegistry } from '../test/support/registry.ts';
import { DEFAULT_TOPICS } from '../topology/normalize.ts';
import { ingressConfig } from './config.ts';
import { startIngress } from './open.ts';
import { type SentDelivery, startDeliverySender } from './testing/deliverySender.ts';
import { watchReadiness } from './testing/readinessWatch.ts';

const { Kafka, logLevel } = kafkajs;

const SECRET = 'kafka-down-secret';
const PRODUCE_TIMEOUT_MS = 2_000;
/** GitHub gives up on a delivery after 10 s: no answer may take that long. */
const GITHUB_TIMEOUT_MS = 10_000;
/** Beyond the produce timeout, what answering a refused delivery may take on a busy machine (two cores, a JVM starting). */
const ANSWER_SLACK_MS = 3_000;
/** How long each outage lasts while deliveries keep arriving: a scenario's length, not a wait for something. */
const OUTAGE_MS = { kill: 8_000, stop: 5_000 } as const;
/** How long deliveries keep arriving once the ingress is ready and acknowledging again. */
const AFTER_RECOVERY_MS = 2_000;
const BODY = readFileSync(new URL('../topology/github/fixtures/push/payload.json', import.meta.url), 'utf8');

const acknowledged = (d: SentDelivery) => d.status !== undefined && d.status >= 200 && d.status < 300;

interface Round {
  readonly how: 'kill' | 'stop';
  /** When the signal was sent. */
  readonly down: number;
  /** When the broker answered again. */
  readonly up: number;
  /** When the ingress was ready and had acknowledged a delivery sent after `up`. */
  readonly recovered: number;
}

it('answers every delivery 2xx and keeps it, or 503 with Retry-After, while its Kafka is killed and stopped', { timeout: 170_000 }, async () => {
  const broker = await privateKafka();
  const kafka = new Kafka({ clientId: 'kafka-down-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });

  // The four raw topics as `topics create` makes them, under a prefix of this run's.
  const prefix = `${uniqueName('kafka-down')}.`;
  const names = prefixed(DEFAULT_TOPICS, prefix);
  const limits = maxMessageBytesOf(names);
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .createTopics({
      topics: Object.values(names.raw).map((topic) => ({ topic, numPartitions: 3, configEntries: [{ name: 'max.message.bytes', value: String(limits[topic]) }] })),
      waitForLeaders: true,
    })
    .finally(() => admin.disconnect());
  const registry = schemaRegistry();
  await registerSchemas(registry);

  const settings = readSection(ingressConfig, { SWITCHYARD_INGRESS_GITHUB_SECRETS: SECRET, SWITCHYARD_INGRESS_PRODUCE_TIMEOUT_MS: String(PRODUCE_TIMEOUT_MS) });
  const ingress = await startIngress({
    settings,
    config: { kafka: { clientId: 'kafka-down-ingress', brokers: broker.brokers }, topics: { partitions: 3, replicationFactor: 1, prefix, names }, registry: { host: localStack.schemaRegistry.url } },
    logger: pino({ level: 'silent' }),
    port: 0,
  });
  onTestFinished(() => ingress.close());
  await ingress.readied;

  const watch = watchReadiness(ingress.url);
  const sender = startDeliverySender({ url: ingress.url, secret: SECRET, body: BODY, perSecond: 50, maxInFlight: 4 });
  onTestFinished(async () => {
    await sender.stop();
    await watch.stop();
  });

  const outage = async (how: Round['how']): Promise<Round> => {
    const down = Date.now();
    await (how === 'kill' ? broker.kill() : broker.stop());
    await sleep(OUTAGE_MS[how]);
    await broker.start();
    const up = Date.now();
    await waitFor(() => watch.saw(200, up) && sender.sent.some((d) => d.sentAt >= up && acknowledged(d)), 30_000, `the ingress ready and acknowledging again after the ${how}`);
    const recovered = Date.now();
    await sleep(AFTER_RECOVERY_MS);
    return { how, down, up, recovered };
  };

  // Normal flow first: the ingress acknowledges before anything fails.
  await waitFor(() => sender.sent.filter(acknowledged).length >= 100, 15_000, () => `100 deliveries acknowledged before the outage (${sender.sent.filter(acknowledged).length})`);
  const rounds = [await outage('kill'), await outage('stop')];
  const sent = await sender.stop();
  const samples = await watch.stop();

  // The other side: every record on the topic, decoded.
  const codec = createCodec(registry);
  const topic = names.raw['github-events']!;
  const records = await Promise.all((await readToEnd(topic, { cluster: kafka, timeoutMs: 30_000 })).map(async (m) => (await codec.decode('github-events', m.value!)).value));
  const onTopic = new Map<string, number>();
  for (const r of records) onTopic.set(r.deliveryId, (onTopic.get(r.deliveryId) ?? 0) + 1);

  const accepted = sent.filter(acknowledged);
  const refused = sent.filter((d) => d.status === 503);
  const latencies = sent.map((d) => d.latencyMs).sort((a, b) => a - b);
  const counts = {
    sent: sent.length,
    acknowledged2xx: accepted.length,
    refused503: refused.length,
    other: sent.length - accepted.length - refused.length,
    onTopic: records.length,
    acknowledgedAndLost: accepted.filter((d) => !onTopic.has(d.deliveryId)).length,
    refused503ButLanded: refused.filter((d) => onTopic.has(d.deliveryId)).length,
    onTopicTwice: [...onTopic.values()].filter((n) => n > 1).length,
    latencyMs: { p50: Math.round(latencies[Math.floor(latencies.length / 2)]!), p99: Math.round(latencies[Math.floor(latencies.length * 0.99)]!), max: Math.round(latencies.at(-1)!) },
    rounds: rounds.map((r) => ({
      how: r.how,
      outageMs: r.up - r.down,
      recoveryMs: r.recovered - r.up,
      refused503: refused.filter((d) => d.sentAt >= r.down && d.sentAt < r.up).length,
      acknowledgedDuring: accepted.filter((d) => d.sentAt >= r.down && d.sentAt < r.up).length,
    })),
  };
  console.log(JSON.stringify({ kafkaDown: counts }));

  // Nothing but 2xx and 503 with Retry-After, every answer in time.
  expect(sent.filter((d) => d.error !== undefined)).toEqual([]);
  expect(sent.filter((d) => !acknowledged(d) && d.status !== 503)).toEqual([]);
  expect(refused.filter((d) => d.retryAfter === undefined || d.code !== ErrorCodes.ingressKafkaUnavailable)).toEqual([]);
  expect(counts.latencyMs.max).toBeLessThan(GITHUB_TIMEOUT_MS);
  expect(counts.latencyMs.max, 'no answer waits much past the produce timeout').toBeLessThan(PRODUCE_TIMEOUT_MS + ANSWER_SLACK_MS);
  // None acknowledged and lost; the ingress produced nobody else's records, and each once.
  expect(accepted.filter((d) => !onTopic.has(d.deliveryId)).map((d) => d.deliveryId)).toEqual([]);
  const ids = new Set(sent.map((d) => d.deliveryId));
  expect([...onTopic.keys()].filter((id) => !ids.has(id))).toEqual([]);
  expect(counts.onTopicTwice).toBe(0);
  expect(records.every((r) => r.source === 'github' && r.eventName === 'push' && r.body === BODY)).toBe(true);

  // Not vacuous: each outage was felt (503s, /readyz not ready) and recovered from (2xx, /readyz ready).
  for (const round of rounds) {
    const during = (at: number) => at >= round.down && at < round.up;
    expect(refused.some((d) => during(d.sentAt)), `503s during the ${round.how}`).toBe(true);
    expect(samples.some((s) => during(s.at) && s.status === 503), `/readyz not ready during the ${round.how}`).toBe(true);
    expect(samples.some((s) => s.at >= round.up && s.status === 200), `/readyz ready after the ${round.how}`).toBe(true);
    expect(accepted.some((d) => d.sentAt >= round.up), `2xx after the ${round.how}`).toBe(true);
  }
});
