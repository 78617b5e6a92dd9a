/**
 * The access layer listening: the hono app (serve/app.ts) under @hono/node-server, with Node's own
 * slow-client limits set (a request must arrive whole within `requestTimeout`, its headers within
 * `headersTimeout`), so a client that trickles bytes cannot hold a socket open forever.
 *
 *     const server = await startServe({ access, settings, logger });
 *     console.log(server.url);           // http://127.0.0.1:8790
 *     await server.close();
 */
import { listenFetch } from '../observability/listen.ts';
import { createServeApp, type ServeAppOptions } from './app.ts';

export interface ServeOptions extends Omit<ServeAppOptions, 'port'> {
  /** Default `settings.port`; 0 picks a free one (tests). */
  readonly port?: number;
  /** Default `settings.host`. */
  readonly host?: string;
}

export interface RunningServe {
  /** `http://host:port` as it listens (loopback when listening on every interface). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and ends open connections; the Access is the caller's to close. */
  close(): Promise<void>;
}

/** How long a whole request may take to arrive; a question's own time limit is SWITCHYARD_ACCESS_TIMEOUT_MS. */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const host = options.host ?? options.settings.host;
  const wanted = options.port ?? options.settings.port;
  let bound = wanted;
  const app = createServeApp({ ...options, port: () => bound });
  const listening = await listenFetch({
    fetch: app.fetch,
    host,
    port: wanted,
    what: `the access layer on ${host} (SWITCHYARD_SERVE_HOST) port ${wanted}${options.port === undefined ? ' (SWITCHYARD_SERVE_PORT)' : ''}`,
    usedBy: '`switchyard serve`',
    onError: (error) => options.logger.error({ err: error }, 'access layer server error'),
  });
  listening.server.requestTimeout = REQUEST_TIMEOUT_MS;
  listening.server.headersTimeout = HEADERS_TIMEOUT_MS;
  bound = listening.port;
  return { url: listening.url, port: bound, close: listening.close };
}
