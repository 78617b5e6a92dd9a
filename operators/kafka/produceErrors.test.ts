import kafkajs from 'kafkajs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, type SwitchyardError } from '../errors.ts';
import { produceError } from '../to.ts';
import { classifyProduceError, PRODUCE_ERRORS, type ProduceFailureKind } from './produceErrors.ts';

/** kafkajs's own table of protocol errors (src/protocol/error.js), to build real errors from. */
const { createErrorFromCode } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as { createErrorFromCode: (code: number) => Error & { type: string; code: number; retriable: boolean } };

/** The error kafkajs's producer throws once its retries are over: the protocol error as the cause. */
function afterRetries(code: number): Error {
  const protocol = new kafkajs.KafkaJSProtocolError(createErrorFromCode(code));
  return protocol.retriable
    ? new kafkajs.KafkaJSNumberOfRetriesExceeded(protocol, { retryCount: 5, retryTime: 1000 })
    : Object.assign(new kafkajs.KafkaJSNonRetriableError(protocol), { cause: protocol });
}

const EXPECTED: readonly [string, number, ProduceFailureKind][] = [
  ['MESSAGE_TOO_LARGE', 10, 'record'],
  ['RECORD_LIST_TOO_LARGE', 18, 'record'],
  ['INVALID_RECORD', 87, 'record'],
  ['INVALID_TIMESTAMP', 32, 'record'],
  ['CORRUPT_MESSAGE', 2, 'transient'],
  ['LEADER_NOT_AVAILABLE', 5, 'transient'],
  ['NOT_LEADER_FOR_PARTITION', 6, 'transient'],
  ['REQUEST_TIMED_OUT', 7, 'transient'],
  ['BROKER_NOT_AVAILABLE', 8, 'transient'],
  ['REPLICA_NOT_AVAILABLE', 9, 'transient'],
  ['NETWORK_EXCEPTION', 13, 'transient'],
  ['NOT_ENOUGH_REPLICAS', 19, 'transient'],
  ['NOT_ENOUGH_REPLICAS_AFTER_APPEND', 20, 'transient'],
  ['OUT_OF_ORDER_SEQUENCE_NUMBER', 45, 'transient'],
  ['INVALID_PRODUCER_EPOCH', 47, 'transient'],
  ['INVALID_TXN_STATE', 48, 'transient'],
  ['CONCURRENT_TRANSACTIONS', 51, 'transient'],
  ['KAFKA_STORAGE_ERROR', 56, 'transient'],
  ['UNKNOWN_PRODUCER_ID', 59, 'transient'],
  ['FENCED_LEADER_EPOCH', 74, 'transient'],
  ['UNKNOWN_LEADER_EPOCH', 75, 'transient'],
  ['UNKNOWN_TOPIC_OR_PARTITION', 3, 'configuration'],
  ['INVALID_TOPIC_EXCEPTION', 17, 'configuration'],
  ['INVALID_REQUIRED_ACKS', 21, 'configuration'],
  ['TOPIC_AUTHORIZATION_FAILED', 29, 'configuration'],
  ['CLUSTER_AUTHORIZATION_FAILED', 31, 'configuration'],
  ['UNSUPPORTED_VERSION', 35, 'configuration'],
  ['UNSUPPORTED_FOR_MESSAGE_FORMAT', 43, 'configuration'],
  ['POLICY_VIOLATION', 44, 'configuration'],
  ['TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 53, 'configuration'],
  ['SASL_AUTHENTICATION_FAILED', 58, 'configuration'],
  ['UNSUPPORTED_COMPRESSION_TYPE', 76, 'configuration'],
];

const CODE_OF_KIND: Readonly<Record<ProduceFailureKind, string>> = { record: ErrorCodes.recordRefused, transient: ErrorCodes.produce, configuration: ErrorCodes.kafkaConfiguration };

describe('classifying produce errors by their Kafka protocol code', () => {
  it('lists every code of the table, each as kafkajs names and numbers it', () => {
    expect(EXPECTED.map(([type]) => type).sort()).toEqual(Object.keys(PRODUCE_ERRORS).sort());
    for (const [type, [code]] of Object.entries(PRODUCE_ERRORS)) expect(createErrorFromCode(code).type, type).toBe(type);
  });

  it.each(EXPECTED)('%s (%i) is %s, found under the error kafkajs throws after its retries', (type, code, kind) => {
    expect(classifyProduceError(afterRetries(code))).toEqual({ kind, type, code });
    const error = produceError('eng.events.v1', afterRetries(code));
    expect(error.code).toBe(CODE_OF_KIND[kind]);
    expect(error.retriable).toBe(kind !== 'record');
    expect(error.message).toContain(`${type} (Kafka error ${code})`);
    expect(error.message).toContain('eng.events.v1');
  });

  it('finds the protocol error inside an aggregate (one per broker) too', () => {
    const aggregate = new kafkajs.KafkaJSAggregateError('2 errors', [new Error('other'), new kafkajs.KafkaJSProtocolError(createErrorFromCode(10))]);
    expect(classifyProduceError(aggregate)).toEqual({ kind: 'record', type: 'MESSAGE_TOO_LARGE', code: 10 });
  });

  it('tells a code the table does not list by its retriable flag, and anything without a code as transient', () => {
    expect(classifyProduceError(new kafkajs.KafkaJSProtocolError(createErrorFromCode(88)))).toEqual({ kind: 'transient', type: 'UNSTABLE_OFFSET_COMMIT', code: 88 });
    expect(classifyProduceError(new kafkajs.KafkaJSProtocolError(createErrorFromCode(40)))).toEqual({ kind: 'configuration', type: 'INVALID_CONFIG', code: 40 });
    expect(classifyProduceError(new kafkajs.KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toEqual({ kind: 'transient' });
    expect(classifyProduceError('a string')).toEqual({ kind: 'transient' });
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = { cause: cyclic };
    expect(classifyProduceError(cyclic)).toEqual({ kind: 'transient' });
  });

  it('keeps a refusal found before sending as it is', () => {
    const refused = produceError('t', afterRetries(10));
    expect(produceError('t', refused)).toBe(refused satisfies SwitchyardError);
  });
});
