/**
 * The sink sub-topology in the test driver: it keeps the events its store's handlers accept; a
 * batch as large as the store's setting fills from one partition at once, without waiting out
 * batchMaxWaitMs (the source's in-flight bound leaves it room); what it dead-letters is counted
 * on /metrics.
 */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../avro/generated/types.ts';
import { deadLettered } from '../metrics/registry.ts';
import { prometheusInstrumentation } from '../metrics/topology.ts';
import { TopologyBuilder, TopologyTestDriver } from '../operators/index.ts';
import { storeNamed } from './registry.ts';
import { SINK_DEFAULTS } from './settings.ts';
import type { Sink } from './sink.ts';
import { sinkSubTopology } from './subTopology.ts';
import { jsonCodec } from '../test/support/jsonCodec.ts';
import { envelope } from './testing/envelope.ts';

const handlers = storeNamed('clickhouse').handlers;

function recordingStore(): Sink & { readonly writes: (readonly EngEvent[])[] } {
  const writes: (readonly EngEvent[])[] = [];
  return {
    store: 'clickhouse',
    writes,
    init: async () => {},
    write: async (events) => void writes.push(events),
    health: async () => ({ healthy: true }),
    close: async () => {},
  };
}

describe('sinkSubTopology', () => {
  it('writes the events its store’s handlers accept and finishes the others at once', async () => {
    const sink = recordingStore();
    const settings = { ...SINK_DEFAULTS.clickhouse, batchMaxWaitMs: 10 };
    const noSamples = { ...handlers, 'metric.sampled': null };
    const topology = new TopologyBuilder().subTopology('sink:clickhouse', sinkSubTopology({ sink, handlers: noSamples, codec: jsonCodec, settings })).build();
    const driver = await TopologyTestDriver.start(topology);
    const sample = envelope('metric.sampled', 'prometheus:1', 1_767_225_600_000, { name: 'up', labels: {}, value: 1, timestamp: 1_767_225_600_000 });
    const alert = envelope('alert.firing', 'alertmanager:1', 1_767_225_600_000, { fingerprint: 'f1', alertName: 'Down' });

    await driver.pipeInput('eng.events.v1', [sample, alert, sample].map((event) => ({ key: 'job', value: JSON.stringify(event) })));
    await driver.advanceTime(10);
    await driver.close();

    expect(sink.writes.flat().map((e) => e.type)).toEqual(['alert.firing']);
    expect(driver.readOutput('switchyard.dlq')).toEqual([]);
    expect(driver.committed('switchyard.sink:clickhouse')).toEqual({ 'eng.events.v1/0': '3' });
  });

  it('fills a batch larger than the source’s default in-flight bound from one partition without waiting for batchMaxWaitMs', async () => {
    const batchMaxRecords = 2_500;
    const sink = recordingStore();
    const settings = { ...SINK_DEFAULTS.clickhouse, batchMaxRecords, batchMaxWaitMs: 60_000, rateLimitPerSecond: 0 };
    const topology = new TopologyBuilder().subTopology('sink:clickhouse', sinkSubTopology({ sink, handlers, codec: jsonCodec, settings })).build();
    const driver = await TopologyTestDriver.start(topology, { partitions: { 'eng.events.v1': 1 } });
    const events = Array.from({ length: batchMaxRecords }, (_, i) => envelope('metric.sampled', `prometheus:${i}`, 1_767_225_600_000 + i, { name: 'up', labels: {}, value: 1, timestamp: 1_767_225_600_000 + i }));

    await driver.pipeInput('eng.events.v1', events.map((event) => ({ key: 'job', value: JSON.stringify(event) })));
    await driver.settle();

    expect(sink.writes.map((w) => w.length)).toEqual([batchMaxRecords]);
    await driver.close();
  });

  it('counts what it dead-letters in switchyard_dead_lettered_total, by stage and error class', async () => {
    const sink = recordingStore();
    const settings = { ...SINK_DEFAULTS.clickhouse, batchMaxWaitMs: 10 };
    const topology = new TopologyBuilder().subTopology('sink:clickhouse', sinkSubTopology({ sink, handlers, codec: jsonCodec, settings })).build();
    const driver = await TopologyTestDriver.start(topology, { instrumentation: prometheusInstrumentation() });
    const labels = { stage: 'sink:clickhouse', error_class: 'SyntaxError' };
    const before = (await deadLettered.get()).values.find((v) => v.labels.stage === labels.stage && v.labels.error_class === labels.error_class)?.value ?? 0;

    await driver.pipeInput('eng.events.v1', [{ key: 'job', value: 'not json' }, { key: 'job', value: 'nor this' }]);
    await driver.settle();
    await driver.close();

    expect(driver.readOutput('switchyard.dlq')).toHaveLength(2);
    const after = (await deadLettered.get()).values.find((v) => v.labels.stage === labels.stage && v.labels.error_class === labels.error_class)?.value ?? 0;
    expect(after - before).toBe(2);
  });

  it('dead-letters only the event that fails alone while the store answers its health check; the others are written', async () => {
    const written: string[] = [];
    const tooLarge = () => Object.assign(new Error('Property value is too large to index'), { classification: 'retryable' });
    const sink: Sink = {
      store: 'clickhouse',
      init: async () => {},
      write: async (events) => {
        if (events.some((e) => e.eventId === 'alertmanager:poison')) throw tooLarge();
        written.push(...events.map((e) => e.eventId));
      },
      health: async () => ({ healthy: true }),
      close: async () => {},
    };
    // No rate limit: bottleneck keeps real timers, which the driver's virtual clock does not move.
    const settings = { ...SINK_DEFAULTS.clickhouse, batchMaxWaitMs: 10, retryMaxAttempts: 0, retryInitialDelayMs: 5, rateLimitPerSecond: 0, isolateAttempts: 3 };
    const topology = new TopologyBuilder().subTopology('sink:clickhouse', sinkSubTopology({ sink, handlers, codec: jsonCodec, settings })).build();
    const driver = await TopologyTestDriver.start(topology, { partitions: { 'eng.events.v1': 1 } });
    const ids = ['a1', 'a2', 'poison', 'a3', 'a4', 'a5', 'a6', 'a7'].map((id) => `alertmanager:${id}`);
    const alerts = ids.map((id) => envelope('alert.firing', id, 1_767_225_600_000, { fingerprint: id, alertName: 'Down' }));

    await driver.pipeInput('eng.events.v1', alerts.map((event) => ({ key: 'job', value: JSON.stringify(event) })));
    await driver.advanceTime(1_000);
    await driver.settle();
    await driver.close();

    expect(written).toEqual(ids.filter((id) => id !== 'alertmanager:poison'));
    const dead = driver.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ stage: 'sink:clickhouse', offset: 2, errorClass: 'Error' });
    expect(dead[0]!.errorMessage).toMatch(/^failed alone 3 times while the store answered its health check: Property value is too large to index$/); // the store's isolateAttempts
    expect(driver.committed('switchyard.sink:clickhouse')).toEqual({ 'eng.events.v1/0': '8' });
  });
});
