/**
 * Asks the bootstrap brokers, before anything else talks to Kafka, whether they are Kafka: a
 * client of their own with short timeouts and no retries connects to each, and the first that
 * answers will do. Without it, KAFKA_BROKERS pointing at a port that accepts connections but is
 * no broker (PostgreSQL, an HTTP server, a TLS listener without KAFKA_SSL) failed after kafkajs's
 * request timeout and five retries, 31 s, with "Request ApiVersions timed out" and no variable.
 * Now it fails within `requestTimeoutMs` naming KAFKA_BROKERS (config/connectionErrors.ts).
 *
 * One broker down of several is no failure here: the cluster's metadata names the others.
 */
import kafkajs from 'kafkajs';
import { type BrokerFailure, kafkaUnreachable } from '../config/connectionErrors.ts';
import type { KafkaClientConfig } from '../config/index.ts';

const { Kafka, logLevel } = kafkajs;

export interface ProbeKafkaOptions {
  /** How long a TCP (and TLS) connection may take; default 3 s. */
  readonly connectionTimeoutMs?: number;
  /** How long a broker may take to answer the first request (ApiVersions); default 5 s. */
  readonly requestTimeoutMs?: number;
}

/** Resolves once one bootstrap broker answers as Kafka (with our TLS and SASL settings); else throws a ConnectionError naming KAFKA_BROKERS. */
export async function probeKafka(config: KafkaClientConfig, options: ProbeKafkaOptions = {}): Promise<void> {
  const attempts = config.brokers.map(async (broker) => {
    const admin = new Kafka({
      ...config,
      brokers: [broker],
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 5_000,
      retry: { retries: 0 },
      // Its failures are this probe's to report, once, in the error it throws.
      logLevel: logLevel.NOTHING,
    }).admin();
    try {
      await admin.connect();
    } catch (error) {
      throw { broker, error } satisfies BrokerFailure;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  });
  try {
    await Promise.any(attempts);
  } catch (error) {
    // Promise.any keeps the brokers' order in `errors`.
    throw kafkaUnreachable(config.brokers, (error as AggregateError).errors as BrokerFailure[]);
  }
}
