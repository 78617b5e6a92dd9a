import { describe, expect, it } from 'vitest';
import { batch, filter, guard, mapValues, recordingSink, TopologyBuilder, TopologyTestDriver } from '../operators/index.ts';
import { actuatorActions, registry } from './registry.ts';
import { prometheusInstrumentation } from './topology.ts';

/** The value of one series in the registry's exposition, or undefined when it is absent. */
function series(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.indexOf('}'));
    const got = inside.split(',');
    if (wanted.every((w) => got.includes(w)) && got.length === wanted.length) return Number(line.slice(line.indexOf('}') + 1));
  }
  return undefined;
}

describe('prometheusInstrumentation', () => {
  it('exposes records in and out per node, batch sizes, writes and breaker state in the registry', async () => {
    const sub = `metrics-test-${Date.now()}`;
    const sink = recordingSink<Buffer | null, number>();
    const topology = new TopologyBuilder()
      .subTopology(sub, {
        groupId: sub,
        topics: ['in'],
        sourceName: `${sub}-source`,
        pipeline: (records, { scheduler, flow }) =>
          records.pipe(
            mapValues((bytes) => Number(String(bytes)), { name: `${sub}-parse` }),
            filter((n) => n % 2 === 0, { name: `${sub}-even` }),
            batch({ name: `${sub}-batch`, maxRecords: 3, maxWaitMs: 10, scheduler }),
            guard(sink.write, { name: `${sub}-sink`, scheduler, flow }),
          ),
      })
      .build();
    const driver = await TopologyTestDriver.start(topology, { instrumentation: prometheusInstrumentation() });
    const labels = (node: string) => ({ sub_topology: sub, node: `${sub}-${node}` });

    // Every node is there from the start, at zero.
    const before = await registry.metrics();
    expect(series(before, 'switchyard_records_in_total', labels('sink'))).toBe(0);
    expect(series(before, 'switchyard_breaker_state', labels('sink'))).toBe(0);

    const values = Array.from({ length: 10 }, (_, i) => i);
    await driver.pipeInput('in', values.map((n) => ({ value: String(n) })));
    await driver.advanceTime(10);
    await driver.close();
    const even = values.filter((n) => n % 2 === 0);
    expect(sink.written).toHaveLength(even.length);

    // Scraped twice: the second scrape must not add the same records again.
    await registry.metrics();
    const text = await registry.metrics();
    expect(series(text, 'switchyard_records_in_total', labels('source'))).toBe(values.length);
    expect(series(text, 'switchyard_records_out_total', labels('parse'))).toBe(values.length);
    expect(series(text, 'switchyard_records_in_total', labels('even'))).toBe(values.length);
    expect(series(text, 'switchyard_records_out_total', labels('even'))).toBe(even.length);
    expect(series(text, 'switchyard_records_in_total', labels('sink'))).toBe(even.length);
    expect(series(text, 'switchyard_records_out_total', labels('sink'))).toBe(0);
    const batches = Math.ceil(even.length / 3);
    expect(series(text, 'switchyard_batch_size_records_count', labels('batch'))).toBe(batches);
    expect(series(text, 'switchyard_batch_size_records_sum', labels('batch'))).toBe(even.length);
    expect(series(text, 'switchyard_sink_write_duration_seconds_count', { ...labels('sink'), outcome: 'ok' })).toBe(batches);
    expect(series(text, 'switchyard_sink_write_records_total', { ...labels('sink'), outcome: 'ok' })).toBe(even.length);
    expect(series(text, 'switchyard_breaker_state', labels('sink'))).toBe(0);
    expect(text).toMatch(/# HELP switchyard_breaker_state .*0 closed.*1 half-open.*2 open/);
  });

  it('feeds the sub-topologies’ named counters to their metrics, and refuses unknown names', async () => {
    const source = `counter-test-${Date.now()}`;
    const instrumentation = prometheusInstrumentation();
    instrumentation.counter('events_skipped').inc({ source, event: 'ping' });
    const performed = async () => (await actuatorActions.get()).values.find((v) => v.labels.target === 'jira' && v.labels.outcome === 'performed')?.value ?? 0;
    const before = await performed();
    instrumentation.counter('actuator_actions').inc({ target: 'jira', outcome: 'performed' });
    expect(() => instrumentation.counter('no_such_counter')).toThrow('no counter no_such_counter; the counters are events_skipped, actuator_actions');
    expect(() => instrumentation.counter('toString')).toThrow('no counter toString');

    const text = await registry.metrics();
    expect(series(text, 'switchyard_events_skipped_total', { source, event: 'ping' })).toBe(1);
    expect((await performed()) - before).toBe(1);
    expect(text).not.toContain('no_such_counter');
  });

  it('serves the process metrics under the switchyard_ prefix', async () => {
    const text = await registry.metrics();
    expect(text).toMatch(/^switchyard_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^switchyard_nodejs_eventloop_lag_seconds \d/m);
  });
});
