/**
 * What a failed first connection says: the variable that points there and its value (password
 * replaced), then what the service did and what that means — never a bare "status 400" or a
 * timeout after 31 s that leaves a person guessing which setting to fix (STYLE.md 8).
 *
 *     KAFKA_BROKERS=127.0.0.1:5432 does not answer as a Kafka broker: 127.0.0.1:5432 accepted the
 *       connection and closed it at Kafka's first request (not a Kafka broker, or one that wants TLS: KAFKA_SSL)
 *     SCHEMA_REGISTRY_URL=http://127.0.0.1:8081: does not answer (connect ECONNREFUSED 127.0.0.1:8081) …
 *     POSTGRES_URL=postgres://app:redacted@db:5432/eng: connect ECONNREFUSED 10.0.0.5:5432
 */
import { messageOf, NETWORK_ERROR_CODES, SwitchyardError, ErrorCodes } from '../operators/errors.ts';
import { redactCredentials } from './spec.ts';

/** A service named by `variable` could not be reached, or answered as something else. */
export class ConnectionError extends SwitchyardError {
  override readonly name: string = 'ConnectionError';
  /** The variable to look at, e.g. KAFKA_BROKERS. */
  readonly variable: string;

  constructor(variable: string, message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, ErrorCodes.connection, { retriable: options.retriable ?? true, ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.variable = variable;
  }
}

/** The variable that says where a service is, and its value (a store descriptor's `whereFrom`). */
export interface ConnectionSetting {
  readonly variable: string;
  readonly value: string;
}

/** `VARIABLE=value`, the value without its password. */
export function setting(variable: string, value: string): string {
  return `${variable}=${redactCredentials(value)}`;
}

/** Why one bootstrap broker did not answer as Kafka: the broker and its client's error. */
export interface BrokerFailure {
  readonly broker: string;
  readonly error: unknown;
}

/** No bootstrap broker answered as Kafka: each broker, what it did, and what that means. */
export function kafkaUnreachable(brokers: readonly string[], failures: readonly BrokerFailure[]): ConnectionError {
  const reasons = failures.map(({ broker, error }) => `${broker} ${brokerReason(error)}`);
  const refusedCredentials = failures.some((f) => innermost(f.error).name === 'KafkaJSSASLAuthenticationError');
  const headline = refusedCredentials ? 'refused our credentials' : 'does not answer as a Kafka broker';
  return new ConnectionError('KAFKA_BROKERS', `${setting('KAFKA_BROKERS', brokers.join(','))} ${headline}: ${reasons.join('; ')}`, { cause: failures[0]?.error });
}

/** What one broker's kafkajs error means, in words a person can act on. */
function brokerReason(error: unknown): string {
  const inner = innermost(error);
  const detail = messageOf(inner);
  switch (inner.name) {
    case 'KafkaJSRequestTimeoutError':
      return `accepted the connection but did not answer Kafka's first request (${detail}): not a Kafka broker (an HTTP server?), or one that wants TLS (KAFKA_SSL)`;
    case 'KafkaJSConnectionClosedError':
      return `accepted the connection and closed it at Kafka's first request (${detail}): not a Kafka broker, or one that wants TLS (KAFKA_SSL)`;
    case 'KafkaJSSASLAuthenticationError':
      return `refused the SASL credentials (${detail}): check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`;
    default:
      if (/ECONNREFUSED/.test(detail)) return `refused the connection (${detail}): nothing listens there — is Kafka running, on this port?`;
      if (/ENOTFOUND|EAI_AGAIN/.test(detail)) return `does not resolve (${detail}): check the host name`;
      if (/ETIMEDOUT|Connection timeout/i.test(detail)) return `did not accept a connection in time (${detail}): a firewall, or the wrong host`;
      if (/SSL|TLS|certificate|wrong version number/i.test(detail)) return `failed the TLS handshake (${detail}): check KAFKA_SSL and the KAFKA_SSL_* files`;
      return `failed: ${detail}`;
  }
}

/** kafkajs wraps the error that happened (in `cause` or `originalError`) in one that says retries ran out. */
function innermost(error: unknown): Error {
  let current = error instanceof Error ? error : new Error(String(error));
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { originalError?: unknown }).originalError ?? current.cause;
    if (!(next instanceof Error)) break;
    current = next;
  }
  return current;
}

/**
 * What a Schema Registry request's failure means:
 * - `not-found`: the registry itself said the subject, schema or id is not there (its JSON error);
 * - `unavailable`: anything else — no answer, not a registry, credentials, a server error — which
 *   the message spells out. A 404 without a registry's error is here: the URL's path is wrong,
 *   and treating it as "not found" would dead-letter good records as unknown schema ids.
 */
export interface RegistryFailure {
  readonly kind: 'not-found' | 'unavailable';
  readonly message: string;
}

/** A socket's failure in the client's text: a network error code (the one list, operators/errors.ts) or a timeout. */
const NO_ANSWER = new RegExp(`\\b(${[...NETWORK_ERROR_CODES, 'socket hang up', 'timeout'].join('|')})\\b`, 'i');

/**
 * Reads an error of @kafkajs/confluent-schema-registry. Its HTTP client (mappersmith) reports a
 * connection that failed as status 400 with the socket's error as the body, and a response whose
 * body is not the registry's JSON error as `Error, status N: <body>`: both are told apart here.
 */
export function registryFailure(url: string, error: unknown): RegistryFailure {
  const where = setting('SCHEMA_REGISTRY_URL', url);
  const status = httpStatus(error);
  const text = messageOf(error).replace(/^Confluent_Schema_Registry - /, '');
  // `Error, status N: …` is the client's wording when the body had no registry `message`.
  const raw = /^Error, status (\d+): ?([\s\S]*)$/.exec(text);
  const body = raw?.[2] === '[object Object]' ? 'a JSON body' : raw?.[2]?.replace(/\s+/g, ' ').trim().slice(0, 160);
  if (status === 400 && raw !== null && NO_ANSWER.test(text)) {
    return { kind: 'unavailable', message: `${where}: does not answer (${body}): is the registry running, at this address? (no request reached it; the client reports this as status 400)` };
  }
  if (status === 404 && raw === null) return { kind: 'not-found', message: `${where}: ${text}` };
  const meaning =
    status === undefined
      ? `failed: ${text}`
      : status === 401 || status === 403
        ? `answered HTTP ${status}: it refused our credentials — check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`
        : status === 404
          ? `answered HTTP 404 without a registry's error (${body}): no Confluent-compatible registry API at this path (Apicurio serves one under /apis/ccompat/v7)`
          : status >= 500
            ? `answered HTTP ${status} (${body ?? text}): the registry failed or is still starting`
            : `answered HTTP ${status} (${body ?? text}): not what a Confluent-compatible Schema Registry answers — is this URL one?`;
  return { kind: 'unavailable', message: `${where}: ${meaning}` };
}

/** The HTTP status of a registry client's error; a 404 of a lookup comes wrapped without one, named ConfluentSchemaRegistryError. */
function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status ?? (error as { cause?: { status?: unknown } }).cause?.status;
  if (typeof status === 'number') return status;
  // getRegistryIdBySchema rethrows a 404 as ConfluentSchemaRegistryError, keeping only the message.
  return (error as Error).name === 'ConfluentSchemaRegistryError' ? 404 : undefined;
}

/** A store's first connection failed: its variable and value, then its client's error. */
export function storeUnreachable(variable: string, value: string, error: unknown): string {
  return `${setting(variable, value)}: ${messageOf(error)}`;
}
