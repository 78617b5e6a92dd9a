import avsc from 'avsc';
import { describe, expect, it } from 'vitest';
import { loadSchema, schemaNames, TOPICS } from './schemas.ts';
import { TaggedUnionType } from './taggedUnion.ts';

/** Every record a type uses, by full name. */
function recordsOf(type: avsc.Type, found = new Map<string, avsc.types.RecordType>()): Map<string, avsc.types.RecordType> {
  if (type instanceof TaggedUnionType) return recordsOf(type.record, found);
  if (type instanceof avsc.types.RecordType && !found.has(type.name!)) {
    found.set(type.name!, type);
    for (const field of type.fields) recordsOf(field.type, found);
  }
  if (type instanceof avsc.types.UnwrappedUnionType || type instanceof avsc.types.WrappedUnionType) {
    for (const branch of type.types) recordsOf(branch, found);
  }
  if (type instanceof avsc.types.ArrayType) recordsOf(type.itemsType, found);
  if (type instanceof avsc.types.MapType) recordsOf(type.valuesType as avsc.Type, found);
  return found;
}

const records = schemaNames().flatMap((name) => [...recordsOf(loadSchema(name)).values()]);
const fields = records.flatMap((record) => record.fields.map((field) => ({ record, field })));
const fieldName = ({ record, field }: (typeof fields)[number]) => `${record.name}.${field.name}`;

describe('schemas', () => {
  it('name every topic subject <topic>-value (TopicNameStrategy) and use every schema file', () => {
    for (const [topic, { subject }] of Object.entries(TOPICS)) expect(subject).toBe(`${topic}-value`);
    expect(new Set(Object.values(TOPICS).map(({ schema }) => schema))).toEqual(new Set(schemaNames()));
  });

  it('document every record and every field', () => {
    expect(records.filter((record) => !record.doc?.trim()).map((record) => record.name)).toEqual([]);
    const undocumented = fields.filter(({ field }) => !(field as { doc?: string }).doc?.trim());
    expect(undocumented.map(fieldName)).toEqual([]);
  });

  it('name their records under dev.switchyard.', () => {
    expect(records.filter((record) => !record.name!.startsWith('dev.switchyard.')).map((record) => record.name)).toEqual([]);
  });

  it('give every optional field the default null', () => {
    const isOptional = (type: avsc.Type) => type instanceof avsc.types.UnwrappedUnionType && type.types.some((t) => t.typeName === 'null');
    const withoutDefault = fields.filter(({ field }) => isOptional(field.type) && field.defaultValue() !== null);
    expect(withoutDefault.map(fieldName)).toEqual([]);
  });
});
