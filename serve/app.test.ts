/**
 * The hono app through `app.request()` (no socket): the HTTP routes, their refusals as problem+json,
 * auth, limits, CORS, the Host check, /readyz and /metrics, over test questions that need no store.
 */
import { validate, compileErrors } from '@readme/openapi-parser';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Access } from '../access/service.ts';
import { createServeApp } from './app.ts';
import { digestOf } from './auth.ts';
import type { ServeSettings } from './config.ts';
import { testAccess, testSettings, TEST_QUESTIONS } from './testing/testQuestions.ts';

const logger = pino({ level: 'silent' });
const TOKEN = 'syd_test-token-for-the-app-tests';
const withToken = { tokens: [{ name: 'tester', digest: Buffer.from(digestOf(TOKEN), 'hex') }] };
const LOCAL = 'http://127.0.0.1:8790';

let access: Access | undefined;
afterEach(async () => {
  await access?.close();
  access = undefined;
});

function appWith(overrides: Partial<ServeSettings> = {}) {
  access = testAccess();
  return createServeApp({ access, settings: testSettings(overrides), logger });
}

const json = async (response: Response) => ({ status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, any> });

describe('the question routes', () => {
  it('lists every question with its stores and input and output JSON Schemas', async () => {
    const { status, body } = await json(await appWith().request(`${LOCAL}/v1/questions`));
    expect(status).toBe(200);
    expect(body.questions.map((q: { name: string }) => q.name)).toEqual(TEST_QUESTIONS.map((q) => q.name));
    const sum = body.questions[0];
    expect(sum).toMatchObject({ title: 'Test: a sum', stores: ['postgres'], input: { type: 'object', required: ['a'] }, output: { type: 'object' } });
    expect(sum.input.properties.b).toMatchObject({ type: 'integer', default: 1 });
  });

  it('answers GET (query string typed by the input schema) and POST (JSON body) the same', async () => {
    const app = appWith();
    const get = await json(await app.request(`${LOCAL}/v1/questions/test_sum?a=2.5&b=3&tags=x&tags=y&period.month=2026-03&flag=true`));
    const post = await json(await app.request(`${LOCAL}/v1/questions/test_sum`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 2.5, b: 3, tags: ['x', 'y'], period: { month: '2026-03' }, flag: true }) }));
    const whole = await json(await app.request(`${LOCAL}/v1/questions/test_sum?input=${encodeURIComponent(JSON.stringify({ a: 2.5, b: 3, tags: ['x', 'y'], period: { month: '2026-03' }, flag: true }))}`));
    const objectParam = await json(await app.request(`${LOCAL}/v1/questions/test_sum?a=2.5&b=3&tags=x&tags=y&flag=true&period=${encodeURIComponent('{"month":"2026-03"}')}`));
    expect(post).toEqual({ status: 200, type: 'application/json', body: { sum: 5.5, tags: ['x', 'y'], period: { month: '2026-03' }, flag: true } });
    expect(get).toEqual(post);
    expect(whole).toEqual(post);
    expect(objectParam).toEqual(post);
  });

  it('says the row cap and truncation of a list answer', async () => {
    const { body } = await json(await appWith().request(`${LOCAL}/v1/questions/test_rows?count=9`));
    expect(body).toEqual({ rows: [1, 2, 3, 4, 5].map((n) => ({ n })), truncated: true, limit: 5 });
  });

  it('refuses bad input with 400 problem+json naming each JSON path and what it must be', async () => {
    const app = appWith();
    const nested = await json(await app.request(`${LOCAL}/v1/questions/test_sum`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 1, period: { from: 'not a date', to: '2026-04-01' } }) }));
    expect(nested.status).toBe(400);
    expect(nested.type).toBe('application/problem+json');
    expect(nested.body).toMatchObject({ status: 400, title: 'Bad input', code: 'SWY_ACCESS_BAD_INPUT', problems: [{ path: 'input.period.from', message: expect.stringContaining('ISO date') }] });
    const query = await json(await app.request(`${LOCAL}/v1/questions/test_sum?a=abc`));
    expect(query.status).toBe(400);
    expect(query.body.problems).toEqual([{ path: 'input.a', message: expect.stringMatching(/number/) }]);
    const notJson = await json(await app.request(`${LOCAL}/v1/questions/test_sum`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":' }));
    expect(notJson.body).toMatchObject({ status: 400, problems: [{ path: 'input' }] });
  });

  it('answers an unknown question 404 with the closest names', async () => {
    const { status, body } = await json(await appWith().request(`${LOCAL}/v1/questions/test_summ`));
    expect(status).toBe(404);
    expect(body.code).toBe('SWY_ACCESS_UNKNOWN_QUESTION');
    expect(body.closest[0]).toBe('test_sum');
  });

  it('answers 503 naming the store for a question whose store is not configured, while the others answer', async () => {
    const app = appWith();
    const down = await json(await app.request(`${LOCAL}/v1/questions/test_down?team=platform`));
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'SWY_ACCESS_STORE_UNAVAILABLE', store: 'neo4j', detail: expect.stringContaining('neo4j') });
    expect((await app.request(`${LOCAL}/v1/questions/test_sum?a=1`)).status).toBe(200);
  });
});

describe('who may ask', () => {
  it('refuses a request without a token or with a wrong one (401), answers the right one', async () => {
    const app = appWith(withToken);
    const none = await app.request(`${LOCAL}/v1/questions/test_sum?a=1`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { code: string }).code).toBe('SWY_ACCESS_UNAUTHORIZED');
    expect((await app.request(`${LOCAL}/v1/questions/test_sum?a=1`, { headers: { Authorization: 'Bearer syd_wrong' } })).status).toBe(401);
    expect((await app.request(`${LOCAL}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await app.request(`${LOCAL}/v1/questions/test_sum?a=1`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const metrics = await (await app.request(`${LOCAL}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    expect(metrics).toMatch(/switchyard_access_requests_total\{question="test_sum",transport="http",outcome="unauthorized"\} [1-9]/);
  });

  it('without tokens answers only a loopback Host header at its port (DNS-rebinding guard)', async () => {
    const app = appWith();
    for (const host of ['127.0.0.1:8790', 'localhost:8790', '[::1]:8790']) expect((await app.request(`http://${host}/v1/questions`)).status, host).toBe(200);
    for (const host of ['evil.example:8790', '127.0.0.1:9999', 'attacker.test']) {
      const refused = await app.request(`http://${host}/v1/questions`);
      expect(refused.status, host).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('SWY_ACCESS_REFUSED');
    }
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After past the per-minute budget, per caller', async () => {
    const app = appWith({ ...withToken, ratePerMinute: 2 });
    const ask = () => app.request(`${LOCAL}/v1/questions/test_sum?a=1`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ code: 'SWY_ACCESS_RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  });

  it('answers 413 past the body limit, with or without Content-Length', async () => {
    const app = appWith({ maxBodyBytes: 1_024 });
    const body = JSON.stringify({ a: 1, tags: ['x'.repeat(2_000)] });
    const sized = await app.request(`${LOCAL}/v1/questions/test_sum`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }, body });
    expect(sized.status).toBe(413);
    expect(await sized.json()).toMatchObject({ code: 'SWY_ACCESS_TOO_LARGE' });
    const streamed = new ReadableStream({ start: (controller) => { controller.enqueue(new TextEncoder().encode(body)); controller.close(); } });
    const chunked = await app.request(`${LOCAL}/v1/questions/test_sum`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: streamed, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('allows a CORS preflight from a listed origin and gives others no Allow-Origin', async () => {
    const app = appWith({ corsOrigins: ['https://dash.example.com'] });
    const preflight = (origin: string) => app.request(`${LOCAL}/v1/questions/test_sum`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
    const allowed = await preflight('https://dash.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await app.request(`${LOCAL}/v1/questions/test_sum?a=1`, { headers: { Origin: 'https://dash.example.com' } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
  });
});

describe('the document and the operators\' endpoints', () => {
  it('serves an OpenAPI 3.1 document that validates and has a GET and a POST for every question', async () => {
    const { status, body } = await json(await appWith(withToken).request(`${LOCAL}/openapi.json`, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(status).toBe(200);
    const result = await validate(structuredClone(body) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(body.openapi).toMatch(/^3\.1\./);
    expect(body.security).toEqual([{ bearer: [] }]);
    for (const q of TEST_QUESTIONS) {
      expect(Object.keys(body.paths[`/v1/questions/${q.name}`]).sort()).toEqual(['get', 'post']);
      expect(body.components.schemas[`${q.name.replace(/(^|_)(\w)/g, (_: string, __: string, c: string) => c.toUpperCase())}Output`]).toBeDefined();
    }
    const params = body.paths['/v1/questions/test_sum'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(['a', 'b', 'tags', 'period', 'flag']);
  });

  it('/healthz answers without a token; /readyz lists the checks', async () => {
    access = testAccess();
    const app = createServeApp({ access, settings: testSettings(withToken), logger, ready: () => [{ name: 'worker', ready: false, reason: 'starting' }] });
    expect((await app.request(`${LOCAL}/healthz`)).status).toBe(200);
    const ready = await json(await app.request(`${LOCAL}/readyz`, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(ready).toMatchObject({ status: 503, body: { ready: false, notReady: ['worker'] } });
  });
});

describe('metrics', () => {
  it('counts a refusal before the question once, and a question the service refuses once', async () => {
    const { accessRequests } = await import('../metrics/access.ts');
    const count = async (labels: Record<string, string>) => (await accessRequests.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k as never] === l))?.value ?? 0;
    const app = appWith({ ...withToken, ratePerMinute: 1 });
    const before = { limited: await count({ question: 'test_rows', outcome: 'rate_limited' }), down: await count({ question: 'test_down', outcome: 'store_unavailable' }) };
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
    expect((await app.request(`${LOCAL}/v1/questions/test_down?team=x`, auth)).status).toBe(503);
    expect((await app.request(`${LOCAL}/v1/questions/test_rows?count=1`, auth)).status).toBe(429);
    expect(await count({ question: 'test_down', outcome: 'store_unavailable' })).toBe(before.down + 1);
    expect(await count({ question: 'test_rows', outcome: 'rate_limited' })).toBe(before.limited + 1);
  });
});

describe('MCP over HTTP', () => {
  const mcpPost = (app: ReturnType<typeof appWith>, body: string) =>
    app.request(`${LOCAL}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', Authorization: `Bearer ${TOKEN}` }, body });
  const call = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'test_sum', arguments: { a: id } } });

  it('answers one tool call per POST', async () => {
    const response = await mcpPost(appWith(withToken), JSON.stringify(call(1)));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { structuredContent: unknown } }).result.structuredContent).toMatchObject({ sum: 2 });
  });

  it('refuses a JSON-RPC batch, which would run many calls for one rate-limit point', async () => {
    const response = await mcpPost(appWith({ ...withToken, ratePerMinute: 2 }), JSON.stringify(Array.from({ length: 100 }, (_, i) => call(i))));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32600, message: expect.stringContaining('batches are not accepted') } });
  });

  it('answers a body that is not JSON with a JSON-RPC parse error', async () => {
    const response = await mcpPost(appWith(withToken), '{"jsonrpc":');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
  });
});
