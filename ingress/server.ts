/**
 * The ingress listening: its hono app (ingress/app.ts) under @hono/node-server, with Node's own
 * slow-client limits as the backstop of the app's: headers within `headersTimeout`, the whole
 * request within the request timeout, checked every second rather than Node's default 30 s, so
 * a client that trickles bytes holds a socket for seconds, not minutes.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { displayUrl } from '../observability/server.ts';

export interface RunningIngress {
  /** `http://host:port` as it listens (loopback when listening on every interface). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly app: Hono;
  readonly host: string;
  /** 0 picks a free one (tests). */
  readonly port: number;
  readonly requestTimeoutMs: number;
  readonly logger: Logger;
}

const HEADERS_TIMEOUT_MS = 5_000;

export async function listenIngress(options: ListenOptions): Promise<RunningIngress> {
  const { host, port, logger } = options;
  // Node answers 408 itself a little after the app would have: the app's own deadline comes first.
  const requestTimeout = options.requestTimeoutMs + 1_000;
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = serve({
      fetch: options.app.fetch,
      port,
      hostname: host,
      serverOptions: { requestTimeout, headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout), connectionsCheckingInterval: 1_000 },
    }) as Server;
    listening.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE' ? ' (in use: is another `switchyard ingress` or npm start running?)' : '';
      reject(new Error(`cannot listen for webhooks on ${host} (SWITCHYARD_INGRESS_HOST) port ${port} (SWITCHYARD_INGRESS_PORT)${inUse}: ${error.message}`, { cause: error }));
    });
    listening.once('listening', () => resolve(listening));
  });
  // A later server error (out of file descriptors) must not crash the process it runs in.
  server.on('error', (error) => logger.error({ err: error }, 'ingress server error'));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: displayUrl(host, bound),
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
