import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { uniqueName } from '../support/names.ts';

describe('Schema Registry smoke', () => {
  const registry = new SchemaRegistry({ host: localStack.schemaRegistry.url });
  const subject = `${uniqueName('smoke')}-value`;
  const schema = JSON.stringify({
    type: 'record',
    name: 'Smoke',
    namespace: 'dev.switchyard.test',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'count', type: 'int' },
    ],
  });

  it('registers a schema with @kafkajs/confluent-schema-registry, idempotently', async () => {
    const first = await registry.register({ type: SchemaType.AVRO, schema }, { subject });
    const second = await registry.register({ type: SchemaType.AVRO, schema }, { subject });
    expect(second.id).toBe(first.id);
    expect(await registry.getLatestSchemaId(subject)).toBe(first.id);
  });

  it('encodes in the Confluent wire format and decodes with the fetched schema', async () => {
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject });
    const bytes = await registry.encode(id, { id: 'a', count: 3 });
    expect(bytes[0]).toBe(0); // magic byte
    expect(bytes.readInt32BE(1)).toBe(id);
    // A fresh client has no cache: decoding fetches the schema by id from the registry.
    const fresh = new SchemaRegistry({ host: localStack.schemaRegistry.url });
    expect(await fresh.decode(bytes)).toEqual({ id: 'a', count: 3 });
  });
});
