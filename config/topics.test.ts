/**
 * The limits of config/topics.ts agree: a raw record as large as the raw topics take, dead-lettered
 * with a huge error and its headers, is a dead letter the DLQ takes (Avro-encoded, as the worker
 * writes it, behind the 5-byte Confluent header).
 */
import { lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../avro/schemas.ts';
import { deadLetter, MAX_ERROR_MESSAGE_CHARS } from '../operators/deadLetter.ts';
import { MemoryBroker } from '../operators/kafka/memory.ts';
import { messageBytes } from '../operators/kafka/recordSize.ts';
import type { Failure } from '../operators/record.ts';
import { testRecords } from '../operators/testing/records.ts';
import { DEFAULT_TOPICS } from '../topology/normalize.ts';
import { DLQ_MAX_MESSAGE_BYTES, maxMessageBytesOf, OUTPUT_MAX_MESSAGE_BYTES, prefixed, RAW_MAX_MESSAGE_BYTES } from './topics.ts';

describe('the topics\' max.message.bytes', () => {
  it('are set for every topic: raw, outputs, and a DLQ that holds a dead-lettered raw record', () => {
    const names = prefixed(DEFAULT_TOPICS, 'staging.');
    expect(maxMessageBytesOf(names)).toEqual({
      'staging.github-events': RAW_MAX_MESSAGE_BYTES,
      'staging.jira-events': RAW_MAX_MESSAGE_BYTES,
      'staging.notion-events': RAW_MAX_MESSAGE_BYTES,
      'staging.prometheus-metrics': RAW_MAX_MESSAGE_BYTES,
      'staging.eng.events.v1': OUTPUT_MAX_MESSAGE_BYTES,
      'staging.jira-commands': OUTPUT_MAX_MESSAGE_BYTES,
      'staging.slack-notifications': OUTPUT_MAX_MESSAGE_BYTES,
      'staging.switchyard.dlq': DLQ_MAX_MESSAGE_BYTES,
    });
  });

  it('let the DLQ take the largest raw record the raw topics take, with its headers and a huge error', async () => {
    const dlq = loadSchema('DeadLetter');
    const encode = (entry: object) => Buffer.concat([Buffer.from([0, 0, 0, 0, 1]), dlq.toBuffer(entry)]);
    const headers = { 'x-github-event': 'push', 'x-github-delivery': 'd'.repeat(36), 'x-hub-signature-256': 's'.repeat(71), 'user-agent': 'GitHub-Hookshot/abc' };
    const key = Buffer.from('acme/widgets');
    // The largest value a raw record with this key and these headers may have.
    let length = RAW_MAX_MESSAGE_BYTES - messageBytes({ key, value: Buffer.alloc(0), headers }) - 8;
    while (messageBytes({ key, value: Buffer.alloc(length + 1), headers }) <= RAW_MAX_MESSAGE_BYTES) length += 1;
    const value = Buffer.alloc(length, 0x41);
    expect(messageBytes({ key, value, headers })).toBeLessThanOrEqual(RAW_MAX_MESSAGE_BYTES);

    const t = testRecords([{}], { topic: 'github-events', key: () => key.toString() });
    const record = { ...t.records[0]!, headers, raw: { key, value } };
    const failure: Failure<unknown, unknown> = { record, error: new Error(`store said: ${'é'.repeat(1_000_000)}`), stage: 'normalize', attempts: 1, failedAt: 1 };
    const broker = new MemoryBroker();
    broker.setMaxMessageBytes('switchyard.dlq', DLQ_MAX_MESSAGE_BYTES);
    await lastValueFrom(of(failure).pipe(deadLetter(broker.producer(), { encode }), toArray()));
    const [letter] = broker.messages('switchyard.dlq');
    expect(letter).toBeDefined();
    const entry = dlq.fromBuffer(letter!.value!.subarray(5)) as { value: Buffer; errorMessage: string };
    expect(entry.value.equals(value)).toBe(true);
    expect(entry.errorMessage).toMatch(new RegExp(`^store said: é{${MAX_ERROR_MESSAGE_CHARS - 12}}… \\(\\d+ more characters cut\\)$`));
  });
});
