/**
 * The ingress listening: its hono app (ingress/app.ts) with Node's own slow-client limits as the
 * backstop of the app's: headers within 5 s, the whole request a second after the app's own
 * deadline, checked every second rather than Node's default 30 s, so a client that trickles
 * bytes holds a socket for seconds, not minutes.
 */
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { listenFetch, type Listening } from '../observability/listen.ts';

export type RunningIngress = Omit<Listening, 'server'>;

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
  const { url, port: bound, close } = await listenFetch({
    fetch: options.app.fetch,
    host,
    port,
    serverOptions: { requestTimeout, headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout), connectionsCheckingInterval: 1_000 },
    what: `webhooks on ${host} (SWITCHYARD_INGRESS_HOST) port ${port} (SWITCHYARD_INGRESS_PORT)`,
    usedBy: '`switchyard ingress`',
    onError: (error) => logger.error({ err: error }, 'ingress server error'),
  });
  return { url, port: bound, close };
}
