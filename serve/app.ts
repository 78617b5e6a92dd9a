/**
 * The access layer as one hono app, the same catalogue served three ways from one `Access`:
 *
 * | path | what |
 * |---|---|
 * | `GET /v1/questions`, `GET`/`POST /v1/questions/<name>` | HTTP JSON (serve/routes.ts) |
 * | `POST /mcp` | MCP, stateless Streamable HTTP (a new server per request; JSON responses) |
 * | `GET /openapi.json` | the OpenAPI 3.1 document (serve/openapi.ts), built once |
 * | `GET /v1/pipeline` | the worker's pipeline snapshot: in process, or from SWITCHYARD_SERVE_WORKER_URL (serve/pipeline.ts) |
 * | `GET /`, `GET /pipeline` | the dashboard's pages and their files (serve/dashboard.ts): no token, no data |
 * | `GET /healthz` | liveness: 200 while the event loop answers |
 * | `GET /readyz` | each configured store's reader (and `ready`, e.g. the worker's checks) |
 * | `GET /metrics` | the Prometheus registry (requests by question, transport and outcome; latency) |
 *
 * In front of everything but `/healthz`: CORS (allow-list), then who is asking (bearer token, or
 * without tokens a loopback Host header), then on `/v1` and `/mcp` the per-caller rate and the
 * body limit. Every refusal is `application/problem+json` and is counted in
 * `switchyard_access_requests_total` (outcome unauthorized, rate_limited, too_large, refused).
 *
 * Built as a plain fetch handler, so the same app runs under @hono/node-server (serve/server.ts),
 * `app.request()` in tests, or a Lambda adapter.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { AccessError } from '../access/errors.ts';
import type { Access } from '../access/service.ts';
import { accessRequests, type AccessOutcome } from '../metrics/access.ts';
import { registry } from '../metrics/registry.ts';
import { ErrorCodes, SwitchyardError } from '../operators/errors.ts';
import { allReadiness, readinessReport, type ReadinessCheck } from '../observability/readiness.ts';
import { authenticate, type AuthVariables } from './auth.ts';
import type { ServeSettings } from './config.ts';
import { corsAllowList, rateLimit, requestBodyLimit } from './limits.ts';
import { mcpServerFor, mcpTools } from './mcp.ts';
import { openApiDocument } from './openapi.ts';
import { PROBLEM_JSON, problemOf } from './problem.ts';
import { servedQuestions } from './questionSchemas.ts';
import { questionRoutes } from './routes.ts';
import { dashboardRoutes } from './dashboard.ts';
import { pipelineRoutes } from './pipeline.ts';
import type { PipelineSnapshot } from '../observability/pipelineSnapshot.ts';

export interface ServeAppOptions {
  readonly access: Access;
  readonly settings: ServeSettings;
  readonly logger: Logger;
  /** More readiness checks for `/readyz` (npm start adds the worker's). */
  readonly ready?: ReadinessCheck;
  /** The port the Host header must name without tokens; default `settings.port` (serve/server.ts passes the bound one). */
  readonly port?: () => number;
  /** The worker's pipeline snapshot when it runs in this process (npm start); otherwise `/v1/pipeline` asks `settings.workerUrl`. */
  readonly pipeline?: () => Promise<PipelineSnapshot>;
}

const REFUSALS: Partial<Record<string, AccessOutcome>> = {
  [ErrorCodes.accessUnauthorized]: 'unauthorized',
  [ErrorCodes.accessRateLimited]: 'rate_limited',
  [ErrorCodes.accessTooLarge]: 'too_large',
  [ErrorCodes.accessRefused]: 'refused',
};

export function createServeApp(options: ServeAppOptions): Hono<{ Variables: AuthVariables }> {
  const { access, settings, logger } = options;
  const port = options.port ?? (() => settings.port);
  const served = servedQuestions(access.catalogue);
  const known = new Set(served.map((s) => s.name));
  const openapi = JSON.stringify(openApiDocument(served, { secured: settings.tokens.length > 0 }));
  const tools = mcpTools(access, { onUnexpected: (error, question) => logger.error({ err: error, question }, `MCP tool ${question} failed unexpectedly`) });
  const ready = allReadiness(async () => access.readiness(), options.ready ?? (() => []));

  /** Counts a refusal made before the question was asked (the service counts every question it is asked). */
  const countRefusal = (error: unknown, path: string) => {
    const outcome = error instanceof AccessError ? REFUSALS[error.code] : undefined;
    if (outcome === undefined) return;
    const question = /^\/v1\/questions\/([^/]+)$/.exec(path)?.[1];
    accessRequests.inc({ question: question !== undefined && known.has(question) ? question : 'unknown', transport: path.startsWith('/mcp') ? 'mcp' : 'http', outcome });
  };

  const app = new Hono<{ Variables: AuthVariables }>();
  app.onError((error, c) => {
    const problem = problemOf(error);
    // A client that went away mid-answer is not the server's failure: no error line for it.
    const clientGone = c.req.raw.signal.aborted;
    if (problem.status >= 500 && !(error instanceof SwitchyardError) && !clientGone) logger.error({ err: error, path: c.req.path }, `${c.req.method} ${c.req.path} failed`);
    // c.body keeps the headers a middleware set before refusing (Retry-After, WWW-Authenticate, CORS).
    return c.body(JSON.stringify(problem), problem.status as 400, { 'Content-Type': PROBLEM_JSON, 'Cache-Control': 'no-store' });
  });
  app.notFound((c) => c.body(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, detail: `no route ${c.req.method} ${c.req.path}: see / (the dashboard), /v1/questions, /v1/pipeline, /openapi.json, /mcp`, code: ErrorCodes.accessUnknownQuestion }), 404, { 'Content-Type': PROBLEM_JSON }));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.use('*', corsAllowList(settings.corsOrigins));
  // The pages hold no data (each figure is a question asked below, with the caller's token): no token for them.
  app.route('/', dashboardRoutes());
  // A middleware's own refusal is counted here; a downstream error reaches onError without passing back through it.
  const counted = (middleware: MiddlewareHandler<{ Variables: AuthVariables }>): MiddlewareHandler<{ Variables: AuthVariables }> => async (c, next) => {
    try {
      return await middleware(c, next);
    } catch (error) {
      countRefusal(error, c.req.path);
      throw error;
    }
  };
  app.use('*', counted(authenticate({ tokens: settings.tokens, port })));
  // One limiter for both paths: a caller's budget is per minute, whichever transport it asks through.
  const limit = counted(rateLimit({ perMinute: settings.ratePerMinute, addressOf: remoteAddress }));
  const bodies = counted(requestBodyLimit(settings.maxBodyBytes));
  for (const path of ['/v1/*', '/mcp']) app.use(path, limit, bodies);

  app.route('/v1', questionRoutes(access, served));
  app.route('/v1', pipelineRoutes({ workerUrl: settings.workerUrl, ...(options.pipeline === undefined ? {} : { inProcess: options.pipeline }) }));
  app.get('/openapi.json', (c) => c.body(openapi, 200, { 'Content-Type': 'application/json; charset=utf-8' }));
  app.all('/mcp', async (c) => {
    let parsedBody: unknown;
    if (c.req.method === 'POST') {
      // Read here, not by the transport: a JSON-RPC batch would carry up to 100 tool calls for one
      // rate-limit point. MCP dropped batching (protocol 2025-06-18), so one message per POST.
      try {
        parsedBody = JSON.parse(await c.req.text());
      } catch {
        return c.json({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the body is not JSON' } }, 400);
      }
      if (Array.isArray(parsedBody)) return c.json({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: JSON-RPC batches are not accepted; send one message per POST (MCP 2025-06-18 removed batching)' } }, 400);
    }
    const server = mcpServerFor(tools);
    // Stateless: no sessionIdGenerator (so no session id), one request per transport, answers as JSON rather than an SSE stream.
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw, parsedBody === undefined ? {} : { parsedBody });
    } finally {
      void server.close();
    }
  });
  app.get('/readyz', async (c) => {
    const { status, body } = await readinessReport(ready, settings.limits.timeoutMs);
    return c.json(body, status);
  });
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }));
  return app;
}

/** The TCP peer under @hono/node-server; undefined elsewhere (`app.request()` in tests). */
function remoteAddress(c: Parameters<typeof getConnInfo>[0]): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
