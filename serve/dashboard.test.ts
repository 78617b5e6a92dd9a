/**
 * The dashboard's files through the app (`app.request()`, no socket): the pages with their policy,
 * the modules as JavaScript the browser can run, the vendored libraries, and no token asked for
 * files that hold no data while the questions still need one.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Access } from '../access/service.ts';
import { createServeApp } from './app.ts';
import { acceptsGzip } from './dashboard.ts';
import { digestOf } from './auth.ts';
import { testAccess, testSettings } from './testing/testQuestions.ts';

const LOCAL = 'http://127.0.0.1:8790';
const TOKEN = 'syd_test-token-for-the-dashboard';

let access: Access | undefined;
afterEach(async () => {
  await access?.close();
  access = undefined;
});

function app(tokens = false) {
  access = testAccess();
  return createServeApp({ access, settings: testSettings(tokens ? { tokens: [{ name: 'tester', digest: Buffer.from(digestOf(TOKEN), 'hex') }] } : {}), logger: pino({ level: 'silent' }) });
}

describe('the dashboard files', () => {
  it('serves both pages with a policy that allows only their own scripts and their import map', async () => {
    for (const [path, module] of [['/', '/dashboard/delivery.ts'], ['/pipeline', '/dashboard/pipeline.ts']] as const) {
      const response = await app().request(`${LOCAL}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toContain(`<script type="module" src="${module}">`);
      const policy = response.headers.get('content-security-policy') ?? '';
      // The one inline script allowed is the page's import map, by the hash of exactly its text.
      const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1];
      expect(importMap).toContain('"echarts"');
      expect(policy).toContain(`script-src 'self' 'sha256-${createHash('sha256').update(importMap!).digest('base64')}'`);
      expect(policy).not.toContain('unsafe-eval');
    }
  });

  it("serves each page's entry module as JavaScript with its own modules in it, types gone, the charting library left to load apart", async () => {
    const response = await app().request(`${LOCAL}/dashboard/delivery.ts`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await response.text();
    // ask.ts and period.ts are in it (one request, not a waterfall of imports); echarts is not.
    expect(code).toContain('var AskError = class');
    expect(code).toContain('function presetRange');
    expect(code).toMatch(/import\(\s*"echarts"\s*\)/);
    expect(code).not.toMatch(/import type|: HTMLElement|AnswerOf</);
    // The type-only import of the catalogue is erased: the browser never asks for server code.
    expect(code).not.toContain('access/catalogue');
    // The modules it holds are not served on their own, nor the tests beside them.
    expect((await app().request(`${LOCAL}/dashboard/period.ts`)).status).toBe(404);
    expect((await app().request(`${LOCAL}/dashboard/delivery.stack.test.ts`)).status).toBe(404);
  });

  it('answers a repeat request with 304 by its ETag', async () => {
    const served = app();
    const first = await served.request(`${LOCAL}/dashboard/styles.css`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await served.request(`${LOCAL}/dashboard/styles.css`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it('serves the vendored libraries from node_modules, and nothing else under /vendor', async () => {
    const served = app();
    const echarts = await served.request(`${LOCAL}/vendor/echarts.js`);
    expect(echarts.status).toBe(200);
    expect(echarts.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const plain = await echarts.text();
    expect(plain.length).toBeGreaterThan(500_000);
    // Gzipped for a browser that takes it: about a third of the bytes, the same text.
    const zipped = await served.request(`${LOCAL}/vendor/echarts.js`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('etag')).not.toBe(echarts.headers.get('etag'));
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(plain.length / 2);
    expect(gunzipSync(bytes).toString('utf8')).toBe(plain);
    expect((await served.request(`${LOCAL}/vendor/..%2Fpackage.json`)).status).toBe(404);
    expect((await served.request(`${LOCAL}/dashboard/..%2fpackage.json`)).status).toBe(404);
    // A page only where its Content-Security-Policy comes with it.
    expect((await served.request(`${LOCAL}/dashboard/index.html`)).status).toBe(404);
    expect((await served.request(`${LOCAL}/dashboard/tsconfig.json`)).status).toBe(404);
  });

  it('needs no token for the pages, but their data still does', async () => {
    const served = app(true);
    expect((await served.request(`${LOCAL}/`)).status).toBe(200);
    expect((await served.request(`${LOCAL}/dashboard/delivery.ts`)).status).toBe(200);
    expect((await served.request(`${LOCAL}/v1/questions`)).status).toBe(401);
    expect((await served.request(`${LOCAL}/v1/pipeline`)).status).toBe(401);
  });
});

describe('acceptsGzip', () => {
  it('takes gzip unless its quality is zero', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
