/**
 * `npm run bench:access`: the access layer (`switchyard serve`: HTTP, auth, rate limit, zod, the
 * store readers' guards) asking every question of the catalogue, beside the same queries sent
 * straight through each database's plain client (bench/access/raw.ts).
 *
 * The corner: its own topics, groups and store corners (chaos/isolation.ts), filled through the
 * real pipeline (webhooks → Kafka → normalize → sinks; access/testing/populatedCorner.ts) with the
 * samples, BENCH_ACCESS_WEBHOOKS synthetic webhooks (default 70,000: about 119,000 events; BENCH_SEED,
 * default 1) and the Shop DORA history. Dropped at the end and on Ctrl-C, unless BENCH_KEEP=1 (the id
 * is printed); BENCH_ACCESS_CORNER=<id> reuses a kept one instead of filling (give it the
 * BENCH_ACCESS_WEBHOOKS and BENCH_SEED it was filled with, so `events` is right).
 *
 * The server: `startServe` on a free loopback port with one fresh bearer token, the corner's
 * stores and organization file, the access limits' defaults (timeout, row cap, topK), and the
 * per-token rate raised to its maximum (the default 600 a minute would answer the bench 429).
 * Each question is asked with one realistic input (bench/access/inputs.ts); every one must answer
 * 200 first, or the bench stops.
 *
 * What each figure means:
 * - `questions.<name>`: BENCH_ACCESS_CALLS (default 200) sequential POST /v1/questions/<name> (fewer
 *   when BENCH_ACCESS_BUDGET_MS, default 8,000, has passed: at least 20; `calls` says how many) after
 *   a warm-up → `p50`/`p99` ms (client side, the body read); `rawP50`/`rawP99`: the same question's
 *   `run` straight on the plain clients, as many times; `ratio` (also `<name>Ratio`) = p50 ÷ rawP50.
 * - `throughput`: BENCH_ACCESS_CLIENTS (default 50) concurrent HTTP clients for BENCH_ACCESS_SECONDS
 *   (default 20), round-robin over every question → requests/s, p50/p99 ms, errors (any non-200).
 *   `rawRps`: the same mix and clients straight on the plain clients; `throughputRatio` = rps ÷ rawRps.
 * - `mcp.<name>`: BENCH_ACCESS_MCP_CALLS (default 100) sequential `callTool`s with the SDK's Client
 *   over Streamable HTTP (a new server per request, stateless) → p50/p99, beside the HTTP p50.
 *
 * Prints progress and a table, then one JSON line of figures (the last line).
 */
import '../config/loadEnvFirst.ts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { pino } from 'pino';
import { CATALOGUE } from '../access/catalogue.ts';
import type { Access } from '../access/service.ts';
import { readSection } from '../config/spec.ts';
import { newToken } from '../serve/auth.ts';
import { serveConfig } from '../serve/config.ts';
import { openServedAccess } from '../serve/open.ts';
import { startServe, type RunningServe } from '../serve/server.ts';
import { loadConfig } from '../config/index.ts';
import { benchCorner, cornerFigures } from './access/benchCorner.ts';
import { benchWebhooks, contentsOf } from './access/corner.ts';
import { chooseInputs } from './access/inputs.ts';
import { concurrent, MIN_CALLS, sequential } from './access/load.ts';
import { openRawReaders, type RawReaders } from './access/raw.ts';
import { percentile } from './pipeline/percentile.ts';
import { whole } from './pipeline/whole.ts';

const WEBHOOKS = whole('BENCH_ACCESS_WEBHOOKS', 70_000, 0);
const SEED = whole('BENCH_SEED', 1, 0);
const CALLS = whole('BENCH_ACCESS_CALLS', 200, 1);
/** Each side of each question's latency run stops after this long (at least MIN_CALLS calls made). */
const BUDGET_MS = whole('BENCH_ACCESS_BUDGET_MS', 8_000, 1);
const WARM_UP = 5;
const CLIENTS = whole('BENCH_ACCESS_CLIENTS', 50, 1);
const SECONDS = whole('BENCH_ACCESS_SECONDS', 20, 1);
const MCP_CALLS = whole('BENCH_ACCESS_MCP_CALLS', 100, 1);
const FILL_TIMEOUT_MS = whole('BENCH_TIMEOUT_S', 900, 10) * 1000;
const MCP_QUESTIONS = ['user_by_github_login', 'dora_metrics'];

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => Number(x.toFixed(x < 10 ? 2 : 1));
const since = (t: number) => (performance.now() - t) / 1000;
const benchStarted = performance.now();

let server: RunningServe | undefined;
let access: Access | undefined;
let raw: RawReaders | undefined;

// ── 1. The corner.
const webhooks = benchWebhooks(WEBHOOKS, SEED);
const contents = contentsOf(webhooks, loadConfig());
console.log(`access bench: ${fmt(webhooks.length)} webhooks (the samples and ${fmt(WEBHOOKS)} synthetic, seed ${SEED}) and the Shop DORA history → ${fmt(contents.events)} events: ${Object.entries(contents.stores).map(([s, n]) => `${s} ${fmt(n)}`).join(', ')}`);

const { corner, fillSeconds, finish, fail } = await benchCorner({ bench: 'access', webhooks, synthetic: WEBHOOKS, seed: SEED, timeoutMs: FILL_TIMEOUT_MS, closers: () => [server, access, raw] });
const filled = corner;

// ── 2. The server: one fresh token, the corner's stores and organization file, default limits.
const { token, digest } = newToken();
const env: Record<string, string | undefined> = { ...process.env, ...filled.env };
for (const name of Object.keys(env)) if (name.startsWith('SWITCHYARD_ACCESS_') || name.startsWith('SWITCHYARD_SERVE_')) delete env[name];
Object.assign(env, { SWITCHYARD_ACCESS_TOKENS: `bench:${digest}`, SWITCHYARD_ACCESS_RATE_PER_MINUTE: '1000000', SWITCHYARD_SERVE_HOST: '127.0.0.1', SWITCHYARD_SERVE_PORT: '0' });
const settings = readSection(serveConfig, env);
const served = await openServedAccess({ settings, env, stores: filled.config.stores }).catch(fail);
access = served.access;
server = await startServe({ access, settings, logger: pino({ level: 'silent' }), port: 0 }).catch(fail);
const url = server.url;
raw = openRawReaders(filled.config, CATALOGUE, settings.limits, filled.organization);
const rawReaders = raw;
console.log(`  serving ${url} (limits: timeout ${settings.limits.timeoutMs} ms, row cap ${settings.limits.rowCap}, topK ${settings.limits.maxTopK})${served.unconfigured.length > 0 ? `; not configured: ${served.unconfigured.map((u) => u.store).join(', ')}` : ''}`);

const inputs = await chooseInputs(CATALOGUE, rawReaders.probe).catch(fail);
const parsedInputs = Object.fromEntries(CATALOGUE.map((q) => [q.name, q.input.parse(inputs[q.name]) as Record<string, unknown>]));
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const bodies = Object.fromEntries(CATALOGUE.map((q) => [q.name, JSON.stringify(inputs[q.name])]));

/** One POST; its body read; anything but 200 throws with the problem's detail. */
async function post(name: string): Promise<void> {
  const response = await fetch(`${url}/v1/questions/${name}`, { method: 'POST', headers, body: bodies[name]! });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${name} ${bodies[name]} answered ${response.status}: ${text.slice(0, 300)}`);
}
const questionByName = new Map(CATALOGUE.map((q) => [q.name, q]));
const rawAsk = (name: string) => rawReaders.ask(questionByName.get(name)!, parsedInputs[name]!);

// Every chosen input must answer 200, or the bench would measure refusals.
for (const q of CATALOGUE) await post(q.name).catch(fail);
console.log(`  every question answers 200 with its input:`);
for (const q of CATALOGUE) console.log(`    ${q.name.padEnd(28)} ${bodies[q.name]}`);

// ── 3. Latency, one question at a time: ours over HTTP, then raw.
const names = CATALOGUE.map((q) => q.name);
const questions: Record<string, { calls: number; p50: number; p99: number; rawP50: number; rawP99: number; ratio: number }> = {};
console.log(`\n  latency: ${CALLS} sequential calls per question (or as many as ${BUDGET_MS / 1000} s allow, at least ${MIN_CALLS}), after ${WARM_UP} to warm up`);
for (const name of names) {
  const ours = await sequential(WARM_UP, () => post(name)).then(() => sequential(CALLS, () => post(name), BUDGET_MS)).catch(fail);
  const direct = await sequential(WARM_UP, () => rawAsk(name)).then(() => sequential(ours.length, () => rawAsk(name))).catch(fail);
  const p50 = percentile(ours, 50);
  const rawP50 = percentile(direct, 50);
  questions[name] = { calls: ours.length, p50: ms(p50), p99: ms(percentile(ours, 99)), rawP50: ms(rawP50), rawP99: ms(percentile(direct, 99)), ratio: Number((p50 / rawP50).toFixed(2)) };
  const f = questions[name];
  console.log(`    ${name.padEnd(28)} ${String(ours.length).padStart(3)} calls  p50 ${String(f.p50).padStart(7)} ms  p99 ${String(f.p99).padStart(7)} ms   raw p50 ${String(f.rawP50).padStart(7)} ms  p99 ${String(f.rawP99).padStart(7)} ms   ratio ${f.ratio}`);
}

// ── 4. Throughput: the whole mix, many clients at once.
console.log(`\n  throughput: ${CLIENTS} concurrent clients for ${SECONDS} s, round-robin over ${names.length} questions…`);
const http = await concurrent(CLIENTS, SECONDS, (i) => post(names[i % names.length]!));
const rps = http.requests / http.seconds;
console.log(`    HTTP: ${fmt(http.requests)} requests in ${http.seconds.toFixed(1)} s = ${rps.toFixed(1)}/s, p50 ${ms(percentile(http.durations, 50))} ms, p99 ${ms(percentile(http.durations, 99))} ms, errors ${http.errors}`);
for (const sample of http.errorSamples) console.log(`      error: ${sample}`);
const direct = await concurrent(CLIENTS, SECONDS, (i) => rawAsk(names[i % names.length]!));
const rawRps = direct.requests / direct.seconds;
console.log(`    raw:  ${fmt(direct.requests)} requests in ${direct.seconds.toFixed(1)} s = ${rawRps.toFixed(1)}/s, p50 ${ms(percentile(direct.durations, 50))} ms, p99 ${ms(percentile(direct.durations, 99))} ms, errors ${direct.errors}`);
for (const sample of direct.errorSamples) console.log(`      error: ${sample}`);

// ── 5. MCP over Streamable HTTP: the SDK's client, a new server per request on ours.
const mcp: Record<string, { p50: number; p99: number; httpP50: number }> = {};
const client = new Client({ name: 'bench-access', version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } })).catch(fail);
await client.listTools().catch(fail); // as an agent does first; the client then checks each answer against its output schema
console.log(`\n  MCP: ${MCP_CALLS} sequential callTool per question`);
for (const name of MCP_QUESTIONS) {
  const call = async () => {
    const result = await client.callTool({ name, arguments: inputs[name]! });
    if (result.isError === true) throw new Error(`MCP ${name} answered an error: ${JSON.stringify(result.content).slice(0, 300)}`);
  };
  const times = await sequential(WARM_UP, call).then(() => sequential(MCP_CALLS, call, BUDGET_MS)).catch(fail);
  mcp[name] = { p50: ms(percentile(times, 50)), p99: ms(percentile(times, 99)), httpP50: questions[name]!.p50 };
  console.log(`    ${name.padEnd(28)} ${String(times.length).padStart(3)} calls  p50 ${String(mcp[name].p50).padStart(7)} ms  p99 ${String(mcp[name].p99).padStart(7)} ms   (HTTP p50 ${mcp[name].httpP50} ms)`);
}
await client.close().catch(() => {});

await finish();
const totalSeconds = since(benchStarted);
console.log(`\n  ${fmt(contents.events)} events; ${names.length} questions; HTTP ${rps.toFixed(1)} req/s vs raw ${rawRps.toFixed(1)}/s (ratio ${(rps / rawRps).toFixed(3)}); ${fillSeconds === null ? 'corner reused' : `filled in ${fillSeconds.toFixed(0)} s`}, ${totalSeconds.toFixed(0)} s in all`);
const figures: Record<string, unknown> = {
  ...cornerFigures('access', contents, fillSeconds, totalSeconds),
  calls: CALLS,
  questions,
};
for (const name of names) figures[`${name}Ratio`] = questions[name]!.ratio;
Object.assign(figures, {
  throughput: { clients: CLIENTS, seconds: SECONDS, requests: http.requests, rps: Number(rps.toFixed(1)), p50: ms(percentile(http.durations, 50)), p99: ms(percentile(http.durations, 99)), errors: http.errors },
  rawRps: Number(rawRps.toFixed(1)),
  rawErrors: direct.errors,
  throughputRatio: Number((rps / rawRps).toFixed(3)),
  mcp,
});
console.log(JSON.stringify(figures));
process.exit(0);
