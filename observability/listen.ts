/**
 * A fetch handler (a hono app) listening under @hono/node-server, the one way the access layer
 * and the ingress listen: the port bound (0 picks a free one), an error that names the settings
 * to change when it cannot listen, a later server error logged rather than thrown (it must not
 * crash the process it runs in), and a close that ends keep-alive connections too.
 */
import type { Server, ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { displayUrl } from './server.ts';

export interface ListenFetchOptions {
  readonly fetch: (request: Request) => Response | Promise<Response>;
  readonly host: string;
  readonly port: number;
  /** Node's server options: the slow-client limits. */
  readonly serverOptions?: ServerOptions;
  /** What cannot listen, for the error, naming its settings: `the access layer on 127.0.0.1 (SWITCHYARD_SERVE_HOST) port 8790 (SWITCHYARD_SERVE_PORT)`. */
  readonly what: string;
  /** What else might hold the port: `switchyard serve`. */
  readonly usedBy: string;
  readonly onError: (error: Error) => void;
}

export interface Listening {
  readonly server: Server;
  /** `http://host:port` as it listens (loopback when listening on every interface). */
  readonly url: string;
  readonly port: number;
  /**
   * Stops listening and ends open connections: idle ones at once; with `drained`, busy ones once
   * it resolves (the requests in flight got their answers), else at once.
   */
  close(drained?: Promise<void>): Promise<void>;
}

export async function listenFetch(options: ListenFetchOptions): Promise<Listening> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = serve({ fetch: options.fetch, port: options.port, hostname: options.host, ...(options.serverOptions === undefined ? {} : { serverOptions: options.serverOptions }) }) as Server;
    listening.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE' ? ` (in use: is another ${options.usedBy} or npm start running?)` : '';
      reject(new Error(`cannot serve ${options.what}${inUse}: ${error.message}`, { cause: error }));
    });
    listening.once('listening', () => resolve(listening));
  });
  server.on('error', options.onError);
  const port = (server.address() as AddressInfo).port;
  /** The one close: a second call waits for the first. */
  let closing: Promise<void> | undefined;
  return {
    server,
    url: displayUrl(options.host, port),
    port,
    close: (drained) => (closing ??= (async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
      closed.catch(() => {}); // awaited below, after the drain: not unhandled meanwhile
      server.closeIdleConnections();
      await drained;
      server.closeAllConnections();
      await closed;
    })()),
  };
}
