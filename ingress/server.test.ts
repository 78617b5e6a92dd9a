/**
 * Closing the ingress while a delivery waits for Kafka, under a real node server on loopback (no
 * broker: a producer stand-in holds the acknowledgement until the test gives it): the delivery
 * gets its answer, the close waits for it, and nothing new is taken meanwhile.
 */
import { createHmac } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { readSection } from '../config/spec.ts';
import { jsonCodec } from '../test/support/jsonCodec.ts';
import { createIngressApp } from './app.ts';
import { ingressConfig } from './config.ts';
import type { DeliveryProducer } from './deliveryProducer.ts';
import { inFlightFor } from './inFlight.ts';
import { listenIngress } from './server.ts';

const BODY = '{"zen":"Speak like a human.","hook_id":1,"repository":{"full_name":"octo/hello"}}';

/** A producer stand-in whose acknowledgements the test gives. */
function heldProducer() {
  const held: (() => void)[] = [];
  const producer: DeliveryProducer = {
    produce: () => new Promise<void>((resolve) => held.push(resolve)),
    readiness: () => ({ name: 'ingress:kafka', ready: true }),
    start: () => {},
    connected: Promise.resolve(),
    close: async () => {},
  };
  return { producer, held };
}

describe('closing the ingress', () => {
  it('answers the delivery in flight before the server is gone', async () => {
    const settings = readSection(ingressConfig, { SWITCHYARD_INGRESS_GITHUB_SECRETS: 's3cret' });
    const { producer, held } = heldProducer();
    const requests = inFlightFor(settings);
    const app = createIngressApp({ settings, codec: jsonCodec, producer, topics: {}, limits: () => new Map([['github-events', 1_000_000]]), logger: pino({ level: 'silent' }), ready: () => [], inFlight: requests });
    const server = await listenIngress({ app, host: '127.0.0.1', port: 0, requestTimeoutMs: settings.requestTimeoutMs, produceTimeoutMs: settings.produceTimeoutMs, inFlight: requests, logger: pino({ level: 'silent' }) });
    const answered = fetch(`${server.url}/webhooks/github`, {
      method: 'POST',
      body: BODY,
      headers: { 'x-github-event': 'ping', 'x-github-delivery': 'd-1', 'x-hub-signature-256': `sha256=${createHmac('sha256', 's3cret').update(BODY).digest('hex')}` },
    });
    await expect.poll(() => held.length).toBe(1);
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    // A new connection is refused while the old delivery is still waiting.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(closed).toBe(false);
    held[0]!();
    const response = await answered;
    expect(response.status).toBe(202);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ accepted: true, deliveryId: 'd-1' });
    await closing;
    expect(closed).toBe(true);
  });
});
