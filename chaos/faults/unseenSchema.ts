/**
 * "Registry down with an unseen schema id arriving": the worker caches the writer schemas it has
 * fetched, so a registry outage only bites a record whose schema id it has never seen. Right
 * before the registry is stopped, a new version of each raw topic's envelope subject is
 * registered (a compatible change: one more field with a default), and while the registry is
 * down the replay frames its webhooks with that version's id. Once the registry is back the
 * worker must fetch the schema and decode them as the good webhooks they are — no dead letter.
 *
 * The versions go under subjects of the run's own (`<run>.github-events-value`…), never the
 * deployment's: a worker decodes by schema id alone, and a version left on the real subject would
 * be its latest, so `schemas register` could never again find the subject unchanged. The run
 * deletes its subjects at the end (dropUnseenSubjects).
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type avsc from 'avsc';
import { readFileSync } from 'node:fs';
import type { Codec } from '../../avro/codec.ts';
import { parseSchema, TOPICS, type RawTopic, type Topic, type TopicValue } from '../../avro/schemas.ts';

const FIELD = { name: 'faultRunNote', type: 'string', default: '', doc: 'Added by `npm run chaos -- --faults` to register a version the worker has never seen.' } as const;

interface Variant {
  readonly id: number;
  readonly type: avsc.Type;
}

interface SubjectApi {
  register(args: { subject: string; body: { schema: string } }): Promise<{ data(): { id: number } }>;
}

/** The raw envelope with one more field: BACKWARD compatible with every version before it. */
function variantSchema(topic: RawTopic): string {
  const schema = JSON.parse(readFileSync(TOPICS[topic].file, 'utf8')) as { fields: unknown[] };
  return JSON.stringify({ ...schema, fields: [...schema.fields, FIELD] });
}

/** The run's own subject for a raw topic's variant. */
export function unseenSubject(runId: string, topic: RawTopic): string {
  return `${runId}.${TOPICS[topic].subject}`;
}

/** Register the variant under the run's subject for each raw topic; the ids the replay will frame with. */
export async function registerUnseenVersions(registry: SchemaRegistry, topics: readonly RawTopic[], runId: string): Promise<Map<RawTopic, Variant>> {
  // The client's HTTP resource, as avro/registration.ts does: its register() insists on bookkeeping Apicurio answers differently.
  const api = (registry as unknown as { api: { Subject: SubjectApi } }).api.Subject;
  const variants = new Map<RawTopic, Variant>();
  for (const topic of topics) {
    const schema = variantSchema(topic);
    const { id } = (await api.register({ subject: unseenSubject(runId, topic), body: { schema } })).data();
    variants.set(topic, { id, type: parseSchema(JSON.parse(schema) as avsc.Schema) });
  }
  return variants;
}

/** A codec whose raw-topic encoding can be switched to the unseen variants and back. */
export function switchableCodec(codec: Codec): { readonly codec: Codec; use(variants: ReadonlyMap<RawTopic, Variant> | undefined): void; readonly framedWithVariant: () => number } {
  let active: ReadonlyMap<RawTopic, Variant> | undefined;
  let count = 0;
  const encodeSync = <T extends Topic>(topic: T, value: TopicValue<T>): Buffer => {
    const variant = active?.get(topic as RawTopic);
    if (!variant) return codec.encodeSync(topic, value);
    const body = variant.type.toBuffer({ ...(value as object), [FIELD.name]: 'unseen while the registry was down' });
    const header = Buffer.alloc(5);
    header.writeInt32BE(variant.id, 1);
    count += 1;
    return Buffer.concat([header, body]);
  };
  return {
    codec: { ...codec, encodeSync, encode: async (topic, value) => (active?.has(topic as RawTopic) ? encodeSync(topic, value) : codec.encode(topic, value)) },
    use: (variants) => void (active = variants),
    framedWithVariant: () => count,
  };
}

/**
 * Deletes the run's subjects (soft, then permanently, as the Confluent API asks; Apicurio's
 * ccompat API takes both). What could not be deleted is returned, to be reported.
 */
export async function dropUnseenSubjects(registryUrl: string, topics: readonly RawTopic[], runId: string, auth?: { username: string; password: string }): Promise<string[]> {
  const headers: Record<string, string> = auth === undefined ? {} : { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
  const left: string[] = [];
  for (const topic of topics) {
    const subject = encodeURIComponent(unseenSubject(runId, topic));
    const soft = await fetch(`${registryUrl}/subjects/${subject}`, { method: 'DELETE', headers }).catch(() => undefined);
    const hard = await fetch(`${registryUrl}/subjects/${subject}?permanent=true`, { method: 'DELETE', headers }).catch(() => undefined);
    // 404 on the second call: the first already removed it for good.
    if (!soft?.ok || !(hard?.ok || hard?.status === 404)) left.push(`subject ${decodeURIComponent(subject)} (${soft?.status ?? 'no answer'}/${hard?.status ?? 'no answer'})`);
  }
  return left;
}
