/**
 * What a failed produce means, told from the Kafka protocol error code the broker answered
 * (https://kafka.apache.org/protocol#protocol_error_codes; kafkajs carries it as `type` and
 * `code` on a KafkaJSProtocolError, under the KafkaJSNonRetriableError or
 * KafkaJSNumberOfRetriesExceeded it throws once its own retries are spent).
 *
 * - `record`: this record (or this batch of records) will be refused every time — too large,
 *   malformed, a timestamp out of range. Retrying stalls the partition forever; the record must
 *   be set aside (the reason normalize checks sizes before it produces).
 * - `transient`: the cluster is moving (leader election, a broker down, too few in-sync
 *   replicas, a timeout, a fenced producer); a restart with a fresh producer gets through.
 * - `configuration`: the deployment is wrong (no such topic, not authorized, an unsupported
 *   version). Nothing per record can fix it, and nothing may be dead-lettered for it: retried
 *   (with backoff) so it heals once a person fixes the cluster, and visible in the error.
 *
 * Kafka's own `retriable` flag is not enough: it calls MESSAGE_TOO_LARGE non-retriable but says
 * nothing of whether the record or the cluster is at fault, and calls UNKNOWN_TOPIC_OR_PARTITION
 * retriable although, after the client's retries, a person must create the topic.
 * CORRUPT_MESSAGE is `transient` as Kafka and kafkajs have it: a CRC failure is corruption on the
 * wire that a resend cures (the other cause, a null key on a compacted topic, cannot happen on
 * our topics: none is compacted and every output keeps its raw record's key).
 */

export type ProduceFailureKind = 'record' | 'transient' | 'configuration';

/** Kafka protocol error type → [code, kind]. A type not listed is told by its `retriable` flag. */
export const PRODUCE_ERRORS = {
  CORRUPT_MESSAGE: [2, 'transient'],
  UNKNOWN_TOPIC_OR_PARTITION: [3, 'configuration'],
  LEADER_NOT_AVAILABLE: [5, 'transient'],
  NOT_LEADER_FOR_PARTITION: [6, 'transient'],
  REQUEST_TIMED_OUT: [7, 'transient'],
  BROKER_NOT_AVAILABLE: [8, 'transient'],
  REPLICA_NOT_AVAILABLE: [9, 'transient'],
  MESSAGE_TOO_LARGE: [10, 'record'],
  NETWORK_EXCEPTION: [13, 'transient'],
  INVALID_TOPIC_EXCEPTION: [17, 'configuration'],
  RECORD_LIST_TOO_LARGE: [18, 'record'],
  NOT_ENOUGH_REPLICAS: [19, 'transient'],
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: [20, 'transient'],
  INVALID_REQUIRED_ACKS: [21, 'configuration'],
  TOPIC_AUTHORIZATION_FAILED: [29, 'configuration'],
  CLUSTER_AUTHORIZATION_FAILED: [31, 'configuration'],
  INVALID_TIMESTAMP: [32, 'record'],
  UNSUPPORTED_VERSION: [35, 'configuration'],
  UNSUPPORTED_FOR_MESSAGE_FORMAT: [43, 'configuration'],
  POLICY_VIOLATION: [44, 'configuration'],
  OUT_OF_ORDER_SEQUENCE_NUMBER: [45, 'transient'],
  INVALID_PRODUCER_EPOCH: [47, 'transient'],
  INVALID_TXN_STATE: [48, 'transient'],
  CONCURRENT_TRANSACTIONS: [51, 'transient'],
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: [53, 'configuration'],
  KAFKA_STORAGE_ERROR: [56, 'transient'],
  SASL_AUTHENTICATION_FAILED: [58, 'configuration'],
  UNKNOWN_PRODUCER_ID: [59, 'transient'],
  FENCED_LEADER_EPOCH: [74, 'transient'],
  UNKNOWN_LEADER_EPOCH: [75, 'transient'],
  UNSUPPORTED_COMPRESSION_TYPE: [76, 'configuration'],
  INVALID_RECORD: [87, 'record'],
} as const satisfies Record<string, readonly [number, ProduceFailureKind]>;

export interface ProduceFailure {
  readonly kind: ProduceFailureKind;
  /** The Kafka protocol error type and code found in the error or its causes, if any. */
  readonly type?: string;
  readonly code?: number;
}

/**
 * The kind of a produce failure. Looks through `cause` and an aggregate's `errors` for the
 * first Kafka protocol error; without one (a connection refused, a request timing out in the
 * client) the failure is `transient`.
 */
export function classifyProduceError(error: unknown): ProduceFailure {
  const found = protocolErrorIn(error);
  if (found === undefined) return { kind: 'transient' };
  const known = (PRODUCE_ERRORS as Record<string, readonly [number, ProduceFailureKind]>)[found.type];
  const kind = known?.[1] ?? (found.retriable === true ? 'transient' : 'configuration');
  const code = found.code ?? known?.[0];
  return { kind, type: found.type, ...(code === undefined ? {} : { code }) };
}

interface ProtocolError {
  readonly type: string;
  readonly code: number | undefined;
  readonly retriable: unknown;
}

/** Breadth-first through causes and aggregated errors, bounded so a cyclic cause cannot loop. */
function protocolErrorIn(error: unknown): ProtocolError | undefined {
  const queue: unknown[] = [error];
  for (let seen = 0; seen < queue.length && seen < 32; seen++) {
    const current = queue[seen];
    if (typeof current !== 'object' || current === null) continue;
    const e = current as { type?: unknown; code?: unknown; retriable?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.type === 'string' && (typeof e.code === 'number' || e.type in PRODUCE_ERRORS)) {
      return { type: e.type, code: typeof e.code === 'number' ? e.code : undefined, retriable: e.retriable };
    }
    if (e.cause !== undefined && e.cause !== current) queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...(e.errors as unknown[]));
  }
  return undefined;
}
