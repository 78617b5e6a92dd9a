import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { startStandInServer, type StandInServer } from '../../test/support/standInServer.ts';
import { hostGate, retryAfterMs, spacingMs, type HostGate } from './hostGate.ts';

let server: StandInServer;
let gate: HostGate;
afterEach(async () => {
  await gate?.stop();
  await server?.close();
});

const okServer = () => startStandInServer(() => ({ status: 200, body: '{}' }));

/** A server that answers after `delayMs` (never, when null), and counts requests in flight. */
async function slowServer(delayMs: number | null): Promise<{ url: string; mostInFlight: () => number }> {
  let inFlight = 0;
  let most = 0;
  const slow = createServer((_req, res) => {
    most = Math.max(most, ++inFlight);
    if (delayMs !== null) setTimeout(() => (inFlight--, res.end('{}')), delayMs);
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => (slow.closeAllConnections(), slow.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, mostInFlight: () => most };
}

describe('hostGate', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Wed, 25 Nov 2026 10:00:05 GMT', Date.parse('2026-11-25T10:00:00Z'))).toBe(5000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(spacingMs(50)).toBe(21);
    expect(() => spacingMs(0)).toThrow(/above 0/);
  });

  it('keeps the host below its rate, as the requests leave the gate', { timeout: 10_000 }, async () => {
    server = await okServer();
    // Measured where the gate sends, not where the server receives: on a loaded machine the
    // network stack may deliver two requests sent 50 ms apart in the same millisecond.
    const sentAt: number[] = [];
    gate = hostGate({ name: 'test', ratePerSecond: 20, maxConcurrent: 8, timeoutMs: 5_000, fetch: (url, init) => (sentAt.push(performance.now()), fetch(url, init)) });
    await Promise.all(Array.from({ length: 30 }, () => gate.fetch(`${server.url}/x`)));
    expect(server.requests).toHaveLength(30);
    const mostInOneSecond = Math.max(...sentAt.map((start) => sentAt.filter((t) => t >= start && t < start + 1000).length));
    expect(mostInOneSecond).toBeLessThanOrEqual(20);
  });

  it('spaces each key on its own', { timeout: 10_000 }, async () => {
    server = await okServer();
    gate = hostGate({ name: 'test', ratePerSecond: 5, maxConcurrent: 8, timeoutMs: 5_000, keyOf: (url) => url.pathname });
    await Promise.all(['/a', '/b', '/c', '/a', '/b', '/c'].map((p) => gate.fetch(`${server.url}${p}`)));
    // Per key at 5/s, the first request of each key goes at once; one limiter shared by the keys
    // would space them 200 ms apart (400 ms from first to third). Measured between arrivals at the
    // server, so a slow start of the test process does not count.
    const firsts = ['/a', '/b', '/c'].map((key) => server.requests.find((r) => r.path === key)!.at);
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeLessThan(300);
    expect(server.maxInWindow(150, (r) => r.path === '/a')).toBe(1);
  });

  it('honours 429 Retry-After: the whole host waits, then the request is sent again', { timeout: 10_000 }, async () => {
    server = await okServer();
    const waits: number[] = [];
    gate = hostGate({ name: 'test', ratePerSecond: 100, maxConcurrent: 4, timeoutMs: 5_000, onRateLimited: (ms) => waits.push(ms) });
    server.inject(1, { status: 429, headers: { 'Retry-After': '1' }, body: '{"errorMessages":["Rate limit exceeded"]}' });
    const [first, second] = await Promise.all([gate.fetch(`${server.url}/one`), (async () => (await new Promise((r) => setTimeout(r, 50)), gate.fetch(`${server.url}/two`)))()]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(waits).toEqual([1000]);
    const [limited, ...after] = server.requests;
    expect(limited!.status).toBe(429);
    for (const r of after) expect(r.at - limited!.at).toBeGreaterThanOrEqual(995);
  });

  it('gives the caller the 429 once its retries are used up', { timeout: 10_000 }, async () => {
    server = await okServer();
    gate = hostGate({ name: 'test', ratePerSecond: 100, maxConcurrent: 1, timeoutMs: 5_000, maxRateLimitedRetries: 1 });
    server.inject(2, { status: 429, headers: { 'Retry-After': '0' }, body: '{}' });
    expect((await gate.fetch(`${server.url}/x`)).status).toBe(429);
    expect(server.requests).toHaveLength(2);
  });

  it('caps the requests in flight for the whole host, across keys', { timeout: 10_000 }, async () => {
    const slow = await slowServer(100);
    gate = hostGate({ name: 'test', ratePerSecond: 100, maxConcurrent: 2, timeoutMs: 5_000, keyOf: (url) => url.pathname });
    await Promise.all(['/a', '/b', '/c', '/d', '/e', '/f'].map((p) => gate.fetch(`${slow.url}${p}`)));
    expect(slow.mostInFlight()).toBe(2);
  });

  it('times each send from when it leaves the gate, not from when it was queued', { timeout: 10_000 }, async () => {
    const slow = await slowServer(150);
    gate = hostGate({ name: 'test', ratePerSecond: 100, maxConcurrent: 1, timeoutMs: 300 });
    // The third waits about 300 ms in the queue, then gets its own 300 ms.
    const answers = await Promise.all([1, 2, 3].map(() => gate.fetch(slow.url)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const silent = await slowServer(null);
    await expect(gate.fetch(silent.url)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('sends again after a Retry-After longer than the timeout, with a fresh time limit', { timeout: 10_000 }, async () => {
    server = await okServer();
    gate = hostGate({ name: 'test', ratePerSecond: 100, maxConcurrent: 1, timeoutMs: 300 });
    server.inject(1, { status: 429, headers: { 'Retry-After': '1' }, body: '{}' });
    expect((await gate.fetch(`${server.url}/x`)).status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
  });
});
