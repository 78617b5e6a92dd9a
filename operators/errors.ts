/**
 * The one errors module of the operator library (after kafkajs's `errors.js` and
 * @platformatic/kafka's coded errors): a base error with a project-prefixed `code`, whether a
 * retry may help (`retriable`), the `cause`, and the record it is about, so a failure can be
 * dead-lettered with its provenance and a log line says where it happened.
 */

/** Where in Kafka the record an error is about came from. */
export interface RecordContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface SwitchyardErrorOptions {
  readonly retriable?: boolean;
  readonly cause?: unknown;
  readonly record?: RecordContext;
}

export const ErrorCodes = {
  /** Base code; subclasses pick a more precise one. */
  generic: 'SWY_ERROR',
  /** An HTTP server failed to answer for a reason not the caller's (HTTP 500); the error is in its log. */
  internal: 'SWY_INTERNAL',
  /** A user function (mapValues, filter, a predicate…) threw for a record. */
  processing: 'SWY_PROCESSING',
  /** A record with no value (a tombstone) where a value must be decoded. */
  emptyRecord: 'SWY_EMPTY_RECORD',
  /** A sink could not write some records of a batch. */
  batchWrite: 'SWY_BATCH_WRITE',
  /** The classifier said no retry can help. */
  permanent: 'SWY_PERMANENT',
  /** Every retry was used up. */
  retriesExhausted: 'SWY_RETRIES_EXHAUSTED',
  /** A record failed when written alone while its store answered its health check (guard's isolation). */
  failedAlone: 'SWY_FAILED_ALONE',
  /** An ack handle was finished more often than it was forked: a bug in an operator. */
  ackMisuse: 'SWY_ACK_MISUSE',
  /** A topology that cannot run (duplicate names, unknown sub-topology…). */
  topology: 'SWY_TOPOLOGY',
  /** Producing to a topic failed after the client's own retries. */
  produce: 'SWY_PRODUCE',
  /** A sub-topology that cannot survive a rebalance in place (exactly-once) stopped to be restarted. */
  rebalanced: 'SWY_REBALANCED',
  /** A graceful stop ran out of time and cut pipelines: what they had in flight was not committed. */
  stopTimedOut: 'SWY_STOP_TIMED_OUT',
  /** A record larger than its topic's max.message.bytes, or refused by the broker as malformed: permanent for that record. */
  recordRefused: 'SWY_RECORD_REFUSED',
  /** Kafka refused a produce for a reason a person must fix (unknown topic, not authorized): retried with backoff. */
  kafkaConfiguration: 'SWY_KAFKA_CONFIGURATION',
  /** A JSON value nests deeper than the documented limit (MAX_JSON_DEPTH): refused before anything recurses into it. */
  jsonTooDeep: 'SWY_JSON_TOO_DEEP',
  /** A service could not be reached, or answered as something else: the message names its variable and value (config/connectionErrors.ts). */
  connection: 'SWY_CONNECTION',
  /** A DORA rule that cannot be used (a pattern that does not compile, a bad history length); names its setting. */
  doraRule: 'SWY_DORA_RULE',
  /** A question named a project the organization file does not have; the message lists the ones it has. */
  unknownProject: 'SWY_UNKNOWN_PROJECT',
  /** Access layer: a question's input does not match its schema; names the JSON path and what it must be (HTTP 400). */
  accessBadInput: 'SWY_ACCESS_BAD_INPUT',
  /** Access layer: no question by that name; lists the closest names (HTTP 404). */
  accessUnknownQuestion: 'SWY_ACCESS_UNKNOWN_QUESTION',
  /** Access layer: a store a question reads cannot be reached; names the store (HTTP 503). The other stores' questions keep answering. */
  accessStoreUnavailable: 'SWY_ACCESS_STORE_UNAVAILABLE',
  /** Access layer: the question took longer than SWITCHYARD_ACCESS_TIMEOUT_MS (HTTP 504). */
  accessTimeout: 'SWY_ACCESS_TIMEOUT',
  /** Access layer: the database refused a raw query (a write, a multi-statement, a forbidden function); quotes the database's own error (HTTP 403). */
  accessRefused: 'SWY_ACCESS_REFUSED',
  /** Access layer: no valid bearer token (HTTP 401). */
  accessUnauthorized: 'SWY_ACCESS_UNAUTHORIZED',
  /** Access layer: the token's requests per minute are used up (HTTP 429, Retry-After). */
  accessRateLimited: 'SWY_ACCESS_RATE_LIMITED',
  /** Access layer: the request body is larger than SWITCHYARD_ACCESS_MAX_BODY_BYTES (HTTP 413). */
  accessTooLarge: 'SWY_ACCESS_TOO_LARGE',
  /** Access layer: a question's answer did not match its own output schema: a bug in the question (HTTP 500). */
  accessBadOutput: 'SWY_ACCESS_BAD_OUTPUT',
  /** Access layer: the worker whose pipeline snapshot `/v1/pipeline` relays does not answer at SWITCHYARD_SERVE_WORKER_URL, or answers something else (HTTP 503). */
  accessWorkerUnavailable: 'SWY_ACCESS_WORKER_UNAVAILABLE',
  /** Ingress: no webhook route at that path; lists the routes there are (HTTP 404). */
  ingressNoRoute: 'SWY_INGRESS_NO_ROUTE',
  /** Ingress: a webhook route was asked with another method than POST (HTTP 405, Allow: POST). */
  ingressMethod: 'SWY_INGRESS_METHOD',
  /** Ingress: the delivery's signature or credentials are missing, malformed or match no configured secret; nothing is produced (HTTP 401). */
  ingressUnproven: 'SWY_INGRESS_UNPROVEN',
  /** Ingress: the sender has no secret configured (SWITCHYARD_INGRESS_<SENDER>_SECRETS) and is not allowed unproven; nothing is produced (HTTP 503, so the sender retries once it is configured). */
  ingressUnconfigured: 'SWY_INGRESS_UNCONFIGURED',
  /** Ingress: the body is not UTF-8 JSON, or lacks what names its event; says what (HTTP 400). */
  ingressBadDelivery: 'SWY_INGRESS_BAD_DELIVERY',
  /** Ingress: the body is larger than the ingress or the raw topics take (HTTP 413). */
  ingressTooLarge: 'SWY_INGRESS_TOO_LARGE',
  /** Ingress: the request did not arrive whole within SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS (HTTP 408). */
  ingressRequestTimeout: 'SWY_INGRESS_REQUEST_TIMEOUT',
  /** Ingress: the bodies in flight already hold four of the largest; the delivery is not read (HTTP 503, Retry-After). */
  ingressBusy: 'SWY_INGRESS_BUSY',
  /** Ingress: Kafka did not acknowledge the delivery in time, or cannot be reached; nothing was acknowledged to the sender (HTTP 503, Retry-After). Retriable. */
  ingressKafkaUnavailable: 'SWY_INGRESS_KAFKA_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
/** Other modules (the codec, the sinks) add their own `SWY_…` codes to subclasses. */
export type AnyErrorCode = ErrorCode | `SWY_${string}`;

export class SwitchyardError extends Error {
  override readonly name: string = 'SwitchyardError';
  readonly code: AnyErrorCode;
  readonly retriable: boolean;
  readonly record: RecordContext | undefined;

  constructor(message: string, code: AnyErrorCode = ErrorCodes.generic, options: SwitchyardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.record = options.record === undefined ? undefined : provenanceOf(options.record);
  }
}

/**
 * Only where a record came from. Structural typing lets a whole StreamRecord (key, value,
 * headers, ack) pass as a RecordContext; kept on an error it would be logged with its payload
 * (bytes a logger may choke on, data a log should not hold) and keep the record alive.
 */
function provenanceOf(record: RecordContext): RecordContext {
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}

/** A user function threw while processing one record; the stage that ran it is in `stage`. */
export class ProcessingError extends SwitchyardError {
  override readonly name: string = 'ProcessingError';
  readonly stage: string;
  constructor(stage: string, record: RecordContext, cause: unknown) {
    super(`${stage} failed at ${record.topic}/${record.partition}@${record.offset}: ${messageOf(cause)}`, ErrorCodes.processing, {
      cause,
      record,
    });
    this.stage = stage;
  }
}

/** Wraps an error a classifier or the thrower declared hopeless: retrying it would fail again. */
export class PermanentError extends SwitchyardError {
  override readonly name: string = 'PermanentError';
  constructor(message: string, options: Omit<SwitchyardErrorOptions, 'retriable'> = {}) {
    super(message, ErrorCodes.permanent, { ...options, retriable: false });
  }
}

export class RetriesExhaustedError extends SwitchyardError {
  override readonly name: string = 'RetriesExhaustedError';
  readonly attempts: number;
  constructor(attempts: number, cause: unknown, record?: RecordContext) {
    super(`gave up after ${attempts} attempts: ${messageOf(cause)}`, ErrorCodes.retriesExhausted, {
      cause,
      retriable: false,
      ...(record === undefined ? {} : { record }),
    });
    this.attempts = attempts;
  }
}

/** One record a sink could not write, by its index in the batch it was given. */
export interface RecordFailure {
  readonly index: number;
  readonly error: unknown;
}

/**
 * Thrown by a batch writer when only some records failed. Records not listed were written;
 * the guard retries or dead-letters only the listed ones. A writer that throws any other error
 * says the whole batch failed.
 */
export class BatchWriteError extends SwitchyardError {
  override readonly name: string = 'BatchWriteError';
  readonly failures: readonly RecordFailure[];
  constructor(failures: readonly RecordFailure[], message = `${failures.length} record(s) of the batch failed`) {
    super(message, ErrorCodes.batchWrite, { retriable: failures.some((f) => classify(f.error) !== 'permanent') });
    this.failures = failures;
  }
}

/**
 * What a failure says about its record:
 * - `transient`: nothing — the store documented an outage or a passing condition (no connection,
 *   a shutdown, a database still starting, overload): never the record's fault, so the guard
 *   waits for the store without counting an attempt, never searches the batch for a poison record
 *   and never dead-letters. Kept apart from `retryable` because a store that restarts answers its
 *   health check before it takes writes (Neo4j accepts bolt before its database is available):
 *   judged by the health check, an innocent record would be dead-lettered;
 * - `retryable`: maybe nothing — the store may take it on a later try (a deadlock, a timeout), or
 *   an error we cannot place (an unknown code, a server's internal error) that may be the
 *   record's: the guard's isolation decides, by writing it alone while the store answers;
 * - `permanent`: the record is at fault and will fail the same way every time: dead-letter it;
 * - `configuration`: the store's setup is at fault (credentials, a missing table or database,
 *   privileges), not the record: retry without end and never dead-letter — every record would
 *   fail the same way until a person fixes it.
 */
export type Classification = 'transient' | 'retryable' | 'permanent' | 'configuration';
export type Classifier = (error: unknown) => Classification;

const CLASSIFICATIONS: ReadonlySet<unknown> = new Set<Classification>(['transient', 'retryable', 'permanent', 'configuration']);

/**
 * Error codes that say the peer could not be reached or dropped the connection, never what was
 * sent — the one list the classifiers, the process guards (worker/processGuards.ts) and the
 * registry's error reader (config/connectionErrors.ts) draw from: Node's system errors (errno(3),
 * getaddrinfo(3): EAI_AGAIN is a DNS server that did not answer, ENOTFOUND a name that does not
 * resolve — a stopped container's in a compose network), Node's own for a socket or stream
 * closed under a write (ERR_SOCKET_CLOSED, ERR_STREAM_DESTROYED), and undici's (fetch) for a
 * socket that failed or a connection that timed out. A timeout waiting for an answer (a slow
 * query, a huge request: undici's UND_ERR_HEADERS_TIMEOUT) is not listed: that may be the
 * request's doing.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_DESTROYED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The network error code of `error` ({@link NETWORK_ERROR_CODES}), or of its `cause` when it
 * has no code of its own: fetch rejects with `TypeError('fetch failed')` whose cause carries it.
 */
export function networkErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return NETWORK_ERROR_CODES.has(code) ? code : undefined;
  const cause = (error as { cause?: unknown }).cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  const causeCode = (cause as { code?: unknown }).code;
  return typeof causeCode === 'string' && NETWORK_ERROR_CODES.has(causeCode) ? causeCode : undefined;
}

/**
 * Clients' words for a connection that is gone or never came, when they give no code:
 * node-postgres and pg-pool ("Connection terminated unexpectedly", "timeout expired" and
 * "timeout exceeded when trying to connect" while connecting, a client that "is not queryable"
 * after an error or once closed), Node's http and tls ("socket hang up"), and servers or proxies
 * that say so ("server closed the connection", "connection reset"). "Query read timeout" is left
 * out: a slow statement may be a record's doing.
 */
export const LOST_CONNECTION_MESSAGE = /^(?:timeout expired|timeout exceeded when trying to connect)$|connection terminated|is not queryable$|socket hang up|connection (?:closed|reset|lost)|server closed the connection/i;

/** Whether `error` says its connection was lost or refused: a network error code ({@link networkErrorCode}) or a client's words for it ({@link LOST_CONNECTION_MESSAGE}). */
export function connectionLost(error: unknown): boolean {
  if (networkErrorCode(error) !== undefined) return true;
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' && LOST_CONNECTION_MESSAGE.test(message);
}

/**
 * The default classifier: trusts a `classification` the error declares (a store's classifier
 * sets it from the store's documented codes); a network error code (unreachable, reset:
 * {@link networkErrorCode}) is transient unless the error declares `retriable: false`; then it
 * trusts a `retriable` flag (ours, kafkajs's); treats PermanentError, TypeError, RangeError and
 * SyntaxError (bugs and bad data, which fail the same way every time) as permanent, and
 * everything else as retryable — an unknown error from a store is more often a network blip than
 * a poison record, and the guard's isolation or bounded retries settle it.
 */
export const classify: Classifier = (error) => {
  if (error instanceof PermanentError) return 'permanent';
  if (typeof error === 'object' && error !== null && 'classification' in error && CLASSIFICATIONS.has(error.classification)) {
    return error.classification as Classification;
  }
  const network = networkErrorCode(error) !== undefined;
  if (typeof error === 'object' && error !== null && 'retriable' in error && typeof error.retriable === 'boolean') {
    return error.retriable ? (network ? 'transient' : 'retryable') : 'permanent';
  }
  if (network) return 'transient';
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return 'permanent';
  return 'retryable';
};

/**
 * A record that failed when written alone, `attempts` times, while its store answered its health
 * check: the guard's isolation found it (see `bisect.ts`). The store's error is the `cause`.
 */
export class FailedAloneError extends SwitchyardError {
  override readonly name: string = 'FailedAloneError';
  readonly attempts: number;
  constructor(attempts: number, cause: unknown, record?: RecordContext) {
    super(`failed alone ${attempts === 1 ? 'once' : `${attempts} times`} while the store answered its health check: ${messageOf(cause)}`, ErrorCodes.failedAlone, {
      cause,
      retriable: false,
      ...(record === undefined ? {} : { record }),
    });
    this.attempts = attempts;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The class name to report (DLQ `errorClass`, logs); the innermost SwitchyardError's cause wins. */
export function errorClassOf(error: unknown): string {
  if (error instanceof RetriesExhaustedError || error instanceof FailedAloneError || error instanceof ProcessingError) return errorClassOf(error.cause);
  if (error instanceof Error) return error.constructor.name === 'Error' ? error.name : error.constructor.name;
  return typeof error;
}
