/**
 * The ingress as one hono app: `POST /webhooks/<sender>` for each receiver the sources declare
 * (a delivery's steps are ingress/receive.ts's), plus `/healthz` and `/readyz` for the load
 * balancer in front of it, and `/metrics` (the Prometheus registry) for callers on this machine.
 * A wrong route is 404 naming the routes, a wrong method 405 with `Allow: POST`.
 *
 * hono for the routing and the fetch-handler shape the access layer already has (the same app
 * runs under @hono/node-server, `app.request()` in tests, or a Lambda adapter); the raw body is
 * read from the request stream, not by a body parser, so the signature is checked on the bytes
 * that arrived.
 */
import type { ServerResponse } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { isLoopback } from '../config/loopback.ts';
import { ingressDeliveries } from '../metrics/ingress.ts';
import { registry } from '../metrics/registry.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { PROBLEM_JSON } from '../observability/problemDocument.ts';
import { readinessReport, type ReadinessCheck } from '../observability/readiness.ts';
import type { Receiver } from '../topology/receiver.ts';
import { refusal, type Answer } from './answer.ts';
import { handshakes } from './handshakes.ts';
import { inFlightFor, type InFlight } from './inFlight.ts';
import { createReceive, type ReceiveOptions } from './receive.ts';
import { recentDeliveries } from './recentDeliveries.ts';
import { RECEIVERS } from './receivers.ts';

/** The delivery's own options (ingress/receive.ts), and the app's. */
export interface IngressAppOptions extends Pick<ReceiveOptions, 'settings' | 'codec' | 'producer' | 'topics' | 'limits' | 'logger'> {
  /** Readiness beyond the producer's: the codec and the limits, Kafka's answer. */
  readonly ready: ReadinessCheck;
  /** Told of a Notion handshake's verification token (the CLI prints it). */
  readonly onHandshake?: (receiver: Receiver, token: string) => void;
  /** The deliveries being answered (a shutdown waits for them); default, the app's own. */
  readonly inFlight?: InFlight;
  /** Default RECEIVERS. */
  readonly receivers?: readonly Receiver[];
  /** Clock of `receivedAt`; default Date.now. */
  readonly now?: () => number;
}

const READY_TIMEOUT_MS = 2_000;
/** Distinct event names counted per sender; past them, `other` (a header is not signed: anyone replaying a signed body can name any event). */
const MAX_EVENT_LABELS = 100;

/** The TCP peer under @hono/node-server; undefined elsewhere (`app.request()` in tests). */
function remoteAddress(c: Parameters<typeof getConnInfo>[0]): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export function createIngressApp(options: IngressAppOptions): Hono {
  const { settings, producer, logger } = options;
  const receivers = options.receivers ?? RECEIVERS;
  const now = options.now ?? Date.now;
  const inFlight = options.inFlight ?? inFlightFor(settings);
  const receive = createReceive({ ...options, recent: recentDeliveries(settings.recentDeliveries), handshakes: handshakes(), inFlight, now });
  const routes = receivers.map((r) => `/webhooks/${r.route}`);
  const eventLabels = new Map<string, Set<string>>();

  const eventLabel = (route: string, answer: Answer): string => {
    if (answer.event === undefined) return answer.outcome === 'handshake' ? 'handshake' : 'unproven';
    let seen = eventLabels.get(route);
    if (!seen) eventLabels.set(route, (seen = new Set()));
    if (!seen.has(answer.event) && seen.size >= MAX_EVENT_LABELS) return 'other';
    seen.add(answer.event);
    return answer.event;
  };

  const answer = (c: Context, route: string, result: Answer) => {
    if (result.outcome !== undefined) ingressDeliveries.inc({ route, event: eventLabel(route, result), outcome: result.outcome });
    const headers = { ...result.headers, 'Content-Type': result.status >= 400 ? PROBLEM_JSON : 'application/json', ...(inFlight.closing ? { Connection: 'close' } : {}) };
    return c.body(JSON.stringify(result.body), result.status, headers);
  };

  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // The counts name senders and events: this machine's business, like the worker's metrics server.
  app.get('/metrics', async (c) => {
    const peer = remoteAddress(c);
    if (peer === undefined || !isLoopback(peer)) return answer(c, 'none', refusal(404, ErrorCodes.ingressNoRoute, 'no webhook route at /metrics: metrics are served to this machine only'));
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
  });
  app.get('/readyz', async (c) => {
    const report = await readinessReport(async () => [producer.readiness(), ...(await options.ready())], READY_TIMEOUT_MS);
    return c.json(report.body, report.status);
  });
  for (const receiver of receivers) {
    app.post(`/webhooks/${receiver.route}`, async (c) => {
      // Counted until the answer is written (the response's 'close', under node); in tests, until it is made.
      const end = inFlight.begin();
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      outgoing?.once('close', end);
      try {
        const receivedAt = now();
        try {
          return answer(c, receiver.route, await receive(receiver, c.req.raw, receivedAt));
        } catch (error) {
          logger.error({ route: receiver.route, err: error }, 'ingress: a delivery failed');
          return answer(c, receiver.route, refusal(500, ErrorCodes.internal, 'the ingress failed to take the delivery; the error is in its log', 'error'));
        }
      } finally {
        if (outgoing === undefined) end();
      }
    });
    app.all(`/webhooks/${receiver.route}`, (c) => answer(c, receiver.route, refusal(405, ErrorCodes.ingressMethod, `${c.req.method} is not a delivery: webhooks are POSTed`, undefined, { Allow: 'POST' })));
  }
  app.notFound((c) => answer(c, 'none', refusal(404, ErrorCodes.ingressNoRoute, `no webhook route at ${c.req.path}: the routes are ${routes.join(', ')}`)));
  return app;
}
