/**
 * One delivery, from request to answer. In order, each refusal producing nothing:
 *
 * | step | refusal |
 * |---|---|
 * | a signed sender's signature header, or the credentials, before any body is read | 401 |
 * | a sender with no secret, not allowed unproven (Notion: after reading 4 KiB for its handshake) | 503 (the sender retries once configured) |
 * | the body, counted as it streams, within the request timeout and the bytes all bodies may hold | 413, 408, 503 (busy); 400 when the sender goes away |
 * | Notion's handshake (unsigned, once): its token logged for the operator, nothing produced | 200 (400 for what is not a token) |
 * | the HMAC of the raw bytes | 401 |
 * | UTF-8 JSON that names its event (the receiver's `read`) | 400 |
 * | the codec and the topics' limits ready (the registry and Kafka reached since start) | 503, Retry-After |
 * | the record, encoded, within what its raw topic takes | 500 (not encodable), 413 |
 * | a delivery id produced lately | 200, `duplicate` |
 * | Kafka's acknowledgement (acks=all), within the produce timeout | 503, Retry-After |
 *
 * and 202 once Kafka has it. A refusal answered before the body was read closes the connection,
 * so the rest of an upload is not read in vain.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Codec } from '../avro/codec.ts';
import type { RawWebhook } from '../avro/generated/types.ts';
import { ingressProduceDuration, ingressProofFailures } from '../metrics/ingress.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { messageBytes } from '../operators/kafka/recordSize.ts';
import { checkJsonDepth, JsonTooDeepError } from '../topology/jsonDepth.ts';
import { rawRecordOf } from '../topology/rawRecord.ts';
import type { Receiver } from '../topology/receiver.ts';
import { kafkaUnavailable, refusal, type Answer } from './answer.ts';
import { secretsVariable, type IngressSettings } from './config.ts';
import { KafkaUnavailableError, type DeliveryProducer } from './deliveryProducer.ts';
import { handshakeText, type Handshakes } from './handshakes.ts';
import type { InFlight } from './inFlight.ts';
import { checkBody, checkHeaders, type Unproven } from './proof.ts';
import { readBody } from './readBody.ts';
import type { RecentDeliveries } from './recentDeliveries.ts';

export interface ReceiveOptions {
  readonly settings: IngressSettings;
  readonly codec: Codec;
  readonly producer: DeliveryProducer;
  /** Logical raw topic → the topic produced to. */
  readonly topics: Readonly<Record<string, string>>;
  /** The largest record each produced-to topic takes, once known and the codec is ready; undefined until then. */
  readonly limits: () => ReadonlyMap<string, number> | undefined;
  readonly logger: Logger;
  readonly recent: RecentDeliveries;
  readonly handshakes: Handshakes;
  readonly inFlight: InFlight;
  readonly onHandshake?: ((receiver: Receiver, token: string) => void) | undefined;
  readonly now: () => number;
}

/** What an unsigned request that may be Notion's handshake is read up to: the handshake is one short field. */
const HANDSHAKE_MAX_BYTES = 4_096;
const BEFORE_BODY = { Connection: 'close' } as const;

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

/** 401 for a delivery that does not prove itself, 503 for a sender with no secret; counted as a proof failure. */
function refuse(receiver: Receiver, unproven: Unproven | { readonly reason: 'unconfigured' }, beforeBody: boolean): Answer {
  ingressProofFailures.inc({ route: receiver.route, reason: unproven.reason });
  const close = beforeBody ? BEFORE_BODY : {};
  return unproven.reason === 'unconfigured'
    ? refusal(503, ErrorCodes.ingressUnconfigured, `no secret is configured for ${receiver.label} (${secretsVariable(receiver)}): its deliveries are refused until one is`, 'unconfigured', { 'Retry-After': '300', ...close })
    : refusal(401, ErrorCodes.ingressUnproven, unproven.detail, 'unproven', close);
}

/** What is known of a delivery once its headers were checked and before its body is. */
interface Arrival {
  readonly receiver: Receiver;
  readonly receivedAt: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Why its headers do not prove it; undefined when they do, or when its sender has no secret. */
  readonly headerProof: Unproven | undefined;
  /** Whether its sender has secrets. */
  readonly configured: boolean;
  readonly unprovenAllowed: boolean;
  /** Unsigned to a sender with a handshake: it may be one. */
  readonly mayBeHandshake: boolean;
}

export function createReceive(options: ReceiveOptions): (receiver: Receiver, request: Request, receivedAt: number) => Promise<Answer> {
  const { settings, codec, producer, logger, recent, inFlight } = options;

  const handshake = (receiver: Receiver, token: string): Answer => {
    const told = options.handshakes.receive(
      token,
      (t) => logger.warn({ route: receiver.route }, `ingress: ${handshakeText(receiver, t)}`),
      (t) => options.onHandshake?.(receiver, t),
    );
    if (told === 'not a token') return refusal(400, ErrorCodes.ingressBadDelivery, 'verification_token is not a token (letters, digits, _ and -, 8 to 256 of them)', 'bad_delivery');
    return { status: 200, outcome: 'handshake', body: { handshake: 'received: the verification token is in the ingress log' } };
  };

  return async (receiver, request, receivedAt) => {
    const { route } = receiver;
    const credentials = settings.credentials[route] ?? [];
    const unprovenAllowed = settings.allowUnproven.includes(route);
    const headers = headersOf(request);
    const headerProof = credentials.length > 0 ? checkHeaders(receiver.proof, credentials, headers) : undefined;
    const mayBeHandshake = receiver.handshake !== undefined && (credentials.length === 0 || headerProof?.reason === 'missing');
    if (headerProof !== undefined && !(headerProof.reason === 'missing' && (mayBeHandshake || unprovenAllowed))) return refuse(receiver, headerProof, true);
    if (credentials.length === 0 && !unprovenAllowed && !mayBeHandshake) return refuse(receiver, { reason: 'unconfigured' }, true);

    // Unsigned and not allowed so: only a handshake may follow, and it is short.
    const onlyHandshake = mayBeHandshake && !unprovenAllowed;
    const body = await readBody(request, { maxBytes: onlyHandshake ? HANDSHAKE_MAX_BYTES : settings.maxBodyBytes, timeoutMs: settings.requestTimeoutMs - (options.now() - receivedAt), budget: inFlight });
    if ('tooLarge' in body) {
      if (onlyHandshake) return refuse(receiver, credentials.length === 0 ? { reason: 'unconfigured' } : headerProof!, true);
      return refusal(413, ErrorCodes.ingressTooLarge, `the body is over ${settings.maxBodyBytes} bytes (SWITCHYARD_INGRESS_MAX_BODY_BYTES)`, 'too_large', BEFORE_BODY);
    }
    if ('timedOut' in body) return refusal(408, ErrorCodes.ingressRequestTimeout, `the body did not arrive within ${settings.requestTimeoutMs} ms (SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS)`, 'timeout', BEFORE_BODY);
    if ('aborted' in body) return refusal(400, ErrorCodes.ingressBadDelivery, 'the sender went away before the body arrived', 'aborted', BEFORE_BODY);
    if ('overBudget' in body) return refusal(503, ErrorCodes.ingressBusy, `the bodies in flight already hold ${inFlight.budgetBytes} bytes (four of the largest): retry`, 'busy', { 'Retry-After': '5', ...BEFORE_BODY });
    try {
      return await deliver({ receiver, receivedAt, headers, headerProof, configured: credentials.length > 0, unprovenAllowed, mayBeHandshake }, body.bytes);
    } finally {
      inFlight.release(body.bytes.byteLength);
    }
  };

  async function deliver(arrival: Arrival, bytes: Uint8Array): Promise<Answer> {
    const { receiver, receivedAt, headers, headerProof, configured } = arrival;
    const { route } = receiver;
    const credentials = settings.credentials[route] ?? [];
    let text: string | { readonly reason: string } | undefined;
    let parsed: { readonly value: unknown } | { readonly reason: string } | undefined;
    if (configured && headerProof === undefined) {
      const bodyProof = checkBody(receiver.proof, credentials, headers, bytes);
      if (bodyProof !== undefined) return refuse(receiver, bodyProof, false);
    } else {
      if (arrival.mayBeHandshake) {
        text = jsonTextOf(bytes, headers['content-type']);
        parsed = typeof text === 'string' ? parseJson(text) : undefined;
        const token = parsed !== undefined && 'value' in parsed ? receiver.handshake?.(parsed.value) : undefined;
        if (token !== undefined) return handshake(receiver, token);
      }
      if (!arrival.unprovenAllowed) return refuse(receiver, configured ? headerProof! : { reason: 'unconfigured' }, false);
    }

    // Proven, or allowed unproven, from here: a refusal is counted under the event `other`.
    const badDelivery = (reason: string): Answer => ({ ...refusal(400, ErrorCodes.ingressBadDelivery, reason, 'bad_delivery'), event: 'other' });
    text ??= jsonTextOf(bytes, headers['content-type']);
    if (typeof text !== 'string') return badDelivery(text.reason);
    parsed ??= parseJson(text);
    if ('reason' in parsed) return badDelivery(parsed.reason);
    const names = receiver.read({ headers, body: parsed.value, text });
    if ('reason' in names) return badDelivery(names.reason);
    const event = names.eventName;

    const kept: Record<string, string> = {};
    for (const name of ['user-agent', ...receiver.keptHeaders]) if (headers[name] !== undefined) kept[name] = headers[name];
    const webhook: RawWebhook = { source: route, eventName: names.eventName, deliveryId: names.deliveryId, receivedAt, headers: kept, body: text };
    // Until the codec and the topics' limits are ready (the registry or Kafka away since start), nothing can be encoded or checked.
    const limits = options.limits();
    if (limits === undefined) return { ...kafkaUnavailable('not ready: the schema registry or Kafka has not been reached since start (see /readyz)'), event };
    const record = rawRecordOf(codec, webhook, parsed.value);
    if ('reason' in record) {
      logger.error({ route, deliveryId: names.deliveryId, reason: record.reason }, 'ingress: a proven delivery has no raw record');
      return { ...refusal(500, ErrorCodes.internal, 'the delivery could not be encoded; the error is in the ingress log', 'error'), event };
    }
    const topic = options.topics[record.topic] ?? record.topic;
    const limit = limits.get(topic);
    if (limit === undefined) return { ...kafkaUnavailable(`the limit of ${topic} is not known: does the topic exist?`), event };
    const size = messageBytes({ key: record.key, value: record.value });
    if (size > limit) return { ...refusal(413, ErrorCodes.ingressTooLarge, `the delivery's record of ${size} bytes is over the ${limit} bytes ${topic} takes (its max.message.bytes)`, 'too_large'), event };

    const started = performance.now();
    // The id and the body: the header that names a delivery is not signed, so an id alone would let a replayed body pass for a delivery not yet arrived.
    // A verified signature is the body's digest already; anything else is digested here.
    const signature = receiver.proof.kind === 'hmac-sha256' && configured && headerProof === undefined ? headers[receiver.proof.header] : undefined;
    const id = `${route}\u0000${names.deliveryId}\u0000${signature?.toLowerCase() ?? createHash('sha256').update(bytes).digest('base64')}`;
    try {
      const once = await recent.once(id, () => producer.produce(topic, { key: record.key, value: record.value }, () => recent.remember(id)));
      if (once === 'duplicate') return { status: 200, outcome: 'duplicate', body: { duplicate: true, deliveryId: names.deliveryId }, event };
      ingressProduceDuration.observe({ route }, (performance.now() - started) / 1000);
      return { status: 202, outcome: 'accepted', body: { accepted: true, deliveryId: names.deliveryId }, event };
    } catch (error) {
      if (!(error instanceof KafkaUnavailableError)) throw error;
      logger.warn({ route, deliveryId: names.deliveryId, err: error }, 'ingress: Kafka did not take a delivery; answered 503');
      return { ...kafkaUnavailable(`${error.message}; nothing was acknowledged: retry`), event };
    }
  }
}
