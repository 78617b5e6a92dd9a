/**
 * A source is one folder, end to end: the throwaway GitLab source (test/fixtures/throwaway-source/)
 * listed beside SOURCES, as its registry line would list it, goes through the real normalize
 * sub-topology (on the test driver) and into each store's real sink on the local stack, in a
 * corner of its own (the store descriptor's `isolation`: a PostgreSQL schema, a ClickHouse
 * database, Neo4j labels, pgvector tables), and each store's own audit finds every event routed
 * to it exactly once. Nothing outside the source's folder knows GitLab.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { EngEvent, RawWebhook } from '../../avro/generated/types.ts';
import { readSection } from '../../config/spec.ts';
import { TopologyBuilder, TopologyTestDriver } from '../../operators/index.ts';
import { rawKey } from '../../topology/rawRecord.ts';
import { accepts } from '../../sinks/handlers.ts';
import { STORES } from '../../sinks/registry.ts';
import { clickhouseStore } from '../../sinks/clickhouse/index.ts';
import type { AnyStore } from '../../sinks/store.ts';
import { DEFAULT_TOPICS, normalizeSubTopology } from '../../topology/normalize.ts';
import { SOURCES } from '../../topology/sources.ts';
import { gitlab } from '../fixtures/throwaway-source/index.ts';
import { jsonCodec } from '../support/jsonCodec.ts';
import { uniqueIdentifier } from '../support/names.ts';

const sources = [...SOURCES, gitlab];
const topics = { ...DEFAULT_TOPICS, raw: { ...DEFAULT_TOPICS.raw, [gitlab.topic]: gitlab.topic } };
const runId = uniqueIdentifier('throwaway');

/** Each fixture as the gateway would have put it on the raw topic. */
const webhooks: RawWebhook[] = gitlab.fixtures().map((fixture, i) => {
  const deliveryId = `gitlab-delivery-${i + 1}`;
  return { source: fixture.source, eventName: fixture.eventName, deliveryId, receivedAt: Date.parse('2026-01-05T15:00:00Z'), headers: { ...gitlab.headers(fixture.eventName, deliveryId) }, body: readFileSync(fixture.file, 'utf8') };
});

let driver: TopologyTestDriver;
let events: EngEvent[];

beforeAll(async () => {
  const normalize = normalizeSubTopology({ codec: jsonCodec, channels: { byProject: {}, defaultChannel: null }, topics, sources });
  driver = await TopologyTestDriver.start(new TopologyBuilder().subTopology('normalize', normalize).build());
  await driver.pipeInput(gitlab.topic, webhooks.map((webhook) => ({ key: rawKey(webhook, undefined, sources), value: webhook })));
  // Past the output batches' wait (20 ms of virtual time).
  await driver.advanceTime(100);
  events = driver.readOutputValues<EngEvent>(topics.events).filter((event): event is EngEvent => event !== null);
});

afterAll(async () => {
  await driver?.close();
});

describe('a throwaway source listed beside SOURCES', () => {
  it('is normalized by the real normalize sub-topology, keyed by its project, nothing dead-lettered', () => {
    expect(events.map((event) => [event.type, event.source]).sort()).toEqual([
      ['commit.pushed', 'gitlab'],
      ['commit.pushed', 'gitlab'],
      ['pull_request.merged', 'gitlab'],
      ['pull_request.opened', 'gitlab'],
    ]);
    expect(driver.readOutput(topics.events).map((m) => m.key?.toString())).toEqual(events.map(() => 'acme/payments-api'));
    expect(driver.deadLetters(topics.deadLetters)).toEqual([]);
  });

  it.each(STORES.map((store): [string, AnyStore] => [store.name, store]))('reaches %s through its real sink, which holds every event routed to it', { timeout: 120_000 }, async (_name, store) => {
    const routed = events.filter((event) => accepts(store.handlers, event));
    expect(routed.length, `${store.name} takes none of the throwaway source's events`).toBeGreaterThan(0);

    const config = readSection(store.config, { ...process.env, ...store.isolation.env(runId) });
    onTestFinished(() => store.isolation.drop(config));
    const sink = store.connect(config);
    onTestFinished(() => sink.close());
    await sink.init();
    await sink.write(routed);

    expect(await store.audit(sink, routed)).toMatchObject({ store: expect.any(String), missing: 0, duplicated: 0, mismatched: 0, ok: true });
  });

  it("reaches ClickHouse's DORA aggregates: its views filter on kinds, not on GitHub's types", { timeout: 120_000 }, async () => {
    const config = readSection(clickhouseStore.config, { ...process.env, ...clickhouseStore.isolation.env(`${runId}_dora`) });
    onTestFinished(() => clickhouseStore.isolation.drop(config));
    const sink = clickhouseStore.connect(config);
    onTestFinished(() => sink.close());
    await sink.init();
    await sink.write(events.filter((event) => accepts(clickhouseStore.handlers, event)));
    const merged = events.find((event) => event.type === 'pull_request.merged')!;
    const result = await sink.client.query({
      query: `SELECT repository, pr_number, minIfMerge(opened_at_ms) AS opened, minIfMerge(merged_at_ms) AS merged FROM ${sink.database}.pull_requests GROUP BY repository, pr_number`,
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { repository: 'acme/payments-api', pr_number: String(merged.payload.pullRequest.number), opened: String(merged.payload.pullRequest.createdAt), merged: String(merged.payload.mergedAt) },
    ]);
  });
});
