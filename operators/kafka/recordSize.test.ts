import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { messageBytes, RECORD_BATCH_OVERHEAD, recordBytes, type SizedMessage } from './recordSize.ts';

const require = createRequire(import.meta.url);
/** kafkajs's own encoders: what it really writes for a produce. */
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (batch: { records: unknown[]; firstTimestamp?: number; maxTimestamp?: number }) => Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (record: { offsetDelta?: number; timestampDelta?: number; key: unknown; value: unknown; headers?: unknown }) => unknown;

async function kafkajsBytes(messages: readonly SizedMessage[], timestampDelta = 1_234_567): Promise<number> {
  const records = messages.map((m, i) => Record({ offsetDelta: i, timestampDelta: i === 0 ? 0 : timestampDelta, key: m.key, value: m.value, headers: m.headers ?? {} }));
  return (await RecordBatch({ records, firstTimestamp: 0, maxTimestamp: 0 })).buffer.length;
}

const CASES: readonly [string, SizedMessage][] = [
  ['no key, no headers', { key: null, value: Buffer.alloc(10) }],
  ['a key and a 1 MiB value', { key: 'acme/widgets', value: Buffer.alloc(1 << 20, 1) }],
  ['multi-byte text', { key: 'ключ', value: 'значение ✓' }],
  ['headers, one repeated', { key: Buffer.from('k'), value: Buffer.alloc(300), headers: { 'x-github-event': 'push', multi: ['a', Buffer.from('bb')] } }],
  ['a tombstone', { key: 'k', value: null }],
];

describe('the size of a message on the broker', () => {
  it.each(CASES)('is never less than kafkajs writes, and at most 14 bytes more (%s)', async (_, message) => {
    const actual = await kafkajsBytes([message]);
    expect(messageBytes(message)).toBeGreaterThanOrEqual(actual);
    expect(messageBytes(message) - actual).toBeLessThanOrEqual(14);
  });

  it('counts a header without a value as absent, as kafkajs sends none', () => {
    expect(messageBytes({ key: 'k', value: 'v', headers: { gone: undefined } })).toBe(messageBytes({ key: 'k', value: 'v', headers: {} }));
  });

  it('adds up record by record for a batch of many, the batch header once', async () => {
    const messages = CASES.map(([, m]) => m);
    const estimate = RECORD_BATCH_OVERHEAD + messages.reduce((sum, m) => sum + recordBytes(m), 0);
    const actual = await kafkajsBytes(messages);
    expect(estimate).toBeGreaterThanOrEqual(actual);
    expect(estimate - actual).toBeLessThanOrEqual(14 * messages.length);
  });
});
