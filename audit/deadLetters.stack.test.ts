/**
 * The dead-letter audit against a real topic and registry: dead letters of each kind (a raw
 * webhook the normalizer refused, an event a sink refused, bytes that decode as nothing) are
 * identified, grouped by reason, and the audit fails on one missing or one unexpected.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCodec, type Codec } from '../avro/codec.ts';
import type { DeadLetter } from '../avro/generated/types.ts';
import { registerSchemas } from '../avro/registration.ts';
import { localStack } from '../config/endpoints.ts';
import { johndoeWeek } from '../sinks/postgres/testing/testEvents.ts';
import { freshTopic, kafka, produce } from '../test/support/kafka.ts';
import { auditDeadLetters } from './deadLetters.ts';

let codec: Codec;
beforeAll(async () => {
  const registry = new SchemaRegistry({ host: localStack.schemaRegistry.url });
  await registerSchemas(registry);
  codec = createCodec(registry);
});

const letter = (value: Buffer | null, stage: string, errorClass: string, offset: number): DeadLetter => ({
  key: null, value, headers: {}, topic: stage === 'normalize' ? 'github-events' : 'eng.events.v1', partition: 0, offset, timestamp: null,
  stage, errorClass, errorMessage: `${errorClass} at ${offset}`, errorPath: null, attempts: 1, failedAt: Date.now(),
});

describe('auditDeadLetters', () => {
  it('identifies each dead letter, groups them by reason, and fails on a missing or an unexpected one', async () => {
    const topic = await freshTopic(2, 'dlq');
    const raw = await codec.encode('github-events', { source: 'github', eventName: 'push', deliveryId: 'poison-delivery-1', receivedAt: 0, headers: {}, body: '{"not":"a push"}' });
    const event = johndoeWeek()[0]!;
    const letters = [
      letter(raw, 'normalize', 'PayloadError', 4),
      letter(raw, 'normalize', 'PayloadError', 4), // dead-lettered again after a crash
      letter(Buffer.from([0, 0, 0, 0, 99, 1, 2]), 'normalize', 'UnknownSchemaIdError', 7),
      letter(await codec.encode('eng.events.v1', event), 'sink:postgres', 'PostgresSinkError', 12),
    ];
    await produce(topic, await Promise.all(letters.map(async (l, i) => ({ key: String(i), value: (await codec.encode('switchyard.dlq', l)) as unknown as string }))));

    const expected = ['poison-delivery-1', 'github-events/0@7', event.eventId];
    const result = await auditDeadLetters({ kafka, topic, codec, expected, timeoutMs: 30_000 });
    expect(result).toMatchObject({ store: 'dlq', expected: 3, present: 3, missing: 0, mismatched: 0, total: 4, ok: true });
    expect(result.byReason).toEqual({ 'normalize PayloadError': 2, 'normalize UnknownSchemaIdError': 1, 'sink:postgres PostgresSinkError': 1 });
    expect(result.notes).toEqual(['1 dead letter(s) repeat a record already dead-lettered (at-least-once after a crash)']);

    const wrong = await auditDeadLetters({ kafka, topic, codec, expected: ['poison-delivery-1', 'poison-delivery-2', event.eventId], timeoutMs: 30_000 });
    expect(wrong).toMatchObject({ ok: false, missing: 1, mismatched: 1 });
    expect(wrong.details).toEqual(['missing: poison-delivery-2 was not dead-lettered', 'mismatched: unexpected dead letter github-events/0@7 (normalize, UnknownSchemaIdError: UnknownSchemaIdError at 7)']);
  });

  it('passes on an empty topic when nothing should be there, and fails when something should', async () => {
    const topic = await freshTopic(1, 'dlq');
    expect(await auditDeadLetters({ kafka, topic, codec, expected: [] })).toMatchObject({ ok: true, total: 0 });
    expect(await auditDeadLetters({ kafka, topic, codec, expected: ['poison-delivery-1'] })).toMatchObject({ ok: false, missing: 1 });
  });
});
