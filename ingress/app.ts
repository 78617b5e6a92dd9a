/**
 * The ingress as one hono app: `POST /webhooks/<sender>` for each receiver the sources declare,
 * plus `/healthz` and `/readyz` for the load balancer in front of it, and `/metrics` (the Prometheus
 * registry) for callers on this machine only.
 *
 * A delivery, in order (each refusal is `application/problem+json` with a code from
 * operators/errors.ts, counted in switchyard_ingress_deliveries_total, and produces nothing):
 *
 * | step | refusal |
 * |---|---|
 * | the route and method | 404 (the routes there are), 405 (Allow: POST) |
 * | a signature or credentials header, before any body is read | 401 |
 * | the body, counted as it streams, within the request timeout | 413, 408 |
 * | Notion's handshake (unsigned, once): its token is logged, nothing produced | 200 |
 * | a sender with no secret configured, not allowed unproven | 503 (the sender retries once configured) |
 * | the HMAC of the raw bytes | 401 |
 * | UTF-8 JSON that names its event (the receiver's `read`) | 400 |
 * | the record within what its raw topic takes | 413 |
 * | a delivery id produced lately | 200, `duplicate` |
 * | Kafka's acknowledgement (acks=all), within the produce timeout | 503, Retry-After |
 *
 * and 202 once Kafka has it. hono for the routing and the fetch-handler shape the access layer
 * already has (the same app runs under @hono/node-server, `app.request()` in tests, or a Lambda
 * adapter); the raw body is read from the request stream here, not by a body parser, so the
 * signature is checked on the bytes that arrived.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import type { Codec } from '../avro/codec.ts';
import type { RawWebhook } from '../avro/generated/types.ts';
import { ingressDeliveries, ingressProduceDuration, ingressProofFailures, type IngressOutcome } from '../metrics/ingress.ts';
import { registry } from '../metrics/registry.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { isLoopback } from '../serve/config.ts';
import { messageBytes } from '../operators/kafka/recordSize.ts';
import { readinessReport, type ReadinessCheck } from '../observability/readiness.ts';
import { checkJsonDepth, JsonTooDeepError } from '../topology/jsonDepth.ts';
import { rawRecordOf } from '../topology/rawRecord.ts';
import { EVENT_NAME, type Receiver } from '../topology/receiver.ts';
import type { IngressSettings } from './config.ts';
import { KafkaUnavailableError, type DeliveryProducer } from './deliveryProducer.ts';
import { checkBody, checkHeaders } from './proof.ts';
import { readBody } from './readBody.ts';
import { recentDeliveries } from './recentDeliveries.ts';
import { RECEIVERS } from './receivers.ts';

export interface IngressAppOptions {
  readonly settings: IngressSettings;
  readonly codec: Codec;
  readonly producer: DeliveryProducer;
  /** Logical raw topic → the topic produced to (config.topics.names.raw). */
  readonly topics: Readonly<Record<string, string>>;
  /** The largest record each produced-to topic takes, once known (read from the cluster at start) and the codec is ready; undefined until then. */
  readonly limits: () => ReadonlyMap<string, number> | undefined;
  readonly logger: Logger;
  /** Readiness beyond the producer's: the codec and the limits. */
  readonly ready: ReadinessCheck;
  /** Told of a Notion handshake's verification token (the CLI prints it). */
  readonly onHandshake?: (receiver: Receiver, token: string) => void;
  /** Default RECEIVERS. */
  readonly receivers?: readonly Receiver[];
  /** Clock of `receivedAt`; default Date.now. */
  readonly now?: () => number;
}

const PROBLEM_JSON = 'application/problem+json';
const TITLES: Readonly<Record<number, string>> = { 400: 'Bad delivery', 401: 'Unauthorized', 404: 'Not found', 405: 'Method not allowed', 408: 'Request timeout', 413: 'Delivery too large', 500: 'Internal error', 503: 'Unavailable' };
/** Seconds a sender is asked to wait when Kafka did not take its delivery. */
const RETRY_AFTER_SECONDS = 5;
const READY_TIMEOUT_MS = 2_000;

/** The delivery's outcome as an HTTP answer, with the metric it counts under. */
interface Answer {
  readonly status: 200 | 202 | 400 | 401 | 404 | 405 | 408 | 413 | 500 | 503;
  readonly outcome?: IngressOutcome;
  readonly body: object;
  readonly headers?: Readonly<Record<string, string>>;
}

const refusal = (status: Answer['status'], code: string, detail: string, outcome?: IngressOutcome, headers?: Readonly<Record<string, string>>): Answer => ({
  status,
  ...(outcome === undefined ? {} : { outcome }),
  body: { type: `urn:switchyard:error:${code}`, title: TITLES[status] ?? 'Refused', status, detail, code },
  ...(headers === undefined ? {} : { headers }),
});

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The request's headers, names lower-cased (Headers does that), as a plain object. */
const headersOf = (request: Request): Record<string, string> => Object.fromEntries(request.headers.entries());

/** The JSON text of a body: the body itself, or the `payload` field of a form (GitHub's other content type). */
function jsonTextOf(bytes: Uint8Array, contentType: string | undefined): string | { readonly reason: string } {
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    return { reason: 'the body is not UTF-8 text' };
  }
  // A form's JSON is its payload field; a form without one is taken as it is (curl sends JSON as a form by default).
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') && text.startsWith('payload=')) return new URLSearchParams(text).get('payload') ?? text;
  return text;
}

function parseJson(text: string): { readonly value: unknown } | { readonly reason: string } {
  try {
    checkJsonDepth(text, 'the body');
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    if (error instanceof JsonTooDeepError) return { reason: error.message };
    return { reason: `the body is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The TCP peer under @hono/node-server; undefined elsewhere (`app.request()` in tests). */
function remoteAddress(c: Parameters<typeof getConnInfo>[0]): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export function createIngressApp(options: IngressAppOptions): Hono {
  const { settings, codec, producer, logger } = options;
  const receivers = options.receivers ?? RECEIVERS;
  const now = options.now ?? Date.now;
  const recent = recentDeliveries(settings.recentDeliveries);
  const routes = receivers.map((r) => `/webhooks/${r.route}`);
  /** Tokens already logged, so a handshake sent again (or by someone else, many times) is not logged again. */
  const handshakes = new Set<string>();

  const receive = async (receiver: Receiver, request: Request, receivedAt: number): Promise<Answer & { event?: string }> => {
    const { route } = receiver;
    const credentials = settings.credentials[route] ?? [];
    const unprovenAllowed = settings.allowUnproven.includes(route);
    const headers = headersOf(request);
    const refuseUnproven = (reason: string, detail: string): Answer => {
      ingressProofFailures.inc({ route, reason });
      return reason === 'unconfigured'
        ? refusal(503, ErrorCodes.ingressUnconfigured, detail, 'unconfigured', { 'Retry-After': '300' })
        : refusal(401, ErrorCodes.ingressUnproven, detail, 'unproven');
    };
    const unconfigured = () => refuseUnproven('unconfigured', `no secret is configured for ${receiver.label} (${`SWITCHYARD_INGRESS_${route.toUpperCase()}_SECRETS`}): its deliveries are refused until one is`);

    const headerProof = credentials.length > 0 ? checkHeaders(receiver.proof, credentials, headers) : undefined;
    // Refused before a byte of the body is read, but for a missing signature where a handshake may come unsigned.
    if (headerProof !== undefined && !(headerProof.reason === 'missing' && (receiver.handshake !== undefined || unprovenAllowed))) return refuseUnproven(headerProof.reason, headerProof.detail);
    if (credentials.length === 0 && !unprovenAllowed && receiver.handshake === undefined) return unconfigured();

    const body = await readBody(request, { maxBytes: settings.maxBodyBytes, deadline: receivedAt + settings.requestTimeoutMs });
    if ('tooLarge' in body) return refusal(413, ErrorCodes.ingressTooLarge, `the body is over ${settings.maxBodyBytes} bytes (SWITCHYARD_INGRESS_MAX_BODY_BYTES)`, 'too_large', { Connection: 'close' });
    if ('timedOut' in body) return refusal(408, ErrorCodes.ingressRequestTimeout, `the body did not arrive within ${settings.requestTimeoutMs} ms (SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS)`, 'timeout', { Connection: 'close' });

    const proven = headerProof === undefined && credentials.length > 0;
    let parsed: { readonly value: unknown } | { readonly reason: string } | undefined;
    let text: string | { readonly reason: string } | undefined;
    if (!proven) {
      if (receiver.handshake !== undefined) {
        text = jsonTextOf(body.bytes, headers['content-type']);
        parsed = typeof text === 'string' ? parseJson(text) : undefined;
        const token = parsed !== undefined && 'value' in parsed ? receiver.handshake(parsed.value) : undefined;
        if (token !== undefined) return handshake(receiver, token);
      }
      if (credentials.length === 0 && !unprovenAllowed) return unconfigured();
      if (headerProof !== undefined && !unprovenAllowed) return refuseUnproven(headerProof.reason, headerProof.detail);
    } else {
      const bodyProof = checkBody(receiver.proof, credentials, headers, body.bytes);
      if (bodyProof !== undefined) return refuseUnproven(bodyProof.reason, bodyProof.detail);
    }

    // Proven (or allowed unproven) from here: a refusal is counted under the event `other`.
    const badDelivery = (reason: string) => ({ ...refusal(400, ErrorCodes.ingressBadDelivery, reason, 'bad_delivery'), event: 'other' });
    text ??= jsonTextOf(body.bytes, headers['content-type']);
    if (typeof text !== 'string') return badDelivery(text.reason);
    parsed ??= parseJson(text);
    if ('reason' in parsed) return badDelivery(parsed.reason);
    const names = receiver.read({ headers, body: parsed.value, text });
    if ('reason' in names) return badDelivery(names.reason);
    const event = EVENT_NAME.test(names.eventName) ? names.eventName : 'other';

    const kept: Record<string, string> = {};
    for (const name of ['user-agent', ...receiver.keptHeaders]) if (headers[name] !== undefined) kept[name] = headers[name];
    const webhook: RawWebhook = { source: route, eventName: names.eventName, deliveryId: names.deliveryId, receivedAt, headers: kept, body: text };
    // Until the codec and the topics' limits are ready (the registry or Kafka away since start), nothing can be encoded or checked.
    const limits = options.limits();
    if (limits === undefined) return { ...refusal(503, ErrorCodes.ingressKafkaUnavailable, 'not ready: the schema registry or Kafka has not been reached since start (see /readyz)', 'kafka_unavailable', { 'Retry-After': String(RETRY_AFTER_SECONDS) }), event };
    const record = rawRecordOf(codec, webhook, parsed.value);
    if ('reason' in record) {
      logger.error({ route, deliveryId: names.deliveryId, reason: record.reason }, 'ingress: a proven delivery has no raw record');
      return { ...refusal(500, ErrorCodes.ingressBadDelivery, `the delivery could not be encoded: ${record.reason}`, 'error'), event };
    }
    const topic = options.topics[record.topic] ?? record.topic;
    const limit = limits.get(topic);
    if (limit === undefined) return { ...refusal(503, ErrorCodes.ingressKafkaUnavailable, `the limit of ${topic} is not known: does the topic exist?`, 'kafka_unavailable', { 'Retry-After': String(RETRY_AFTER_SECONDS) }), event };
    const bytes = messageBytes({ key: record.key, value: record.value });
    if (bytes > limit) return { ...refusal(413, ErrorCodes.ingressTooLarge, `the delivery's record of ${bytes} bytes is over the ${limit} bytes ${topic} takes (its max.message.bytes)`, 'too_large'), event };

    const started = performance.now();
    try {
      const once = await recent.once(`${route}\u0000${names.deliveryId}`, () => producer.produce(topic, { key: record.key, value: record.value }));
      if (once === 'duplicate') return { status: 200, outcome: 'duplicate', body: { duplicate: true, deliveryId: names.deliveryId }, event };
      ingressProduceDuration.observe({ route }, (performance.now() - started) / 1000);
      return { status: 202, outcome: 'accepted', body: { accepted: true, deliveryId: names.deliveryId }, event };
    } catch (error) {
      if (!(error instanceof KafkaUnavailableError)) throw error;
      logger.warn({ route, deliveryId: names.deliveryId, err: error }, 'ingress: Kafka did not take a delivery; answered 503');
      return { ...refusal(503, ErrorCodes.ingressKafkaUnavailable, `${error.message}; nothing was acknowledged: retry`, 'kafka_unavailable', { 'Retry-After': String(RETRY_AFTER_SECONDS) }), event };
    }
  };

  const handshake = (receiver: Receiver, token: string): Answer => {
    if (!handshakes.has(token) && handshakes.size < 64) {
      handshakes.add(token);
      logger.warn({ route: receiver.route }, `ingress: ${receiver.label} sent its verification token: paste it into ${receiver.label} to verify the subscription, and add it to ${`SWITCHYARD_INGRESS_${receiver.route.toUpperCase()}_SECRETS`}: ${token}`);
      options.onHandshake?.(receiver, token);
    }
    return { status: 200, outcome: 'handshake', body: { handshake: 'received: the verification token is in the ingress log' } };
  };

  const answer = (c: Context, route: string, result: Answer & { event?: string }) => {
    if (result.outcome !== undefined) ingressDeliveries.inc({ route, event: result.event ?? (result.outcome === 'accepted' || result.outcome === 'duplicate' ? 'other' : 'unproven'), outcome: result.outcome });
    const headers = { ...result.headers, 'Content-Type': result.status >= 400 ? PROBLEM_JSON : 'application/json' };
    return c.body(JSON.stringify(result.body), result.status, headers);
  };

  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // The counts name senders and events: this machine's business, like the worker's metrics server.
  app.get('/metrics', async (c) => {
    const peer = remoteAddress(c);
    if (peer === undefined || !isLoopback(peer.replace(/^::ffff:/, ''))) return answer(c, 'none', refusal(404, ErrorCodes.ingressNoRoute, 'no webhook route at /metrics: metrics are served to this machine only'));
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
  });
  app.get('/readyz', async (c) => {
    const report = await readinessReport(async () => [producer.readiness(), ...(await options.ready())], READY_TIMEOUT_MS);
    return c.json(report.body, report.status);
  });
  for (const receiver of receivers) {
    app.post(`/webhooks/${receiver.route}`, async (c) => {
      const receivedAt = now();
      try {
        return answer(c, receiver.route, await receive(receiver, c.req.raw, receivedAt));
      } catch (error) {
        logger.error({ route: receiver.route, err: error }, 'ingress: a delivery failed');
        return answer(c, receiver.route, refusal(500, 'SWY_INTERNAL', 'the ingress failed to take the delivery; the error is in its log', 'error'));
      }
    });
    app.all(`/webhooks/${receiver.route}`, (c) => answer(c, receiver.route, refusal(405, ErrorCodes.ingressMethod, `${c.req.method} is not a delivery: webhooks are POSTed`, undefined, { Allow: 'POST' })));
  }
  app.notFound((c) => answer(c, 'none', refusal(404, ErrorCodes.ingressNoRoute, `no webhook route at ${c.req.path}: the routes are ${routes.join(', ')}`)));
  return app;
}
