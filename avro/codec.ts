/**
 * The wire codec: values of a topic ⇄ Confluent-framed Avro bytes (magic byte 0, 4-byte schema
 * id, Avro binary). The registry is reached through @kafkajs/confluent-schema-registry, which
 * caches schemas by id; this module caches the rest of the hot path itself, because the client's
 * own `decode` with a reader schema parses that schema and builds a resolver on every call.
 *
 * - Encoding writes with the topic's schema from `avro/schemas/` under the id the registry gave
 *   that exact schema (looked up once per topic), so a schema that was never registered fails
 *   loudly instead of producing bytes no one can read.
 * - Decoding reads any registered writer schema into today's shape of the topic (schema
 *   resolution, one resolver per writer id), so old data is read as new.
 * - Raw topics also accept plain JSON, as a gateway without Avro sends it: no magic byte, a JSON
 *   object of the envelope's fields (`body` may be the webhook's JSON itself). The first byte
 *   tells the two apart: Avro frames start with 0x00, JSON objects with `{` (or whitespace).
 *
 * Every failure is a typed `CodecError`, so the topology can dead-letter bad bytes with a reason
 * and retry when only the registry is missing.
 */
import './boundedReads.ts';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type avsc from 'avsc';
import { readFileSync } from 'node:fs';
import {
  MalformedBytesError,
  RegistryUnavailableError,
  SchemaMismatchError,
  SchemaNotRegisteredError,
  UnknownSchemaIdError,
} from './codecErrors.ts';
import { loadSchema, TOPICS, type SchemaName, type Topic, type TopicValue } from './schemas.ts';
import { registryFailure } from '../config/connectionErrors.ts';

/** What avsc's `createResolver` returns (its typings leave it unnamed). */
type Resolver = ReturnType<avsc.Type['createResolver']>;

const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

export interface Decoded<V> {
  readonly value: V;
  /** How the bytes were framed. */
  readonly format: 'avro' | 'json';
  /** The writer's schema id, for Avro. */
  readonly schemaId?: number;
}

export interface Codec {
  encode<T extends Topic>(topic: T, value: TopicValue<T>): Promise<Buffer>;
  /** Look up the schema ids of these topics now, so `encodeSync` never waits. */
  prepare(topics: readonly Topic[]): Promise<void>;
  /** `encode` for a topic already prepared (or encoded once); throws SchemaNotRegisteredError otherwise. */
  encodeSync<T extends Topic>(topic: T, value: TopicValue<T>): Buffer;
  decode<T extends Topic>(topic: T, bytes: Buffer): Promise<Decoded<TopicValue<T>>>;
}

/** Topics whose values may also arrive as plain JSON: the raw webhook topics. */
const acceptsJson = (topic: Topic): boolean => TOPICS[topic].schema === 'RawWebhook';

export interface CodecOptions {
  /** SCHEMA_REGISTRY_URL as configured, for errors; without it they show the origin of the request that failed. */
  readonly registryUrl?: string;
}

/** The encode buffer's size, and the most it keeps after a larger value grew it. */
const SCRATCH_BYTES = 64 * 1024;
const SCRATCH_KEPT_BYTES = 1_048_576;

export function createCodec(registry: SchemaRegistry, options: CodecOptions = {}): Codec {
  const types = new Map<SchemaName, avsc.Type>();
  const idByTopic = new Map<Topic, Promise<number>>();
  /** The same ids once known, read without awaiting (the encode hot path). */
  const knownIds = new Map<Topic, number>();
  let scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  const resolvers = new Map<string, Promise<Resolver>>();

  const typeOf = (name: SchemaName): avsc.Type => {
    let type = types.get(name);
    if (!type) types.set(name, (type = loadSchema(name)));
    return type;
  };

  const schemaIdOf = (topic: Topic): Promise<number> => {
    let id = idByTopic.get(topic);
    if (!id) {
      const { subject, file } = TOPICS[topic];
      id = registry
        .getRegistryIdBySchema(subject, { type: 'AVRO' as never, schema: readFileSync(file, 'utf8') })
        .catch((error: unknown) => {
          idByTopic.delete(topic);
          const failure = registryFailure(registryUrlOf(options, error), error);
          if (failure.kind === 'not-found') {
            throw new SchemaNotRegisteredError(`the schema of ${topic} (${TOPICS[topic].schema}.avsc) is not registered under ${subject} (${failure.message}): run \`npx switchyard schemas register\``, { cause: error });
          }
          throw new RegistryUnavailableError(`${failure.message} (looking up the schema id of ${subject})`, { cause: error });
        });
      idByTopic.set(topic, id);
      // encodeSync reads the map synchronously: fill it before anyone awaiting `id` goes on.
      id = id.then((known) => (knownIds.set(topic, known), known));
      idByTopic.set(topic, id);
    }
    return id;
  };

  const resolverFor = (name: SchemaName, schemaId: number): Promise<Resolver> => {
    const key = `${name}@${schemaId}`;
    let resolver = resolvers.get(key);
    if (!resolver) {
      resolver = registry
        .getSchema(schemaId)
        .catch((error: unknown) => {
          const failure = registryFailure(registryUrlOf(options, error), error);
          // Only the registry's own "not found" makes the id unknown (and its records dead letters); a wrong URL's 404 is waited out.
          throw failure.kind === 'not-found' ? new UnknownSchemaIdError(schemaId, error) : new RegistryUnavailableError(`${failure.message} (reading schema ${schemaId})`, { cause: error });
        })
        .then((writer) => {
          try {
            return typeOf(name).createResolver(writer as avsc.Type);
          } catch (error) {
            throw new SchemaMismatchError(`schema ${schemaId} cannot be read as ${name}: ${(error as Error).message}`, { cause: error });
          }
        });
      // Forget failures, so a registry that comes back is asked again.
      resolver.catch(() => resolvers.delete(key));
      resolvers.set(key, resolver);
    }
    return resolver;
  };

  const encodeSync = <T extends Topic>(topic: T, value: TopicValue<T>): Buffer => {
    const id = knownIds.get(topic);
    if (id === undefined) throw new SchemaNotRegisteredError(`the schema id of ${topic} was not looked up: prepare the codec for it first`);
    const name = TOPICS[topic].schema;
    const type = typeOf(name);
    // Write straight after the 5-byte header in a reused scratch buffer, then copy out once:
    // half the allocations of toBuffer + framing, and the encode rate that follows from it.
    let end: number;
    try {
      while ((end = type.encode(value, scratch, HEADER_BYTES)) < 0) scratch = Buffer.allocUnsafe(scratch.length * 2);
    } catch (error) {
      const path = invalidPath(type, value);
      throw new SchemaMismatchError(`value for ${topic} does not fit ${name}${path ? ` at ${path}` : ''}: ${(error as Error).message}`, { cause: error, ...(path ? { path } : {}) });
    }
    const framed = Buffer.allocUnsafe(end);
    scratch.copy(framed, 0, 0, end);
    // A webhook of megabytes grew it: give the memory back rather than hold it for good.
    if (scratch.length > SCRATCH_KEPT_BYTES) scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
    framed[0] = MAGIC_BYTE;
    framed.writeInt32BE(id, 1);
    return framed;
  };

  return {
    encodeSync,

    async encode(topic, value) {
      if (!knownIds.has(topic)) await schemaIdOf(topic);
      return encodeSync(topic, value);
    },

    async prepare(topics) {
      await Promise.all(topics.map(schemaIdOf));
    },

    async decode<T extends Topic>(topic: T, bytes: Buffer): Promise<Decoded<TopicValue<T>>> {
      const name = TOPICS[topic].schema;
      if (bytes.length > 0 && bytes[0] !== MAGIC_BYTE && acceptsJson(topic) && looksLikeJson(bytes)) {
        return { value: decodeJsonEnvelope(typeOf(name), bytes) as TopicValue<T>, format: 'json' };
      }
      if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC_BYTE) {
        const first = bytes.length === 0 ? 'empty value' : `first byte 0x${bytes[0]!.toString(16).padStart(2, '0')}`;
        throw new MalformedBytesError(`${topic}: not Confluent-framed Avro (${first}, ${bytes.length} bytes; expected magic byte 0x00 and a 4-byte schema id)${acceptsJson(topic) ? ' nor a JSON object' : ''}`);
      }
      const schemaId = bytes.readInt32BE(1);
      const resolver = await resolverFor(name, schemaId);
      let decoded: { value: unknown; offset: number };
      try {
        decoded = typeOf(name).decode(bytes, HEADER_BYTES, resolver);
      } catch (error) {
        throw new MalformedBytesError(`${topic}: Avro body does not decode with schema ${schemaId}: ${(error as Error).message}`, { cause: error });
      }
      if (decoded.offset !== bytes.length) {
        const problem = decoded.offset < 0 ? 'is truncated' : `has ${bytes.length - decoded.offset} trailing bytes`;
        throw new MalformedBytesError(`${topic}: Avro body ${problem} for schema ${schemaId} (${bytes.length} bytes)`);
      }
      return { value: decoded.value as TopicValue<T>, format: 'avro', schemaId };
    },
  };
}

function looksLikeJson(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b; // '{'
  }
  return false;
}

/** A JSON envelope, made to fit the Avro type so both framings give the same value. */
function decodeJsonEnvelope(type: avsc.Type, bytes: Buffer): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new MalformedBytesError(`not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const envelope: Record<string, unknown> = { headers: {}, ...(parsed as Record<string, unknown>) };
  if (envelope.body !== undefined && typeof envelope.body !== 'string') envelope.body = JSON.stringify(envelope.body);
  if (typeof envelope.receivedAt === 'string') envelope.receivedAt = Date.parse(envelope.receivedAt);
  const path = invalidPath(type, envelope);
  if (path !== undefined) {
    throw new SchemaMismatchError(`JSON envelope does not fit ${type.name ?? 'its schema'} at ${path}`, { path });
  }
  return envelope;
}

/** The JSON path of the first part of `value` that does not fit `type`, if any. */
function invalidPath(type: avsc.Type, value: unknown): string | undefined {
  let found: string | undefined;
  type.isValid(value, {
    errorHook: (parts: string[]) => {
      found ??= `$${parts.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')}`;
    },
  });
  return found;
}

/** The registry's URL for an error message: as configured, else the origin of the request that failed (the client's error says `get http://…`). */
function registryUrlOf(options: CodecOptions, error: unknown): string {
  if (options.registryUrl !== undefined) return options.registryUrl;
  const request = (error as { url?: unknown } | null)?.url;
  const origin = typeof request === 'string' ? URL.parse(request.split(' ').at(-1) ?? '')?.origin : undefined;
  return origin ?? '(unknown)';
}
