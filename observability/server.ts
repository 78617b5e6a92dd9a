/**
 * The worker's HTTP endpoints for operators of the service:
 *
 * - `GET /metrics`: the Prometheus registry, in the exposition format;
 * - `GET /healthz`: liveness, 200 as long as the process's event loop answers at all;
 * - `GET /readyz`: readiness, 200 when every check of `ready()` passes (each sub-topology is
 *   running, each store answers), else 503 with a JSON body naming what is not ready and why;
 * - `GET /pipeline`, when given a `pipeline` function: the pipeline snapshot as JSON
 *   (observability/pipeline.ts), what the access layer's `/v1/pipeline` and the dashboard show.
 *
 * They listen on 127.0.0.1 unless told otherwise (METRICS_HOST): the metrics name the
 * deployment's topics, groups and stores, and /readyz quotes store errors, which is nobody's
 * business outside the machine until a deployment opens it on purpose (0.0.0.0 in a container).
 *
 * node:http and no framework: four fixed routes need no router, and the worker stays one
 * dependency lighter. `HEAD` is answered like `GET`, other methods get 405, other paths 404.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { registry as switchyardRegistry } from '../metrics/registry.ts';
import type { PipelineSnapshot } from './pipelineSnapshot.ts';
import { type ReadinessCheck, readinessReport } from './readiness.ts';

export interface ObservabilityServerOptions {
  /** 0 picks a free port (tests); read the chosen one from the result. */
  readonly port: number;
  /** Default 127.0.0.1 (this machine only); `0.0.0.0` or `::` for every interface. */
  readonly host?: string;
  readonly ready: ReadinessCheck;
  /** Default Switchyard's registry. */
  readonly registry?: Registry;
  /** A readiness check slower than this counts as not ready; default 5000 ms. */
  readonly readyTimeoutMs?: number;
  /**
   * Serves `GET /pipeline` with what it returns; `undefined` while there is nothing to show yet
   * (the worker is still starting): 503. Without it, there is no `/pipeline` route.
   */
  readonly pipeline?: () => Promise<PipelineSnapshot | undefined>;
}

export interface ObservabilityServer {
  readonly port: number;
  /** The address it listens on, as the socket says (`127.0.0.1`, `0.0.0.0`, `::`). */
  readonly host: string;
  /** `http://host:port` as it listens (loopback when listening on every interface). */
  readonly url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** `http://host:port` a person can open for a server bound to `host`: loopback for every interface, IPv6 in brackets. */
export function displayUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/** Starts listening; resolves once the port is bound (rejects if it cannot be, e.g. in use). */
export async function startObservabilityServer(options: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const { port } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`observability server port must be a whole number 0–65535, got ${port}`);
  const registry = options.registry ?? switchyardRegistry;
  const timeoutMs = options.readyTimeoutMs ?? 5_000;

  const routes: Record<string, (response: ServerResponse) => Promise<void> | void> = {
    '/metrics': async (response) => send(response, 200, registry.contentType, await registry.metrics()),
    '/healthz': (response) => json(response, 200, { status: 'ok' }),
    '/readyz': async (response) => {
      const { status, body } = await readinessReport(options.ready, timeoutMs);
      json(response, status, body);
    },
  };
  const { pipeline } = options;
  if (pipeline !== undefined) {
    routes['/pipeline'] = async (response) => {
      const snapshot = await pipeline();
      if (snapshot === undefined) json(response, 503, { error: 'the worker is starting: no sub-topology runs yet' });
      else json(response, 200, snapshot);
    };
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes[path];
    if (route === undefined) return json(response, 404, { error: `no route ${path} (have: ${Object.keys(routes).join(', ')})` });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return json(response, 405, { error: `${request.method} not allowed on ${path}` });
    }
    await route(response);
  };

  const bind = options.host ?? DEFAULT_HOST;
  await listen(server, port, bind);
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    host: address.address,
    url: displayUrl(bind, address.port),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive connections (a Prometheus scraper's) would hold close() open.
        server.closeAllConnections();
      }),
  };
}

/** Loopback: what is served stays on this machine unless the deployment says otherwise. */
export const DEFAULT_HOST = '127.0.0.1';

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      // A later server error (out of file descriptors) must not crash the worker it observes:
      // /metrics is lost until the next start, the pipelines go on.
      server.on('error', () => {});
      resolve();
    };
    server.listen(port, host, listening);
  });
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  // HEAD: node:http leaves the body out itself.
  response.end(body);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
