/**
 * A steady stream of signed GitHub deliveries to an ingress, as GitHub would send them while
 * something behind the ingress fails: each a real fixture body with its own X-GitHub-Delivery,
 * signed with X-Hub-Signature-256, sent at a fixed rate with a few in flight at once. Every
 * delivery's answer is kept (status, Retry-After, how long it took, or the connection error),
 * so a test can count both sides: what the ingress acknowledged, and what reached Kafka.
 *
 * A request is given up after `abortAfterMs` and recorded as such rather than awaited for ever:
 * a hang is a finding, not a stuck test.
 */
import { randomUUID } from 'node:crypto';
import { hmacSignature } from './signedRequest.ts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SentDelivery {
  readonly deliveryId: string;
  /** When the request was sent (Date.now()). */
  readonly sentAt: number;
  /** Milliseconds from sending to the whole answer (or the failure). */
  readonly latencyMs: number;
  /** The HTTP status; undefined when no answer came (connection error or given up). */
  readonly status?: number;
  /** The Retry-After header, when the answer had one. */
  readonly retryAfter?: string;
  /** The problem's `code` of a 4xx/5xx answer. */
  readonly code?: string;
  /** Why no answer came: the connection error, or `no answer within N ms`. */
  readonly error?: string;
}

export interface DeliverySenderOptions {
  /** The ingress's base URL (`http://127.0.0.1:port`). */
  readonly url: string;
  /** The GitHub secret the ingress is configured with. */
  readonly secret: string;
  /** The raw body sent with every delivery (a fixture's bytes, as GitHub sent them). */
  readonly body: string;
  /** The X-GitHub-Event of every delivery; default `push`. */
  readonly event?: string;
  /** Deliveries started per second; default 50. */
  readonly perSecond?: number;
  /** The most requests in flight at once; a delivery due while that many are waiting is sent when one returns. Default 4. */
  readonly maxInFlight?: number;
  /** A request without an answer after this long is aborted and recorded as an error; default 15 s (GitHub gives up after 10 s). */
  readonly abortAfterMs?: number;
}

export interface DeliverySender {
  /** Every delivery answered (or failed) so far, in the order the answers came. */
  readonly sent: readonly SentDelivery[];
  /** Stops sending new deliveries and waits for those in flight. */
  stop(): Promise<readonly SentDelivery[]>;
}

/** Starts sending at once; call `stop()` to end. */
export function startDeliverySender(options: DeliverySenderOptions): DeliverySender {
  const perSecond = options.perSecond ?? 50;
  const maxInFlight = options.maxInFlight ?? 4;
  const abortAfterMs = options.abortAfterMs ?? 15_000;
  const signature = hmacSignature(options.secret, options.body);
  const endpoint = `${options.url}/webhooks/github`;
  const sent: SentDelivery[] = [];
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const deliver = async (): Promise<void> => {
    const deliveryId = randomUUID();
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'GitHub-Hookshot/kafka-down-test',
          'X-GitHub-Event': options.event ?? 'push',
          'X-GitHub-Delivery': deliveryId,
          'X-Hub-Signature-256': signature,
        },
        body: options.body,
        signal: AbortSignal.timeout(abortAfterMs),
      });
      const text = await response.text();
      let code: string | undefined;
      if (response.status >= 400) {
        try {
          code = (JSON.parse(text) as { code?: string }).code;
        } catch {
          code = undefined;
        }
      }
      const retryAfter = response.headers.get('retry-after') ?? undefined;
      sent.push({ deliveryId, sentAt, latencyMs: performance.now() - started, status: response.status, ...(retryAfter === undefined ? {} : { retryAfter }), ...(code === undefined ? {} : { code }) });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      const reason = timedOut ? `no answer within ${abortAfterMs} ms` : error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
      sent.push({ deliveryId, sentAt, latencyMs: performance.now() - started, error: reason });
    }
  };

  const loop = (async () => {
    const intervalMs = 1_000 / perSecond;
    let next = performance.now();
    while (!stopping) {
      // A fixed schedule, not a fixed gap: a late start does not lower the rate.
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      if (stopping) break;
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const request = deliver().finally(() => inFlight.delete(request));
      inFlight.add(request);
      next += intervalMs;
      // After a stall, carry on at the rate rather than send the missed ones in a burst.
      if (next < performance.now() - intervalMs) next = performance.now();
    }
  })();

  return {
    sent,
    async stop() {
      stopping = true;
      await loop;
      await Promise.all(inFlight);
      return sent;
    },
  };
}
