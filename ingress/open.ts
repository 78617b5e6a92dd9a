/**
 * The ingress on real services: kafkajs's idempotent producer, the wire codec, and the raw
 * topics' actual limits, read from the cluster. Used by `switchyard ingress` and `npm start`.
 *
 * It listens at once and gets ready in the background: a broker or registry that is away at
 * start is tried again every 2 s, deliveries meanwhile are answered 503 with Retry-After (so
 * senders that retry, retry), and `/readyz` says what it waits for. Nothing here can end the
 * process it runs in.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import kafkajs from 'kafkajs';
import type { Logger } from 'pino';
import { createCodec } from '../avro/codec.ts';
import { registryClientArgs, type SwitchyardConfig } from '../config/index.ts';
import { RAW_MAX_MESSAGE_BYTES } from '../config/topics.ts';
import { kafkajsPort } from '../operators/kafka/kafkajs.ts';
import type { Readiness } from '../observability/readiness.ts';
import type { Receiver } from '../topology/receiver.ts';
import { RAW_TOPICS } from '../topology/sources.ts';
import { createIngressApp } from './app.ts';
import { senderState, type IngressSettings } from './config.ts';
import { inFlightFor } from './inFlight.ts';
import { createDeliveryProducer } from './deliveryProducer.ts';
import { kafkaProbe } from './kafkaProbe.ts';
import { RECEIVERS } from './receivers.ts';
import { listenIngress, type RunningIngress } from './server.ts';

export interface StartIngressOptions {
  readonly settings: IngressSettings;
  readonly config: Pick<SwitchyardConfig, 'kafka' | 'topics' | 'registry'>;
  readonly logger: Logger;
  /** Told of a Notion handshake's verification token. */
  readonly onHandshake?: (receiver: Receiver, token: string) => void;
  /** Default `settings.port`; 0 picks a free one (tests, benches). */
  readonly port?: number;
}

export interface StartedIngress extends RunningIngress {
  /** For the worker's `/readyz` when both run in one process (npm start). */
  readiness(): Promise<readonly Readiness[]>;
  /** Resolves once the producer is connected and the codec and the limits are ready (tests, benches); never rejects. */
  readonly readied: Promise<void>;
}

const RETRY_MS = 2_000;

export async function startIngress(options: StartIngressOptions): Promise<StartedIngress> {
  const { settings, config, logger } = options;
  const kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    // Without end (an idempotent producer's default), but soon after the broker is back.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
  const codec = createCodec(new SchemaRegistry(registryClientArgs(config.registry)), { registryUrl: config.registry.host });
  const topics = RAW_TOPICS.map((t) => config.topics.names.raw[t] ?? t);
  let limits: ReadonlyMap<string, number> | undefined;
  let codecReady = false;
  let waitingFor: string | undefined = 'starting';
  let closed = false;

  const deliveries = createDeliveryProducer({
    producer,
    timeoutMs: settings.produceTimeoutMs,
    maxBatchBytes: () => Math.min(...(limits?.values() ?? [RAW_MAX_MESSAGE_BYTES])),
    onError: (error, what) => logger.warn({ err: error }, what === 'connect' ? 'ingress: cannot connect to Kafka yet; trying again' : 'ingress: a send to Kafka failed'),
  });
  deliveries.start();

  const getReady = async (): Promise<void> => {
    let logged = false;
    while (!closed) {
      try {
        if (!codecReady) {
          waitingFor = `the schema registry at ${config.registry.host}`;
          await codec.prepare(RAW_TOPICS);
          codecReady = true;
        }
        waitingFor = `the raw topics' max.message.bytes from Kafka (${topics.join(', ')})`;
        const admin = kafkajsPort(kafka).admin();
        let found: ReadonlyMap<string, number>;
        try {
          await admin.connect();
          found = await admin.maxMessageBytes(topics);
        } finally {
          await admin.disconnect().catch(() => {});
        }
        const missing = topics.filter((t) => !found.has(t));
        if (missing.length > 0) throw new Error(`no such topics: ${missing.join(', ')} (npx switchyard topics create)`);
        // Published last: deliveries are taken once everything they need is known.
        limits = found;
        waitingFor = undefined;
        for (const [topic, limit] of found) {
          if (limit < settings.maxBodyBytes) logger.warn({ topic, limit }, `ingress: ${topic} takes records up to ${limit} bytes (max.message.bytes), less than SWITCHYARD_INGRESS_MAX_BODY_BYTES (${settings.maxBodyBytes}): larger deliveries to it get 413`);
        }
        return;
      } catch (error) {
        if (!logged) logger.warn({ err: error }, `ingress: waiting for ${waitingFor}; deliveries get 503 until then`);
        logged = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      }
    }
  };
  const readied = getReady();

  const probe = kafkaProbe(kafka.admin({ retry: { retries: 0 } }));
  /** Beyond the producer's own: the codec and the limits, and whether Kafka answers while nothing is sent. */
  const more = async (): Promise<readonly Readiness[]> => [
    waitingFor === undefined ? { name: 'ingress:topics', ready: true, reason: `${topics.length} raw topics` } : { name: 'ingress:topics', ready: false, reason: `waiting for ${waitingFor}` },
    await probe.readiness(),
  ];
  const readiness = async (): Promise<readonly Readiness[]> => [deliveries.readiness(), ...(await more())];
  // The deliveries a shutdown waits to answer, and the bytes their bodies may hold.
  const requests = inFlightFor(settings);
  const app = createIngressApp({
    inFlight: requests,
    settings,
    codec,
    producer: deliveries,
    topics: config.topics.names.raw,
    limits: () => limits,
    logger,
    ready: more,
    ...(options.onHandshake === undefined ? {} : { onHandshake: options.onHandshake }),
  });
  const stopTrying = async () => {
    closed = true;
    await deliveries.close();
    await probe.close();
  };
  const listening = await listenIngress({ app, host: settings.host, port: options.port ?? settings.port, requestTimeoutMs: settings.requestTimeoutMs, produceTimeoutMs: settings.produceTimeoutMs, inFlight: requests, logger }).catch(async (error: unknown) => {
    await stopTrying();
    throw error;
  });
  for (const receiver of RECEIVERS) {
    const state = senderState(receiver, settings);
    logger[state.open && !settings.allowUnproven.includes(receiver.route) ? 'info' : 'warn']({ route: receiver.route, credentials: settings.credentials[receiver.route]?.length ?? 0, unproven: settings.allowUnproven.includes(receiver.route) }, `ingress: POST ${listening.url}/webhooks/${receiver.route}: ${state.text}`);
  }
  return {
    ...listening,
    readiness,
    readied: Promise.all([readied, deliveries.connected]).then(() => undefined),
    // Each delivery in flight gets its answer (ingress/server.ts), then the producer goes.
    close: async () => {
      await listening.close();
      await stopTrying();
    },
  };
}
