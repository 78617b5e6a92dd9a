/**
 * `GET /v1/pipeline` through `app.request()`: from a worker in the same process, relayed from a
 * worker's `/pipeline` (a real observability server on a free port, with a fake snapshot), and
 * each way a worker can fail to give one: a 503 problem naming the URL and the setting.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Access } from '../access/service.ts';
import type { PipelineSnapshot } from '../observability/pipelineSnapshot.ts';
import { startObservabilityServer, type ObservabilityServerOptions } from '../observability/server.ts';
import { createServeApp } from './app.ts';
import { digestOf } from './auth.ts';
import type { ServeSettings } from './config.ts';
import { pipelineRoutes } from './pipeline.ts';
import { testAccess, testSettings } from './testing/testQuestions.ts';

const logger = pino({ level: 'silent' });
const LOCAL = 'http://127.0.0.1:8790';

const SNAPSHOT: PipelineSnapshot = {
  at: '2026-12-05T10:00:00.000Z',
  topology: { mermaid: 'flowchart LR\n' },
  subTopologies: [
    { name: 'sink:clickhouse', state: 'running', lastError: null, restarts: 0, group: 'switchyard.sink:clickhouse', lag: 3, recordsIn: 40, recordsOut: 37, breakers: [{ node: 'sink:clickhouse', state: 'open' }], deadLettered: 0 },
  ],
  deadLettered: [],
};

let access: Access | undefined;
afterEach(async () => {
  await access?.close();
  access = undefined;
});

function appWith(overrides: Partial<ServeSettings> = {}, pipeline?: () => Promise<PipelineSnapshot>) {
  access = testAccess();
  return createServeApp({ access, settings: testSettings(overrides), logger, ...(pipeline === undefined ? {} : { pipeline }) });
}

/** A worker's observability server on a free port. */
async function worker(options: Partial<ObservabilityServerOptions> = {}) {
  const server = await startObservabilityServer({ port: 0, host: '127.0.0.1', ready: () => [], ...options });
  onTestFinished(() => server.close());
  return server;
}

const answer = async (response: Response) => ({ status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), body: (await response.json()) as Record<string, any> });

describe('GET /v1/pipeline', () => {
  it('answers the in-process worker’s snapshot without asking the network', async () => {
    // The URL leads nowhere: an in-process snapshot must not touch it.
    const app = appWith({ workerUrl: 'http://127.0.0.1:1' }, async () => SNAPSHOT);
    expect(await answer(await app.request(`${LOCAL}/v1/pipeline`))).toEqual({ status: 200, type: 'application/json', cache: 'no-store', body: SNAPSHOT });
  });

  it('relays the snapshot of the worker at SWITCHYARD_SERVE_WORKER_URL', async () => {
    const running = await worker({ pipeline: async () => SNAPSHOT });
    const { status, body, cache } = await answer(await appWith({ workerUrl: running.url }).request(`${LOCAL}/v1/pipeline`));
    expect({ status, body, cache }).toEqual({ status: 200, body: SNAPSHOT, cache: 'no-store' });
  });

  it('is 503 naming the URL and the setting when no worker answers', async () => {
    const gone = await startObservabilityServer({ port: 0, host: '127.0.0.1', ready: () => [] });
    await gone.close();
    const { status, type, body } = await answer(await appWith({ workerUrl: gone.url }).request(`${LOCAL}/v1/pipeline`));
    expect({ status, type }).toEqual({ status: 503, type: 'application/problem+json' });
    expect(body).toMatchObject({ status: 503, title: 'Worker unavailable', code: 'SWY_ACCESS_WORKER_UNAVAILABLE' });
    expect(body.detail).toContain(`${gone.url}/pipeline (SWITCHYARD_SERVE_WORKER_URL)`);
    expect(body.detail).toContain('ECONNREFUSED');
  });

  it('is 503 with the worker’s own reason while it starts, and for a worker without /pipeline', async () => {
    const starting = await worker({ pipeline: async () => undefined });
    expect((await answer(await appWith({ workerUrl: starting.url }).request(`${LOCAL}/v1/pipeline`))).body.detail).toMatch(/answered 503: the worker is starting/);
    const older = await worker();
    expect((await answer(await appWith({ workerUrl: older.url }).request(`${LOCAL}/v1/pipeline`))).body.detail).toMatch(/answered 404: no route \/pipeline/);
  });

  it('is 503 when the answer is not a pipeline snapshot, naming what is wrong', async () => {
    const other = await worker({ pipeline: async () => ({ ...SNAPSHOT, subTopologies: [{ ...SNAPSHOT.subTopologies[0]!, lag: -1 }] }) });
    const { status, body } = await answer(await appWith({ workerUrl: other.url }).request(`${LOCAL}/v1/pipeline`));
    expect(status).toBe(503);
    expect(body.detail).toContain('not a pipeline snapshot (subTopologies.0.lag');
  });

  it('gives up on a worker that does not answer in time', async () => {
    const stuck = await worker({ pipeline: () => new Promise(() => {}) });
    const started = Date.now();
    const response = await pipelineRoutes({ workerUrl: stuck.url, timeoutMs: 100 }).request('/pipeline');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { detail: string }).detail).toContain('did not answer within 100 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('needs a token like every /v1 route when tokens are set', async () => {
    const token = 'syd_pipeline-test-token';
    const app = appWith({ tokens: [{ name: 'dash', digest: Buffer.from(digestOf(token), 'hex') }] }, async () => SNAPSHOT);
    expect((await app.request(`${LOCAL}/v1/pipeline`)).status).toBe(401);
    expect((await app.request(`${LOCAL}/v1/pipeline`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
