/**
 * replay on the real stack: webhooks land on fresh raw topics as Avro RawWebhooks that decode
 * back to exactly what was given, keyed like the gateway keys them, and what could not be sent
 * is in the summary with its reason.
 */
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../avro/codec.ts';
import type { RawWebhook } from '../avro/generated/types.ts';
import { registerSchemas } from '../avro/registration.ts';
import { endOffsets, freshTopic, kafka, readAll } from '../test/support/kafka.ts';
import { schemaRegistry } from '../test/support/registry.ts';
import { SOURCES } from '../topology/sources.ts';
import { rawKey } from '../topology/rawRecord.ts';
import { replay, type ReplayProgress } from './replay.ts';
import { sampleWebhooks } from './samples.ts';
import { syntheticWebhooks } from './synthetic.ts';
import type { ReplayInput } from './webhook.ts';

/** The raw topics all carry RawWebhook: decoding as any one of them types the value. */
type RawTopic = 'github-events';
const { ConfigResourceTypes } = kafkajs;

describe('replay on the real stack', () => {
  it('produces every webhook to its raw topic, keyed, exactly as given, and reports what it skipped', { timeout: 90_000 }, async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    const codec = createCodec(registry);
    const topics = Object.fromEntries(await Promise.all(SOURCES.map(async (s) => [s.topic, await freshTopic(3, s.topic)] as const)));

    const webhooks = [...sampleWebhooks(), ...syntheticWebhooks({ count: 400, seed: 3 })];
    const inputs: ReplayInput[] = [
      ...webhooks.slice(0, 10),
      { origin: 'bad.json', reason: 'not JSON: Unexpected end of JSON input' },
      { ...webhooks[0]!, source: 'gitlab', deliveryId: 'd-gitlab' },
      ...webhooks.slice(10),
    ];
    const progress: ReplayProgress[] = [];
    const before = Date.now();
    const summary = await replay({ kafka, codec, webhooks: inputs, topics, batchSize: 100, onProgress: (p) => progress.push(p) });
    const after = Date.now();

    const expectedTopic = (w: RawWebhook) => topics[SOURCES.find((s) => s.source === (w.source === 'alertmanager' ? 'prometheus' : w.source))!.topic]!;
    const expectedByTopic: Record<string, number> = {};
    for (const w of webhooks) expectedByTopic[expectedTopic(w)] = (expectedByTopic[expectedTopic(w)] ?? 0) + 1;
    expect(summary).toMatchObject({ sent: webhooks.length, byTopic: expectedByTopic, skipped: 2 });
    expect(summary.unreadable).toEqual([
      { origin: 'bad.json', reason: 'not JSON: Unexpected end of JSON input' },
      { origin: 'delivery d-gitlab', reason: expect.stringMatching(/^unknown source "gitlab"/) },
    ]);
    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(webhooks.length / 100));
    expect(progress.map((p) => p.sent)).toEqual([...progress.map((p) => p.sent)].sort((a, b) => a - b));
    expect(progress.at(-1)!.sent).toBe(webhooks.length);

    await Promise.all(
      SOURCES.map(async (source) => {
        const topic = topics[source.topic]!;
        const expected = webhooks.filter((w) => expectedTopic(w) === topic);
        const messages = await readAll(topic, expected.length);
        const records = await Promise.all(
          messages.map(async (m) => ({ key: m.key!.toString(), timestamp: Number(m.timestamp), decoded: await codec.decode(source.topic as RawTopic, m.value!) })),
        );
        expect(records.every((r) => r.decoded.format === 'avro')).toBe(true);
        const got = records.map((r) => ({ key: r.key, value: r.decoded.value })).sort((a, b) => a.value.deliveryId.localeCompare(b.value.deliveryId));
        const want = expected.map((w) => ({ key: rawKey(w), value: w })).sort((a, b) => a.value.deliveryId.localeCompare(b.value.deliveryId));
        expect(got, source.topic).toEqual(want);
        // Stamped as produced, not with the webhooks' (months-old) receivedAt, which time retention would delete.
        for (const r of records) expect(r.timestamp, source.topic).toSatisfy((t: number) => t >= before - 1_000 && t <= after + 1_000);
      }),
    );
  });

  it('keeps one key in order on its partition', { timeout: 60_000 }, async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    const codec = createCodec(registry);
    const topic = await freshTopic(3, 'github-events');
    const webhooks = [...syntheticWebhooks({ count: 600, seed: 11 })].filter((w) => w.source === 'github');
    await replay({ kafka, codec, webhooks, topics: { 'github-events': topic }, batchSize: 64 });
    const messages = await readAll(topic, webhooks.length);
    expect(messages.length).toBe(webhooks.length);
    const order = new Map(webhooks.map((w, i) => [w.deliveryId, i]));
    const byKey = new Map<string, number[]>();
    for (const m of messages) {
      const { value } = await codec.decode('github-events', m.value!);
      const key = m.key!.toString();
      byKey.set(key, [...(byKey.get(key) ?? []), order.get(value.deliveryId)!]);
    }
    expect(byKey.size).toBe(20);
    // readAll reads partitions concurrently, so only each key's own sequence has an order.
    for (const indexes of byKey.values()) expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });

  it('holds a rate, and stops after the batch in flight when aborted', { timeout: 60_000 }, async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    const codec = createCodec(registry);
    const topics = Object.fromEntries(await Promise.all(SOURCES.map(async (s) => [s.topic, await freshTopic(1, s.topic)] as const)));
    const started = Date.now();
    const paced = await replay({ kafka, codec, webhooks: syntheticWebhooks({ count: 150, seed: 4 }), topics, rate: 200 });
    expect(paced.sent).toBe(150);
    // 150 at 200/s is 0.75 s at the least; unpaced it takes a few milliseconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);

    const abort = new AbortController();
    const stopped = await replay({ kafka, codec, webhooks: syntheticWebhooks({ count: 10_000, seed: 4 }), topics, batchSize: 50, signal: abort.signal, onProgress: (p) => p.sent >= 100 && abort.abort() });
    expect(stopped.sent).toBe(100);
    const written = await Promise.all(Object.values(topics).map(async (topic) => [...(await endOffsets(topic)).values()].reduce((sum, high) => sum + Number(high), 0)));
    expect(written.reduce((a, b) => a + b, 0)).toBe(250);
  });

  it('rejects a rate or batch size that is not positive', async () => {
    const codec = createCodec(schemaRegistry());
    await expect(replay({ kafka, codec, webhooks: [], rate: 0 })).rejects.toThrow('replay: rate must be a positive number, got 0');
    await expect(replay({ kafka, codec, webhooks: [], batchSize: -5 })).rejects.toThrow('replay: batchSize must be a positive number, got -5');
  });
});

describe('replay and webhooks larger than the raw topics take', () => {
  it('skips and counts one that is too large, sends the rest, and flushes a batch before it outgrows the limit', { timeout: 60_000 }, async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    const codec = createCodec(registry);
    const topic = await freshTopic(1, 'github-events');
    const LIMIT = 20_000;
    // The broker holds the topic to the same limit: a batch of all five would be refused.
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: String(LIMIT) }] }] });
    await admin.disconnect();
    const push = [...syntheticWebhooks({ count: 200, seed: 5 })].find((w) => w.source === 'github')!;
    const sized = (n: number, padding: number): RawWebhook => ({ ...push, deliveryId: `d-${n}`, body: JSON.stringify({ ...(JSON.parse(push.body) as object), padding: 'p'.repeat(padding) }) });
    // Five of 6 KB: together over the limit, so they must go in more than one send.
    const webhooks = [sized(1, 6_000), sized(2, 6_000), sized(3, 30_000), sized(4, 6_000), sized(5, 6_000), sized(6, 6_000)];
    const summary = await replay({ kafka, codec, webhooks, topics: { 'github-events': topic }, batchSize: 100, maxMessageBytes: LIMIT });
    expect(summary).toMatchObject({ sent: 5, skipped: 1, tooLarge: 1 });
    expect(summary.unreadable).toEqual([{ origin: 'delivery d-3', reason: expect.stringMatching(new RegExp(`^the raw record of \\d+ bytes is over the ${LIMIT} bytes the raw topics take \\(RAW_MAX_MESSAGE_BYTES\\)$`)) }]);
    const messages = await readAll(topic, 5);
    const ids = await Promise.all(messages.map(async (m) => ((await codec.decode('github-events', m.value!)).value as RawWebhook).deliveryId));
    expect(ids).toEqual(['d-1', 'd-2', 'd-4', 'd-5', 'd-6']);
  });
});
