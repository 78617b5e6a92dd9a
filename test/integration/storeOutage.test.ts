/**
 * Issue 5 on the real stack: ClickHouse is stopped for 30 seconds while events flow. Its
 * sink's breaker opens and its sub-topology pauses its partitions; the other sink (vectors,
 * on real pgvector) keeps writing; when ClickHouse returns, it holds every event exactly once.
 * ClickHouse here is a private server of this test (same binary as the stack's), so stopping
 * it disturbs no other test.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../../avro/codec.ts';
import type { EngEvent } from '../../avro/generated/types.ts';
import { registerSchemas } from '../../avro/registration.ts';
import { kafkajsPort, runTopology, TopologyBuilder, type ConsumerPort, type KafkaPort } from '../../operators/index.ts';
import { clickhouseSink } from '../../sinks/clickhouse/sink.ts';
import { storeNamed } from '../../sinks/registry.ts';
import { SINK_DEFAULTS } from '../../sinks/settings.ts';
import type { Sink } from '../../sinks/sink.ts';
import { sinkSubTopology } from '../../sinks/subTopology.ts';
import { lexicalEmbedder } from '../../sinks/vectors/lexicalEmbedder.ts';
import { pgvectorStore } from '../../sinks/vectors/pgvector.ts';
import { vectorSink } from '../../sinks/vectors/sink.ts';
import { NAMESPACES } from '../../sinks/vectors/store.ts';
import { freshTopic, kafka, readToEnd, waitFor, waitForCaughtUp } from '../support/kafka.ts';
import { uniqueIdentifier, uniqueName } from '../support/names.ts';
import { privateClickHouse } from '../support/privateClickHouse.ts';
import { schemaRegistry } from '../support/registry.ts';

const DEVELOPERS = ['ada', 'bob', 'carol', 'dave', 'erin'];

function commit(i: number): EngEvent {
  const sha = (0x5000000 + i).toString(16).padStart(40, '0');
  const login = DEVELOPERS[i % DEVELOPERS.length]!;
  const who = { source: 'github', accountId: null, login, displayName: login, email: `${login}@example.com` };
  const at = Date.UTC(2026, 10, 25, 9) + i * 1_000;
  return {
    eventId: `github.commit.pushed:octo/app:${sha}`,
    type: 'commit.pushed',
    occurredAt: at,
    source: 'github',
    actor: who,
    repository: 'octo/app',
    projectKey: null,
    deliveryId: `d-${i}`,
    payload: { repository: 'octo/app', ref: 'refs/heads/main', branch: 'main', sha, message: `Tune the consumer rebalance handling, step ${i}`, author: who, committer: who, timestamp: at, url: `https://github.com/octo/app/commit/${sha}`, distinct: true, added: 0, removed: 0, modified: 1, jiraKeys: [] },
  };
}

describe('a store outage', () => {
  it('pauses only that store’s sink, and it holds every event exactly once after it returns', { timeout: 180_000 }, async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    const codec = createCodec(registry);
    await codec.prepare(['eng.events.v1', 'switchyard.dlq']);
    const topics = { events: await freshTopic(2, 'events'), deadLetters: await freshTopic(1, 'dlq') };

    const clickhouse = await privateClickHouse();
    const database = uniqueIdentifier('outage');
    const chSink = clickhouseSink({ url: clickhouse.url, username: 'default', password: '', database, requestTimeoutMs: 2_000 });
    await chSink.init();
    const db = new PGlite({ extensions: { vector } });
    const vectors = vectorSink({ store: pgvectorStore({ sql: db, dimension: 384, namespaces: Object.values(NAMESPACES) }), embedder: lexicalEmbedder() });
    await vectors.init();

    // When each sink wrote, to see the vector sink keep writing during the outage.
    const writes: { store: string; at: number }[] = [];
    const watched = (sink: Sink): Sink => ({ ...sink, store: sink.store, write: async (events) => (await sink.write(events), void writes.push({ store: sink.store, at: Date.now() })) });
    // Which consumer groups paused their partitions.
    const paused = new Map<string, number>();
    const port = kafkajsPort(kafka);
    const kafkaPort: KafkaPort = {
      ...port,
      consumer: (options) => {
        const consumer = port.consumer(options);
        const spy: ConsumerPort = {
          connect: () => consumer.connect(),
          subscribe: (o) => consumer.subscribe(o),
          run: (h) => consumer.run(h),
          pause: (tps) => (paused.set(options.groupId, (paused.get(options.groupId) ?? 0) + tps.length), consumer.pause(tps)),
          resume: (tps) => consumer.resume(tps),
          commitOffsets: (o) => consumer.commitOffsets(o),
          stop: () => consumer.stop(),
          disconnect: () => consumer.disconnect(),
        };
        return spy;
      },
    };
    const fast = { batchMaxWaitMs: 100, breakerResetMs: 2_000, breakerVolumeThreshold: 2, retryInitialDelayMs: 50, rateLimitPerSecond: 0 };
    const groups = { clickhouse: uniqueName('sink-clickhouse'), vectors: uniqueName('sink-vectors') };
    const topology = new TopologyBuilder()
      .subTopology('sink:clickhouse', sinkSubTopology({ sink: watched(chSink), handlers: storeNamed('clickhouse').handlers, codec, topics, groupId: groups.clickhouse, settings: { ...SINK_DEFAULTS.clickhouse, ...fast } }))
      .subTopology('sink:pinecone', sinkSubTopology({ sink: watched(vectors), handlers: storeNamed('pinecone').handlers, codec, topics, groupId: groups.vectors, settings: { ...SINK_DEFAULTS.pinecone, ...fast } }))
      .build();
    const running = await runTopology(topology, { kafka: kafkaPort, commitIntervalMs: 200 });

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    let sent = 0;
    const flow = (async () => {
      for (let round = 0; round < 90; round++) {
        const events = Array.from({ length: 20 }, () => commit(sent++));
        await producer.send({ topic: topics.events, acks: -1, messages: await Promise.all(events.map(async (e) => ({ key: e.repository, value: await codec.encode('eng.events.v1', e) }))) });
        await sleep(500);
      }
    })();

    try {
      await waitFor(() => writes.some((w) => w.store === 'clickhouse'), 30_000, 'ClickHouse to receive a first batch');
      await clickhouse.stop();
      const outage = { from: Date.now(), to: Date.now() + 30_000 };
      await sleep(30_000);
      await clickhouse.start();
      await flow;

      const count = async (sql: string) => Number(await (await fetch(`${clickhouse.url}/?query=${encodeURIComponent(sql)}`)).text());
      await waitFor(async () => (await count(`SELECT count() FROM ${database}.events FINAL`)) === sent, 60_000, `ClickHouse to hold all ${sent} events`);
      expect(await count(`SELECT uniqExact(event_id) FROM ${database}.events`)).toBe(sent);

      expect(paused.get(groups.clickhouse) ?? 0).toBeGreaterThan(0);
      const duringOutage = writes.filter((w) => w.at > outage.from + 3_000 && w.at < outage.to);
      expect(duringOutage.filter((w) => w.store === 'pinecone').length).toBeGreaterThan(5);
      expect(duringOutage.filter((w) => w.store === 'clickhouse')).toEqual([]);
      // Both sinks committed everything they read: whatever they would dead-letter is on the topic by now.
      await waitForCaughtUp([{ groupId: groups.clickhouse, topics: [topics.events] }, { groupId: groups.vectors, topics: [topics.events] }]);
      expect(await readToEnd(topics.deadLetters)).toEqual([]);
      console.log(`outage: ${sent} events; ClickHouse paused ${paused.get(groups.clickhouse)} partition(s) and holds ${sent} once; vectors wrote ${duringOutage.length} batches during the outage`);
    } finally {
      await running.stop({ timeoutMs: 10_000 });
      await producer.disconnect();
      await chSink.close();
      await vectors.close();
    }
  });
});
