/**
 * Test support: a Codec that speaks JSON, for sub-topologies run on the test driver, which has no
 * Schema Registry. Decodes any topic's bytes as JSON and encodes values (dead letters too) as JSON.
 */
import type { Codec } from '../../avro/codec.ts';

export const jsonCodec = {
  decode: async (_topic: string, bytes: Buffer) => ({ value: JSON.parse(bytes.toString()) as unknown, format: 'json' }),
  encodeSync: (_topic: string, value: unknown) => Buffer.from(JSON.stringify(value)),
} as unknown as Codec;
