import { networkInterfaces } from 'node:os';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TopologyBuilder, TopologyTestDriver, mapValues, recordingSink, batch, guard } from '../operators/index.ts';
import { allReadiness, storeReadiness, subTopologyReadiness, type ReadinessCheck } from './readiness.ts';
import type { PipelineSnapshot } from './pipelineSnapshot.ts';
import { type ObservabilityServerOptions, startObservabilityServer } from './server.ts';

async function serve(options: Partial<ObservabilityServerOptions> & { ready?: ReadinessCheck } = {}) {
  const server = await startObservabilityServer({ port: 0, host: '127.0.0.1', ready: () => [], ...options });
  onTestFinished(() => server.close());
  return server;
}

describe('observability server', () => {
  it('serves the registry on /metrics in the Prometheus text format', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'test_things_total', help: 'things', labelNames: ['kind'] as const, registers: [registry] });
    counter.inc({ kind: 'a' }, 3);
    const server = await serve({ registry });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    expect(await response.text()).toContain('test_things_total{kind="a"} 3');
  });

  it("serves Switchyard's own registry by default", async () => {
    const server = await serve();
    const text = await (await fetch(`${server.url}/metrics?x=1`)).text();
    expect(text).toMatch(/^switchyard_process_resident_memory_bytes \d+/m);
  });

  it('answers /healthz while the process lives', async () => {
    const server = await serve({ ready: () => [{ name: 'x', ready: false }] });
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when every check is ready, 503 naming the ones that are not', async () => {
    let storeUp = true;
    const ready = () => [
      { name: 'sub-topology normalize', ready: true },
      { name: 'store clickhouse', ready: storeUp, reason: storeUp ? '18.16.1' : 'connect ECONNREFUSED http://default:s3cr3t@127.0.0.1:8123' },
    ];
    const server = await serve({ ready });
    const up = await fetch(`${server.url}/readyz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ ready: true, notReady: [] });

    storeUp = false;
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { ready: boolean; notReady: string[]; checks: { reason?: string }[] };
    expect(body.ready).toBe(false);
    expect(body.notReady).toEqual(['store clickhouse']);
    expect(JSON.stringify(body)).not.toContain('s3cr3t');
  });

  it('is not ready when the check throws or takes too long', async () => {
    const failing = await serve({ ready: () => Promise.reject(new Error('no topology yet')) });
    const failed = await fetch(`${failing.url}/readyz`);
    expect(failed.status).toBe(503);
    expect(JSON.stringify(await failed.json())).toContain('no topology yet');

    const slow = await serve({ ready: () => new Promise(() => {}), readyTimeoutMs: 50 });
    const timedOut = await fetch(`${slow.url}/readyz`);
    expect(timedOut.status).toBe(503);
    expect(JSON.stringify(await timedOut.json())).toContain('longer than 50 ms');
  });

  it('answers 404 elsewhere and 405 to other methods, and HEAD like GET without a body', async () => {
    const server = await serve();
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const post = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('closes with keep-alive connections open, and then refuses connections', async () => {
    const server = await startObservabilityServer({ port: 0, host: '127.0.0.1', ready: () => [] });
    await (await fetch(`${server.url}/healthz`)).text(); // fetch keeps the connection alive
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('listens on loopback only unless a host is given', async () => {
    const local = await startObservabilityServer({ port: 0, ready: () => [] });
    const open = await startObservabilityServer({ port: 0, host: '0.0.0.0', ready: () => [] });
    try {
      expect(local.host).toBe('127.0.0.1');
      expect(open.host).toBe('0.0.0.0');
      // Reached through another interface of this machine, when it has one: refused on loopback only.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
      if (external !== undefined) {
        await expect(fetch(`http://${external.address}:${local.port}/healthz`)).rejects.toThrow();
        expect((await fetch(`http://${external.address}:${open.port}/healthz`)).status).toBe(200);
      }
    } finally {
      await local.close();
      await open.close();
    }
  });

  it('answers /pipeline with the snapshot as JSON, uncached; 503 while there is none yet', async () => {
    let snapshot: PipelineSnapshot | undefined;
    const server = await serve({ pipeline: async () => snapshot });
    const starting = await fetch(`${server.url}/pipeline`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({ error: expect.stringContaining('starting') });

    snapshot = { at: '2026-12-05T10:00:00.000Z', topology: { mermaid: 'flowchart LR\n' }, subTopologies: [], deadLettered: [{ stage: 'normalize', errorClass: 'SyntaxError', count: 1 }] };
    const response = await fetch(`${server.url}/pipeline`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(snapshot);
  });

  it('has no /pipeline without a snapshot function, and keeps /metrics', async () => {
    const server = await serve();
    expect((await fetch(`${server.url}/pipeline`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it('rejects a bad port, naming it, and a port in use', async () => {
    await expect(startObservabilityServer({ port: 70_000, ready: () => [] })).rejects.toThrow(/port must be a whole number 0–65535, got 70000/);
    const first = await serve();
    await expect(startObservabilityServer({ port: first.port, host: '127.0.0.1', ready: () => [] })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('readiness checks', () => {
  it('reports each sub-topology ready while it runs, not ready once it stopped', async () => {
    const sink = recordingSink<Buffer | null, string>();
    const topology = new TopologyBuilder()
      .subTopology('a', { groupId: 'a', topics: ['in'], pipeline: (r, { scheduler }) => r.pipe(mapValues(String), batch({ scheduler }), guard(sink.write, { scheduler })) })
      .build();
    const driver = await TopologyTestDriver.start(topology);
    const check = subTopologyReadiness(driver.running);
    expect(await check()).toEqual([{ name: 'sub-topology a', ready: true, reason: 'running' }]);
    await driver.close();
    expect(await check()).toEqual([{ name: 'sub-topology a', ready: false, reason: 'stopped' }]);
  });

  it('turns store health into entries and combines checks', async () => {
    const check = allReadiness(
      storeReadiness('postgres', async () => ({ healthy: true, version: '15.18' })),
      storeReadiness('neo4j', async () => ({ healthy: false, detail: 'auth failed' })),
      storeReadiness('clickhouse', () => Promise.reject(new Error('ECONNREFUSED'))),
    );
    expect(await check()).toEqual([
      { name: 'store postgres', ready: true, reason: '15.18' },
      { name: 'store neo4j', ready: false, reason: 'auth failed' },
      { name: 'store clickhouse', ready: false, reason: 'ECONNREFUSED' },
    ]);
  });
});
