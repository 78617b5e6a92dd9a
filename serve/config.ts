/**
 * The access layer's settings (`switchyard serve`, and `npm start` which runs it): where it
 * listens, who may ask (bearer tokens, stored only as SHA-256 digests), how much (per-token rate,
 * body size, time, rows, neighbours), which browsers (CORS), which opt-in raw read tools, and
 * where the worker is whose pipeline `/v1/pipeline` relays.
 *
 * Impossible combinations are refused at start (STYLE.md 8): a non-loopback host without tokens
 * would serve every store's data to the network unauthenticated, so it stops the server naming
 * SWITCHYARD_SERVE_HOST and SWITCHYARD_ACCESS_TOKENS; `neo4j` or `pinecone` among the raw tools
 * is refused with the reason (Neo4j Community cannot refuse `LOAD CSV` in a read transaction;
 * PGlite has no statement timeout).
 */
import type { AccessLimits, StoreName } from '../access/question.ts';
import { isLoopback } from '../config/loopback.ts';
import { HOST } from '../config/worker.ts';
import { type ConfigSection, type Env, type Problems, type Setting, URL_KINDS, urlSetting, valueOf, wholeNumber } from '../config/spec.ts';

/** A configured bearer token: its name (for logs, metrics and the rate limit) and its SHA-256 digest. */
export interface TokenDigest {
  readonly name: string;
  /** 32 bytes. */
  readonly digest: Buffer;
}

export interface ServeSettings {
  readonly port: number;
  readonly host: string;
  /** Empty: no authentication, and only loopback may be served. Secret. */
  readonly tokens: readonly TokenDigest[];
  readonly ratePerMinute: number;
  /** Origins a browser may call from; empty: none. */
  readonly corsOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly limits: AccessLimits;
  /** Stores whose raw read-only query tool is served (postgres, clickhouse). */
  readonly rawTools: readonly RawToolStore[];
  /** The worker's observability server (no trailing slash), whose `/pipeline` `/v1/pipeline` relays when the worker runs in another process. */
  readonly workerUrl: string;
}

/** The stores a raw read-only query tool may be offered for: their databases refuse a write and stop a slow query. */
export const RAW_TOOL_STORES = ['postgres', 'clickhouse'] as const satisfies readonly StoreName[];
export type RawToolStore = (typeof RAW_TOOL_STORES)[number];

/** Why a store has no raw tool, said when it is listed. */
const NO_RAW_TOOL: Readonly<Record<Exclude<StoreName, RawToolStore>, string>> = {
  neo4j: 'Neo4j Community lets a READ transaction run LOAD CSV (files and URLs) and TERMINATE TRANSACTIONS, so free Cypher cannot be made read-only',
  pinecone: 'the vector store answers only its fixed similarity questions (pgvector on PGlite has no statement timeout)',
};

export const SERVE_SETTINGS: readonly Setting[] = [
  { name: 'SWITCHYARD_SERVE_PORT', description: 'Port of the access layer (HTTP /v1/questions, /openapi.json, MCP at /mcp)', default: '8790' },
  { name: 'SWITCHYARD_SERVE_HOST', description: 'Address the access layer listens on; anything but loopback (127.0.0.1, ::1, localhost) needs SWITCHYARD_ACCESS_TOKENS', default: '127.0.0.1' },
  {
    name: 'SWITCHYARD_ACCESS_TOKENS',
    description: 'Bearer tokens that may ask, as name:sha256hex[,name:sha256hex…] (`npx switchyard serve token NAME` makes one and prints the line); none: unauthenticated, loopback only',
    secret: true,
    example: 'dashboard:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
  { name: 'SWITCHYARD_ACCESS_RATE_PER_MINUTE', description: 'Requests a token (or, without tokens, an address) may make per minute before 429', default: '600' },
  { name: 'SWITCHYARD_ACCESS_CORS_ORIGINS', description: 'Origins a browser may call the access layer from, comma-separated; none by default', example: 'https://dashboard.example.com' },
  { name: 'SWITCHYARD_ACCESS_MAX_BODY_BYTES', description: 'Largest request body (POST /v1, /mcp), in bytes, before 413', default: '65536' },
  { name: 'SWITCHYARD_ACCESS_TIMEOUT_MS', description: 'How long one question may take, in ms: the stores\' own query timeouts are set from it (504 past it)', default: '10000' },
  { name: 'SWITCHYARD_ACCESS_ROW_CAP', description: 'Most rows any list answer holds; a longer list is cut and says truncated', default: '1000' },
  { name: 'SWITCHYARD_ACCESS_MAX_TOPK', description: 'Most neighbours a vector question returns', default: '50' },
  { name: 'SWITCHYARD_ACCESS_RAW_TOOLS', description: `Stores whose raw read-only query tool is served, comma-separated (${RAW_TOOL_STORES.join(', ')}); off by default. The database's read-only principal and timeouts still apply` },
  {
    name: 'SWITCHYARD_SERVE_WORKER_URL',
    description: "The worker's metrics server (its METRICS_HOST:METRICS_PORT), whose /pipeline the access layer relays at /v1/pipeline for the dashboard; unused by npm start, which runs both in one process",
    default: 'http://127.0.0.1:<METRICS_PORT> (9464 unless METRICS_PORT is set)',
    example: 'http://worker.internal:9464',
  },
];

/** 64 hex digits. */
const SHA256_HEX = /^[0-9a-f]{64}$/i;
/** What a token's name may be (it labels logs and metrics). */
export const TOKEN_NAME = /^[A-Za-z0-9._-]{1,64}$/;

function readTokens(env: Env, problems: Problems): TokenDigest[] {
  const raw = valueOf(env, 'SWITCHYARD_ACCESS_TOKENS');
  if (raw === undefined) return [];
  const tokens: TokenDigest[] = [];
  for (const entry of raw.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const at = entry.lastIndexOf(':');
    const name = entry.slice(0, at);
    const hex = entry.slice(at + 1);
    if (at <= 0 || !TOKEN_NAME.test(name) || !SHA256_HEX.test(hex)) {
      // The value is a secret: say which entry by position, never echo it.
      problems.add('SWITCHYARD_ACCESS_TOKENS', `entry ${tokens.length + 1} must be name:sha256hex (a name of letters, digits, . _ -; 64 hex digits), as \`npx switchyard serve token NAME\` prints it`);
      continue;
    }
    if (tokens.some((t) => t.name === name)) problems.add('SWITCHYARD_ACCESS_TOKENS', `the name "${name}" is given twice; each token needs its own name`);
    tokens.push({ name, digest: Buffer.from(hex, 'hex') });
  }
  return tokens;
}

const list = (env: Env, name: string): string[] => (valueOf(env, name) ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');

function readCorsOrigins(env: Env, problems: Problems): string[] {
  const origins = list(env, 'SWITCHYARD_ACCESS_CORS_ORIGINS');
  for (const origin of origins) {
    // An origin is scheme://host[:port] exactly: a path or a trailing slash never matches a browser's Origin header.
    const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
    if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      problems.add('SWITCHYARD_ACCESS_CORS_ORIGINS', `"${origin}" must be an origin: scheme://host[:port], no path or trailing slash (e.g. https://dashboard.example.com)`, origin);
    }
  }
  return origins;
}

function readRawTools(env: Env, problems: Problems): RawToolStore[] {
  const stores: RawToolStore[] = [];
  for (const name of list(env, 'SWITCHYARD_ACCESS_RAW_TOOLS')) {
    if ((RAW_TOOL_STORES as readonly string[]).includes(name)) stores.push(name as RawToolStore);
    else if (name in NO_RAW_TOOL) problems.add('SWITCHYARD_ACCESS_RAW_TOOLS', `${name} has no raw tool: ${NO_RAW_TOOL[name as keyof typeof NO_RAW_TOOL]}`, name);
    else problems.add('SWITCHYARD_ACCESS_RAW_TOOLS', `"${name}" is not a store with a raw tool: give any of ${RAW_TOOL_STORES.join(', ')}`, name);
  }
  return [...new Set(stores)];
}

/**
 * The worker's URL: as set, or this machine at the worker's METRICS_PORT (a valid one; else the
 * worker's own default), so a `switchyard serve` beside a `switchyard worker` sharing one .env
 * finds it without a second setting to keep in step.
 */
function readWorkerUrl(env: Env, problems: Problems): string | undefined {
  const metricsPort = valueOf(env, 'METRICS_PORT');
  const port = metricsPort !== undefined && /^\d{1,5}$/.test(metricsPort) && Number(metricsPort) >= 1 && Number(metricsPort) <= 65_535 ? Number(metricsPort) : 9464;
  return problems.read(env, 'SWITCHYARD_SERVE_WORKER_URL', urlSetting(URL_KINDS.http, 'http://127.0.0.1:9464'), `http://127.0.0.1:${port}`)?.replace(/\/+$/, '');
}

export function readServeSettings(env: Env, problems: Problems): ServeSettings | undefined {
  const port = problems.read(env, 'SWITCHYARD_SERVE_PORT', wholeNumber(0, 65_535), '8790');
  const host = problems.read(env, 'SWITCHYARD_SERVE_HOST', HOST, '127.0.0.1');
  const tokens = readTokens(env, problems);
  if (host !== undefined && tokens.length === 0 && !isLoopback(host)) {
    problems.add('SWITCHYARD_SERVE_HOST', `is ${host}, which other machines reach, and SWITCHYARD_ACCESS_TOKENS is empty: set tokens (\`npx switchyard serve token NAME\`) or listen on 127.0.0.1`, host);
  }
  const ratePerMinute = problems.read(env, 'SWITCHYARD_ACCESS_RATE_PER_MINUTE', wholeNumber(1, 1_000_000), '600');
  const corsOrigins = readCorsOrigins(env, problems);
  const maxBodyBytes = problems.read(env, 'SWITCHYARD_ACCESS_MAX_BODY_BYTES', wholeNumber(1_024, 16 * 1024 * 1024), '65536');
  const timeoutMs = problems.read(env, 'SWITCHYARD_ACCESS_TIMEOUT_MS', wholeNumber(100, 600_000), '10000');
  const rowCap = problems.read(env, 'SWITCHYARD_ACCESS_ROW_CAP', wholeNumber(1, 100_000), '1000');
  const maxTopK = problems.read(env, 'SWITCHYARD_ACCESS_MAX_TOPK', wholeNumber(1, 1_000), '50');
  const rawTools = readRawTools(env, problems);
  const workerUrl = readWorkerUrl(env, problems);
  if (workerUrl === undefined || port === undefined || host === undefined || ratePerMinute === undefined || maxBodyBytes === undefined || timeoutMs === undefined || rowCap === undefined || maxTopK === undefined) return undefined;
  return { port, host, tokens, ratePerMinute, corsOrigins, maxBodyBytes, limits: { timeoutMs, rowCap, maxTopK }, rawTools, workerUrl };
}

/** The access layer's section of the configuration. */
export const serveConfig: ConfigSection<ServeSettings> = { title: 'Access layer (switchyard serve)', settings: SERVE_SETTINGS, read: readServeSettings };

/** For a log line: the settings without the token digests (their names only). */
export function redactedServeSettings(settings: ServeSettings): Record<string, unknown> {
  return { ...settings, tokens: settings.tokens.map((t) => t.name), limits: { ...settings.limits } };
}
