/**
 * The ingress listening: its hono app (ingress/app.ts) with Node's own slow-client limits as the
 * backstop of the app's: headers within 5 s, the whole request a second after the app's own
 * deadline, checked every second rather than Node's default 30 s, so a client that trickles
 * bytes holds a socket for seconds, not minutes.
 *
 * Closing takes no new connection and ends idle ones at once, tells answers to close their
 * connections, and waits until each delivery in flight has its answer written (at most a
 * delivery's whole time and a second), then ends what is left.
 */
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { listenFetch, type Listening } from '../observability/listen.ts';
import type { InFlight } from './inFlight.ts';

export type RunningIngress = Pick<Listening, 'url' | 'port'> & {
  /** Stops listening once the deliveries in flight are answered. */
  close(): Promise<void>;
};

export interface ListenOptions {
  readonly app: Hono;
  readonly host: string;
  /** 0 picks a free one (tests). */
  readonly port: number;
  readonly requestTimeoutMs: number;
  readonly produceTimeoutMs: number;
  /** The app's deliveries in flight. */
  readonly inFlight: InFlight;
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
  return {
    url,
    port: bound,
    close: () => {
      options.inFlight.close();
      // A second more than a delivery may take: it arrived before its clock started, and a 25 MB body takes time to check and encode.
      return close(options.inFlight.drained(options.requestTimeoutMs + options.produceTimeoutMs + 1_000));
    },
  };
}
