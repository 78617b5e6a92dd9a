/**
 * The pieces together on the real Kafka, as the worker wires them: a sub-topology run with
 * prometheusInstrumentation(), the lag collector on its group, and the HTTP server. A scrape
 * while the store is down shows the open breaker and the lag; once it is back, the throughput
 * and a lag of zero.
 */
import kafkajs from 'kafkajs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { batch, guard, kafkajsPort, mapValues, runTopology, TopologyBuilder } from '../operators/index.ts';
import { freshTopic, kafka, produce, waitFor } from '../test/support/kafka.ts';
import { uniqueName } from '../test/support/names.ts';
import { consumerGroupsOf, startLagCollector } from '../metrics/consumerLag.ts';
import { prometheusInstrumentation } from '../metrics/topology.ts';
import { subTopologyReadiness } from './readiness.ts';
import { startObservabilityServer } from './server.ts';

/** Sum of the values of a metric's series whose labels include all of `labels`. */
function sum(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const values = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && wanted.every((w) => line.slice(0, line.indexOf('}')).includes(w)))
    .map((line) => Number(line.slice(line.indexOf('}') + 1)));
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
}

describe('observability end to end', () => {
  it('a scrape shows the breaker, the lag and the throughput of a running sub-topology', async () => {
    const topic = await freshTopic(2, 'observed');
    const sub = uniqueName('observed');
    const count = 300;
    await produce(topic, Array.from({ length: count }, (_, i) => ({ key: `k${i % 7}`, value: JSON.stringify({ i }) })));

    let storeDown = true;
    let written = 0;
    const write = async (records: readonly unknown[]) => {
      if (storeDown) throw new Error('store down');
      written += records.length;
    };
    const topology = new TopologyBuilder()
      .subTopology(sub, {
        groupId: sub,
        topics: [topic],
        fromBeginning: true,
        sourceName: `${sub}-source`,
        pipeline: (records, { flow }) =>
          records.pipe(
            mapValues((bytes) => JSON.parse(String(bytes)) as unknown, { name: `${sub}-parse` }),
            batch({ name: `${sub}-batch`, maxRecords: 50, maxWaitMs: 20 }),
            guard(write, { name: `${sub}-sink`, flow, breaker: { volumeThreshold: 1, errorThresholdPercentage: 10, resetTimeout: 300 } }),
          ),
      })
      .build();

    const running = await runTopology(topology, {
      kafka: kafkajsPort(kafka),
      commitIntervalMs: 100,
      instrumentation: prometheusInstrumentation(),
      consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 },
    });
    onTestFinished(() => running.stop({ timeoutMs: 5_000 }));
    const admin = kafka.admin({ retry: { retries: 2 } } as kafkajs.AdminConfig);
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    const lag = startLagCollector({ admin, groups: consumerGroupsOf(topology), intervalMs: 100 });
    onTestFinished(() => lag.stop());
    const server = await startObservabilityServer({ port: 0, host: '127.0.0.1', ready: subTopologyReadiness(running) });
    onTestFinished(() => server.close());
    const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
    const node = (name: string) => ({ sub_topology: sub, node: `${sub}-${name}` });

    // The store is down: the breaker opens, nothing is committed, the whole topic is lag.
    let text = '';
    await waitFor(async () => sum((text = await scrape()), 'switchyard_breaker_state', node('sink')) === 2, 15_000, 'the breaker to open');
    await waitFor(async () => sum((text = await scrape()), 'switchyard_consumer_lag', { group: sub, topic }) === count, 10_000, 'the lag to show the topic');
    expect(sum(text, 'switchyard_sink_write_duration_seconds_count', { ...node('sink'), outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    // The store is back: everything is written and committed.
    storeDown = false;
    await waitFor(() => written === count, 20_000, 'every record written');
    await waitFor(async () => sum((text = await scrape()), 'switchyard_consumer_lag', { group: sub, topic }) === 0, 10_000, 'the lag to reach zero');
    expect(sum(text, 'switchyard_breaker_state', node('sink'))).toBe(0);
    expect(sum(text, 'switchyard_records_in_total', node('source'))).toBe(count);
    expect(sum(text, 'switchyard_records_out_total', node('parse'))).toBe(count);
    expect(sum(text, 'switchyard_records_in_total', node('sink'))).toBe(count);
    expect(sum(text, 'switchyard_sink_write_records_total', { ...node('sink'), outcome: 'ok' })).toBe(count);
    expect(sum(text, 'switchyard_batch_size_records_sum', node('batch'))).toBe(count);

    await running.stop({ timeoutMs: 5_000 });
    const stopped = await fetch(`${server.url}/readyz`);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toMatchObject({ ready: false, notReady: [`sub-topology ${sub}`] });
  });
});
