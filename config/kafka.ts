/**
 * The Kafka client's configuration, from the environment: brokers, TLS and SASL, as a kafkajs
 * `KafkaConfig` ready for `kafkajsPort` or `new Kafka()`.
 *
 * SASL mechanisms: PLAIN and SCRAM-SHA-256/512 with a username and password (Confluent Cloud,
 * Aiven, MSK SCRAM), and AWS MSK IAM through AWS's maintained signer
 * (`aws-msk-iam-sasl-signer-js`) as kafkajs's OAUTHBEARER mechanism: each token is signed
 * with the credentials of the AWS default provider chain (environment, profile, SSO, the
 * instance or task role) for AWS_REGION, so no AWS secret is ever Switchyard's to hold.
 *
 * Combinations that would fail later, or silently, are rejected here (see `checkCombinations`).
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, OauthbearerProviderResponse, SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { localStack } from './endpoints.ts';
import { booleanFlag, brokerList, type ConfigSection, type Env, Problems, type Setting, valueOf } from './spec.ts';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512', 'aws-msk-iam'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export const KAFKA_SETTINGS: readonly Setting[] = [
  { name: 'KAFKA_BROKERS', description: 'Bootstrap brokers, comma-separated host:port', default: localStack.kafka.brokers.join(','), example: 'b-1.msk.eu-west-1.amazonaws.com:9098,b-2.msk.eu-west-1.amazonaws.com:9098' },
  { name: 'KAFKA_CLIENT_ID', description: 'Client id the brokers see (quotas, logs)', default: 'switchyard' },
  { name: 'KAFKA_SSL', description: 'Connect with TLS: true or false', default: 'false' },
  { name: 'KAFKA_SSL_CA_FILE', description: 'PEM file of the CA that signed the brokers’ certificates (when not a public CA)' },
  { name: 'KAFKA_SSL_CERT_FILE', description: 'PEM client certificate, for mutual TLS (with KAFKA_SSL_KEY_FILE)' },
  { name: 'KAFKA_SSL_KEY_FILE', description: 'PEM private key of the client certificate', secret: true },
  { name: 'KAFKA_SSL_REJECT_UNAUTHORIZED', description: 'Refuse brokers whose certificate does not verify: true or false (false only for testing)', default: 'true' },
  { name: 'KAFKA_SASL_MECHANISM', description: 'SASL mechanism: plain, scram-sha-256, scram-sha-512 or aws-msk-iam (unset: no SASL)' },
  { name: 'KAFKA_SASL_USERNAME', description: 'SASL username (plain, scram-*)' },
  { name: 'KAFKA_SASL_PASSWORD', description: 'SASL password (plain, scram-*)', secret: true },
  { name: 'AWS_REGION', description: 'AWS region of the MSK cluster, for aws-msk-iam (credentials come from the AWS default provider chain)', example: 'eu-west-1' },
];

/** Signs an MSK IAM token; `generateAuthToken` of aws-msk-iam-sasl-signer-js by default. */
export type MskTokenSigner = (options: { region: string }) => Promise<{ token: string }>;

const awsSigner: MskTokenSigner = async (options) => {
  // Loaded on first use: the AWS SDK it pulls in costs a startup nobody else should pay.
  const signer = await import('aws-msk-iam-sasl-signer-js');
  return signer.generateAuthToken(options);
};

/**
 * kafkajs's OAUTHBEARER provider for MSK IAM. kafkajs calls it at each (re)authentication;
 * the signer returns a fresh presigned token each time, so expiry needs no bookkeeping here.
 */
export function mskIamTokenProvider(region: string, sign: MskTokenSigner = awsSigner): () => Promise<OauthbearerProviderResponse> {
  return async () => {
    const { token } = await sign({ region });
    return { value: token };
  };
}

/** A kafkajs KafkaConfig whose brokers are a list (never kafkajs's discovery function). */
export type KafkaClientConfig = KafkaConfig & { readonly brokers: string[] };

/** Reads the Kafka client's variables into a kafkajs KafkaConfig; problems go to `problems`. */
export function readKafkaConfig(env: Env, problems: Problems, sign?: MskTokenSigner): KafkaClientConfig {
  const brokers = problems.read(env, 'KAFKA_BROKERS', brokerList, localStack.kafka.brokers.join(',')) ?? [...localStack.kafka.brokers];
  const clientId = problems.read(env, 'KAFKA_CLIENT_ID', z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, dots, dashes or underscores'), 'switchyard');
  const ssl = problems.read(env, 'KAFKA_SSL', booleanFlag, 'false') ?? false;
  const rejectUnauthorized = problems.read(env, 'KAFKA_SSL_REJECT_UNAUTHORIZED', booleanFlag, 'true') ?? true;
  const mechanism = problems.read(env, 'KAFKA_SASL_MECHANISM', z.enum(SASL_MECHANISMS, { error: `must be one of ${SASL_MECHANISMS.join(', ')}` }));

  checkCombinations(env, problems, { ssl, mechanism });

  const tls: ConnectionOptions = { rejectUnauthorized };
  const ca = readPem(env, problems, 'KAFKA_SSL_CA_FILE');
  const cert = readPem(env, problems, 'KAFKA_SSL_CERT_FILE');
  const key = readPem(env, problems, 'KAFKA_SSL_KEY_FILE');
  if (ca !== undefined) tls.ca = [ca];
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;

  const sasl = saslOptions(env, mechanism, sign);
  return {
    clientId: clientId ?? 'switchyard',
    brokers,
    ...(ssl ? { ssl: tls } : {}),
    ...(sasl === undefined ? {} : { sasl }),
  };
}

/**
 * Settings that each look fine alone but cannot work together. Each is rejected naming the
 * variable to change, because otherwise:
 * - a CA or client certificate without KAFKA_SSL=true is silently ignored;
 * - a certificate without its key (or the reverse) fails the TLS handshake with an opaque error;
 * - a username without a mechanism is silently unused, and a mechanism without credentials
 *   fails only at connect, as an authentication error that hides which variable is missing;
 * - PLAIN without TLS sends the password in clear text;
 * - MSK IAM listens on TLS only (port 9098), needs a region to sign for, and ignores a
 *   username and password someone thought it would use.
 */
function checkCombinations(env: Env, problems: Problems, { ssl, mechanism }: { ssl: boolean; mechanism: SaslMechanism | undefined }): void {
  const set = (name: string) => valueOf(env, name) !== undefined;
  for (const file of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE']) {
    if (set(file) && !ssl) problems.add(file, 'is only used with TLS: set KAFKA_SSL=true, or unset it');
  }
  if (set('KAFKA_SSL_CERT_FILE') !== set('KAFKA_SSL_KEY_FILE')) {
    problems.add(set('KAFKA_SSL_CERT_FILE') ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE', 'must be set too: a client certificate and its key go together');
  }
  if (mechanism === undefined) {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) {
      if (set(name) && !set('KAFKA_SASL_MECHANISM')) problems.add(name, 'is only used with SASL: set KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)');
    }
    return;
  }
  if (mechanism === 'aws-msk-iam') {
    if (!ssl) problems.add('KAFKA_SSL', 'must be true with KAFKA_SASL_MECHANISM=aws-msk-iam: MSK serves IAM on TLS only (port 9098)');
    if (!set('AWS_REGION')) problems.add('AWS_REGION', 'must be set with KAFKA_SASL_MECHANISM=aws-msk-iam: the region of the MSK cluster, e.g. eu-west-1');
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) {
      if (set(name)) problems.add(name, 'is not used by aws-msk-iam (credentials come from the AWS default provider chain): unset it');
    }
    return;
  }
  for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) {
    if (!set(name)) problems.add(name, `must be set with KAFKA_SASL_MECHANISM=${mechanism}`);
  }
  if (mechanism === 'plain' && !ssl) problems.add('KAFKA_SSL', 'must be true with KAFKA_SASL_MECHANISM=plain: PLAIN sends the password in clear text');
}

function readPem(env: Env, problems: Problems, name: string): string | undefined {
  const path = valueOf(env, name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.add(name, `must be a readable PEM file; cannot read ${path} (${code})`);
    return undefined;
  }
}

function saslOptions(env: Env, mechanism: SaslMechanism | undefined, sign: MskTokenSigner | undefined): SASLOptions | undefined {
  if (mechanism === undefined) return undefined;
  if (mechanism === 'aws-msk-iam') {
    return { mechanism: 'oauthbearer', oauthBearerProvider: mskIamTokenProvider(valueOf(env, 'AWS_REGION') ?? '', sign) };
  }
  return { mechanism, username: valueOf(env, 'KAFKA_SASL_USERNAME') ?? '', password: valueOf(env, 'KAFKA_SASL_PASSWORD') ?? '' };
}

/** Kafka's section of the configuration (AWS's signer for aws-msk-iam; `readKafkaConfig` takes another). */
export const kafkaConfig: ConfigSection<KafkaClientConfig> = { title: 'Kafka', settings: KAFKA_SETTINGS, read: (env, problems) => readKafkaConfig(env, problems) };
