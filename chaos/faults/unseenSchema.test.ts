import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type avsc from 'avsc';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../../avro/codec.ts';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { loadSchema, parseSchema } from '../../avro/schemas.ts';
import { registerUnseenVersions, switchableCodec } from './unseenSchema.ts';

/** A registry in memory: id 1 is today's envelope, what `register` is given gets id 9. */
function memoryRegistry() {
  const registered: { subject: string; schema: string }[] = [];
  const registry = {
    getRegistryIdBySchema: async () => 1,
    getSchema: async (id: number): Promise<avsc.Type> => {
      if (id === 1) return loadSchema('RawWebhook');
      const found = registered.at(-1);
      if (id !== 9 || !found) throw Object.assign(new Error('not found'), { status: 404 });
      return parseSchema(JSON.parse(found.schema) as avsc.Schema);
    },
    api: { Subject: { register: async ({ subject, body }: { subject: string; body: { schema: string } }) => (registered.push({ subject, schema: body.schema }), { data: () => ({ id: 9 }) }) } },
  };
  return { registry: registry as unknown as SchemaRegistry, registered };
}

const webhook: RawWebhook = { source: 'github', eventName: 'push', deliveryId: 'd-1', receivedAt: 1_767_000_000_000, headers: { 'x-github-event': 'push' }, body: '{"ref":"refs/heads/main"}' };

describe('unseen schema versions', () => {
  it('registers a compatible version with one more field under the run’s own subject, never the deployment’s', async () => {
    const { registry, registered } = memoryRegistry();
    const variants = await registerUnseenVersions(registry, ['github-events'], 'faults_abc');
    expect(registered.map((r) => r.subject)).toEqual(['faults_abc.github-events-value']);
    const fields = (JSON.parse(registered[0]!.schema) as { fields: { name: string; default?: unknown }[] }).fields;
    expect(fields.at(-1)).toMatchObject({ name: 'faultRunNote', default: '' });
    expect(variants.get('github-events')?.id).toBe(9);
  });

  it('frames with the new id only while switched on, and the real codec reads it back as the same webhook', async () => {
    const { registry } = memoryRegistry();
    const base = createCodec(registry);
    await base.prepare(['github-events']);
    const switchable = switchableCodec(base);
    switchable.use(await registerUnseenVersions(registry, ['github-events'], 'faults_abc'));
    const framed = switchable.codec.encodeSync('github-events', webhook);
    expect(framed.readInt32BE(1)).toBe(9);
    const decoded = await base.decode('github-events', framed);
    expect(decoded).toMatchObject({ schemaId: 9, value: webhook });
    expect(decoded.value).not.toHaveProperty('faultRunNote');

    switchable.use(undefined);
    expect(switchable.codec.encodeSync('github-events', webhook).readInt32BE(1)).toBe(1);
    expect(switchable.framedWithVariant()).toBe(1);
  });
});
