import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaRegistry, isolatedSubjects } from '../test/support/registry.ts';
import { arbitraryFor } from './testing/arbitrary.ts';
import { createCodec } from './codec.ts';
import { CodecError, MalformedBytesError, SchemaMismatchError, UnknownSchemaIdError } from './codecErrors.ts';
import type { RawWebhook } from './generated/types.ts';
import { registerSchemas } from './registration.ts';
import { loadSchema, TOPICS, type Topic } from './schemas.ts';

const registry = schemaRegistry();
const codec = createCodec(registry);

const webhook: RawWebhook = {
  source: 'github',
  eventName: 'push',
  deliveryId: 'd-1',
  receivedAt: Date.UTC(2026, 10, 25, 9, 30),
  headers: { 'x-github-event': 'push' },
  body: '{"ref":"refs/heads/main"}',
};

beforeAll(async () => {
  // The codec writes under the project's real subjects; registering them is idempotent.
  await registerSchemas(registry);
});

describe('codec against the real registry', () => {
  it.each(Object.keys(TOPICS) as Topic[])('round-trips arbitrary values of %s through Confluent-framed bytes', async (topic) => {
    const values = arbitraryFor(loadSchema(TOPICS[topic].schema));
    await fc.assert(
      fc.asyncProperty(values, async (value) => {
        const bytes = await codec.encode(topic, value as never);
        expect(bytes[0]).toBe(0);
        const decoded = await codec.decode(topic, bytes);
        expect(decoded.format).toBe('avro');
        expect(decoded.value).toEqual(value);
      }),
      { numRuns: 40 },
    );
  });

  it('reads a raw topic sent as plain JSON to the same value as its Avro form', async () => {
    const json = Buffer.from(JSON.stringify({ ...webhook, body: JSON.parse(webhook.body) }));
    const fromJson = await codec.decode('github-events', json);
    const fromAvro = await codec.decode('github-events', await codec.encode('github-events', webhook));
    expect(fromJson).toEqual({ value: webhook, format: 'json' });
    expect(fromAvro.value).toEqual(fromJson.value);
  });

  it('reads data written with an older schema version into today’s shape', async () => {
    // An older RawWebhook without `headers`, registered under a subject of its own.
    const older = JSON.parse(isolatedSubjects().find((s) => s.topic === 'github-events')!.schema) as { fields: { name: string }[] };
    older.fields = older.fields.filter((f) => f.name !== 'headers');
    const { id } = await registry.register({ type: 'AVRO' as never, schema: JSON.stringify(older) }, { subject: `${isolatedSubjects()[0]!.subject}-old` });
    const { headers: _dropped, ...oldValue } = webhook;
    const bytes = await registry.encode(id, oldValue);
    expect((await codec.decode('github-events', bytes)).value).toEqual({ ...webhook, headers: {} });
  });
});

describe('codec errors are typed, never crashes', () => {
  it('an unknown schema id gives UnknownSchemaIdError', async () => {
    const bytes = Buffer.from([0, 0x7f, 0xff, 0xff, 0x00, 2, 0x61]);
    await expect(codec.decode('eng.events.v1', bytes)).rejects.toBeInstanceOf(UnknownSchemaIdError);
  });

  it('a truncated body gives MalformedBytesError', async () => {
    const bytes = await codec.encode('github-events', webhook);
    await expect(codec.decode('github-events', bytes.subarray(0, bytes.length - 3))).rejects.toBeInstanceOf(MalformedBytesError);
  });

  it('bytes without the magic byte on a non-raw topic give MalformedBytesError naming what was found', async () => {
    await expect(codec.decode('eng.events.v1', Buffer.from('{"eventId":"x"}'))).rejects.toThrow(/not Confluent-framed Avro \(first byte 0x7b/);
  });

  it('JSON that does not fit the envelope gives SchemaMismatchError with the path', async () => {
    const bytes = Buffer.from(JSON.stringify({ ...webhook, receivedAt: 'yesterday-ish', deliveryId: 42 }));
    const error = await codec.decode('github-events', bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect((error as SchemaMismatchError).path).toMatch(/^\$\.(receivedAt|deliveryId)$/);
  });

  it('a value that does not fit the schema is refused on encode with its path', async () => {
    const error = await codec.encode('github-events', { ...webhook, headers: { ok: 'x', bad: 7 as never } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect((error as SchemaMismatchError).path).toBe('$.headers.bad');
  });

  it('random bytes (framed or not) either decode or fail with a CodecError', async () => {
    const valid = await codec.encode('github-events', webhook);
    const arbitraryBytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      // Mutations of a valid frame: same schema id, damaged body.
      fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
        const copy = Buffer.from(valid);
        copy[Math.max(5, at)] = byte;
        return copy;
      }),
      fc.json().map((text) => Buffer.from(text)),
    );
    await fc.assert(
      fc.asyncProperty(arbitraryBytes, fc.constantFrom<Topic>('github-events', 'eng.events.v1'), async (bytes, topic) => {
        const outcome = await codec.decode(topic, bytes).then(
          () => 'decoded',
          (error: unknown) => error,
        );
        if (outcome !== 'decoded') expect(outcome).toBeInstanceOf(CodecError);
      }),
      { numRuns: 300 },
    );
  });
});
