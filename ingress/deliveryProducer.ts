/**
 * The ingress's one Kafka producer: a delivery is answered 2xx only once `produce` resolved,
 * which is when every in-sync replica has it (acks=-1) from an idempotent producer (a broker
 * retry never writes it twice).
 *
 * - Batched: deliveries that arrive while a send is in flight go out together in the next one,
 *   one send at a time, so a key's deliveries reach their partition in the order they arrived
 *   and a busy ingress makes one request per round trip rather than one per delivery. A batch
 *   stays within the raw topics' limit, which the broker applies to each partition's batch.
 * - Bounded in time: a delivery not acknowledged within `timeoutMs` rejects with
 *   SWY_INGRESS_KAFKA_UNAVAILABLE (the ingress answers 503 with Retry-After). One still waiting
 *   in the queue is withdrawn and never produced; one already sent may still land later:
 *   `lateAck` then tells the ingress, which answers the sender's retry 200 `duplicate`; were it
 *   forgotten, downstream absorbs the copy (ingress/README.md, "Duplicates").
 * - kafkajs's retrier keeps a send to a dead broker going even after `close`: a process that is
 *   shutting down exits rather than wait for it.
 * - Fails fast while Kafka is away: before the first connection, and while a send has waited
 *   longer than `timeoutMs`, a new delivery rejects at once instead of queueing behind it.
 *   kafkajs's idempotent producer retries a send without end, so the stalled send goes out as
 *   soon as the broker is back, and the ingress is ready again.
 * - Never crashes its process: a broker that cannot be reached at start is retried in the
 *   background (readiness says so), and a failed send rejects its deliveries, nothing else.
 */
import type kafkajs from 'kafkajs';
import { ErrorCodes, SwitchyardError } from '../operators/errors.ts';
import { RECORD_BATCH_OVERHEAD, recordBytes } from '../operators/kafka/recordSize.ts';
import type { Readiness } from '../observability/readiness.ts';

/** What the ingress needs of a Kafka producer: kafkajs's, or a stand-in in unit tests. */
export interface ProducerPort {
  connect(): Promise<void>;
  sendBatch(batch: { readonly acks: -1; readonly topicMessages: { readonly topic: string; readonly messages: kafkajs.Message[] }[] }): Promise<unknown>;
  disconnect(): Promise<void>;
}

export interface DeliveryProducerOptions {
  readonly producer: ProducerPort;
  /** How long a delivery may wait for its acknowledgement. */
  readonly timeoutMs: number;
  /** The most bytes one send carries (the raw topics' smallest max.message.bytes, once known). */
  readonly maxBatchBytes: () => number;
  /** Called when a connection attempt or a send fails (for the log). */
  readonly onError?: (error: unknown, what: 'connect' | 'send') => void;
  /** Wait before trying to connect again; default 1 s. */
  readonly reconnectMs?: number;
}

export interface DeliveryProducer {
  /**
   * Resolves once Kafka acknowledged the record; rejects with SWY_INGRESS_KAFKA_UNAVAILABLE
   * otherwise. `lateAck` is called when a send that had timed out is acknowledged after all.
   */
  produce(topic: string, message: { readonly key: string; readonly value: Buffer }, lateAck?: () => void): Promise<void>;
  readiness(): Readiness;
  /** Starts connecting (in the background, again and again until it succeeds). */
  start(): void;
  /** Resolves once first connected (tests, benches, `readied`); never rejects. */
  readonly connected: Promise<void>;
  /** Waits for the send in flight (at most `timeoutMs`), then disconnects. */
  close(): Promise<void>;
}

interface Pending {
  readonly topic: string;
  readonly message: kafkajs.Message;
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly lateAck: (() => void) | undefined;
  settled: boolean;
  timer?: NodeJS.Timeout;
}

/** Kafka did not take a delivery in time, or cannot be reached: the sender should retry. */
export class KafkaUnavailableError extends SwitchyardError {
  override readonly name = 'KafkaUnavailableError';
  constructor(message: string, cause?: unknown) {
    super(message, ErrorCodes.ingressKafkaUnavailable, { retriable: true, cause });
  }
}

export function createDeliveryProducer(options: DeliveryProducerOptions): DeliveryProducer {
  const { producer, timeoutMs } = options;
  let connected = false;
  let closing = false;
  let lastError: string | undefined;
  let queue: Pending[] = [];
  /** When the send in flight began; undefined when none is. */
  let sendingSince: number | undefined;
  let inFlight: Promise<void> | undefined;
  /** The deliveries of the send in flight. */
  let sending: readonly Pending[] = [];
  let reconnect: NodeJS.Timeout | undefined;
  let firstConnected!: () => void;
  const connectedOnce = new Promise<void>((resolve) => (firstConnected = resolve));

  const settle = (pending: Pending, error?: unknown) => {
    if (pending.settled) return;
    pending.settled = true;
    clearTimeout(pending.timer);
    if (error === undefined) pending.resolve();
    else pending.reject(error);
  };

  const stalled = () => sendingSince !== undefined && Date.now() - sendingSince > timeoutMs;

  const connect = () => {
    reconnect = undefined;
    producer.connect().then(
      () => {
        // Closed while connecting: nothing will send; let the connection go.
        if (closing) return void producer.disconnect().catch(() => {});
        connected = true;
        lastError = undefined;
        firstConnected();
        pump();
      },
      (error: unknown) => {
        lastError = error instanceof Error ? error.message : String(error);
        options.onError?.(error, 'connect');
        if (!closing) reconnect = setTimeout(connect, options.reconnectMs ?? 1_000);
      },
    );
  };

  const pump = () => {
    if (inFlight !== undefined || !connected) return;
    if (queue.length === 0) return;
    const maxBatchBytes = options.maxBatchBytes();
    let bytes = RECORD_BATCH_OVERHEAD;
    let count = 0;
    while (count < queue.length && (count === 0 || bytes + queue[count]!.bytes <= maxBatchBytes)) bytes += queue[count++]!.bytes;
    const batch = queue.splice(0, count);
    sending = batch;
    const byTopic = new Map<string, kafkajs.Message[]>();
    for (const p of batch) {
      let messages = byTopic.get(p.topic);
      if (!messages) byTopic.set(p.topic, (messages = []));
      messages.push(p.message);
    }
    sendingSince = Date.now();
    inFlight = producer
      .sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
      .then(
        () => {
          lastError = undefined;
          for (const p of batch) {
            if (p.settled) p.lateAck?.();
            else settle(p);
          }
        },
        (error: unknown) => {
          lastError = error instanceof Error ? error.message : String(error);
          options.onError?.(error, 'send');
          for (const p of batch) settle(p, new KafkaUnavailableError(`Kafka refused the delivery: ${lastError}`, error));
        },
      )
      .finally(() => {
        sendingSince = undefined;
        inFlight = undefined;
        pump();
      });
  };

  return {
    produce(topic, message, lateAck) {
      if (closing) return Promise.reject(new KafkaUnavailableError('the ingress is shutting down'));
      if (!connected) return Promise.reject(new KafkaUnavailableError(`not connected to Kafka yet${lastError === undefined ? '' : `: ${lastError}`}`));
      if (stalled()) return Promise.reject(new KafkaUnavailableError(`Kafka has not acknowledged a send for ${Math.round((Date.now() - sendingSince!) / 1000)} s`));
      return new Promise<void>((resolve, reject) => {
        const pending: Pending = { topic, message: { key: message.key, value: message.value }, bytes: recordBytes(message), resolve, reject, lateAck, settled: false };
        pending.timer = setTimeout(() => {
          // Still queued: withdrawn, never sent, its bytes let go now rather than when Kafka is back.
          queue = queue.filter((p) => p !== pending);
          settle(pending, new KafkaUnavailableError(`Kafka did not acknowledge within ${timeoutMs} ms`));
        }, timeoutMs);
        queue.push(pending);
        pump();
      });
    },
    readiness() {
      if (!connected) return { name: 'ingress:kafka', ready: false, reason: `not connected${lastError === undefined ? '' : `: ${lastError}`}` };
      if (stalled()) return { name: 'ingress:kafka', ready: false, reason: `a send has waited ${Math.round((Date.now() - sendingSince!) / 1000)} s for Kafka${lastError === undefined ? '' : `: ${lastError}`}` };
      return { name: 'ingress:kafka', ready: true, reason: 'connected' };
    },
    start: connect,
    connected: connectedOnce,
    async close() {
      closing = true;
      clearTimeout(reconnect);
      // Waited for only while a delivery of it still waits for its answer (one that timed out was answered 503 already).
      if (inFlight !== undefined && sending.some((p) => !p.settled)) await Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      for (const p of queue) settle(p, new KafkaUnavailableError('the ingress is shutting down'));
      queue = [];
      await producer.disconnect().catch(() => {});
    },
  };
}
