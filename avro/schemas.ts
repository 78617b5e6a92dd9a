import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import avsc from 'avsc';
import type { SchemaTypes } from './generated/types.ts';
import { TaggedUnionType } from './taggedUnion.ts';
import { TimestampMillisType } from './timestampMillis.ts';

/**
 * The avsc options every Avro type in Switchyard is built with: the codec, the code generator
 * and the tests, so the values they exchange have one shape.
 *
 * - `timestamp-millis` is a `number` of epoch milliseconds; `tagged-union` records carry a bare
 *   payload told apart by their tag field (see `TaggedUnionType`).
 * - `assertLogicalTypes`: a schema that misuses a logical type fails to load. Without it avsc
 *   silently falls back to the underlying type and values would no longer match the generated
 *   types.
 * - `wrapUnions: 'auto'`: `["null", T]` is `T | null`; a union of several records is wrapped,
 *   which only ever occurs under a `tagged-union` that unwraps it again.
 * - `omitRecordMethods`: decoded records are plain data, like the generated interfaces.
 *
 * Frozen and without a `registry`, because `avsc.Type.forSchema` writes its registry of named
 * types into the options it is given: pass a copy (`{ ...AVRO_OPTIONS }`), as `parseSchema`
 * does, or two schemas would share one registry and clash on names.
 *
 * With @kafkajs/confluent-schema-registry: give the client a copy as its AVRO options, and decode
 * with the topic's schema as `readerSchema`, so data written with an older version is read in
 * today's shape. Register through a client without these options: its `register` checks the
 * parsed schema's `name`, which a logical type (EngEvent, JiraCommand) does not have.
 */
export const AVRO_OPTIONS = Object.freeze({
  logicalTypes: Object.freeze({ 'timestamp-millis': TimestampMillisType, 'tagged-union': TaggedUnionType }),
  assertLogicalTypes: true,
  wrapUnions: 'auto',
  omitRecordMethods: true,
} as const);

/** A schema file in `avro/schemas/`, by name without `.avsc`. */
export type SchemaName = keyof SchemaTypes;

/**
 * The schema of each topic's values. Subjects follow TopicNameStrategy (`<topic>-value`) and
 * BACKWARD compatibility: a new schema version must read everything written with the previous.
 */
const SCHEMA_BY_TOPIC = {
  'github-events': 'RawWebhook',
  'jira-events': 'RawWebhook',
  'notion-events': 'RawWebhook',
  'prometheus-metrics': 'RawWebhook',
  'eng.events.v1': 'EngEvent',
  'jira-commands': 'JiraCommand',
  'slack-notifications': 'SlackNotification',
  'switchyard.dlq': 'DeadLetter',
} as const satisfies Record<string, SchemaName>;

export type Topic = keyof typeof SCHEMA_BY_TOPIC;

/**
 * The raw topics: where the ingress gateway puts each source's webhooks as RawWebhooks, the
 * topics the normalizers read (topology/normalizer.ts types `Normalizer.topic` with it). A new
 * source adds its topic above, as `'<source>-events': 'RawWebhook'`.
 */
export type RawTopic = { [T in Topic]: (typeof SCHEMA_BY_TOPIC)[T] extends 'RawWebhook' ? T : never }[Topic];

/** The TypeScript type of a topic's values. */
export type TopicValue<T extends Topic> = SchemaTypes[(typeof SCHEMA_BY_TOPIC)[T]];

export interface TopicSchema<T extends Topic = Topic> {
  readonly topic: T;
  readonly schema: (typeof SCHEMA_BY_TOPIC)[T];
  /** Absolute path of the `.avsc` file. */
  readonly file: string;
  /** Schema Registry subject of the topic's values. */
  readonly subject: `${T}-value`;
}

const SCHEMA_DIR = new URL('./schemas/', import.meta.url);

export function schemaFile(name: SchemaName): string {
  return fileURLToPath(new URL(`${name}.avsc`, SCHEMA_DIR));
}

export const TOPICS = Object.fromEntries(
  Object.entries(SCHEMA_BY_TOPIC).map(([topic, schema]) => [
    topic,
    { topic, schema, file: schemaFile(schema), subject: `${topic}-value` },
  ]),
) as { readonly [T in Topic]: TopicSchema<T> };

/** Every schema file in `avro/schemas/`, sorted by name. */
export function schemaNames(): SchemaName[] {
  const files = readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.avsc'));
  return files.map((file) => file.slice(0, -'.avsc'.length) as SchemaName).sort();
}

/** Builds the avsc type of a schema (e.g. a writer schema from the registry) with `AVRO_OPTIONS`. */
export function parseSchema(schema: avsc.Schema): avsc.Type {
  return avsc.Type.forSchema(schema, { ...AVRO_OPTIONS });
}

/** Reads and builds the avsc type of a schema file in `avro/schemas/`. */
export function loadSchema(name: SchemaName): avsc.Type {
  return parseSchema(JSON.parse(readFileSync(schemaFile(name), 'utf8')) as avsc.Schema);
}
