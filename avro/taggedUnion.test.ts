import { readFileSync } from 'node:fs';
import avsc from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitrariesByTag } from './testing/arbitrary.ts';
import type { EngEvent } from './generated/types.ts';
import { loadSchema, parseSchema, schemaFile } from './schemas.ts';
import { TaggedUnionType } from './taggedUnion.ts';

type Fields = Record<string, unknown>;
type AvscField = { name: string; type: unknown };
type AvscRecord = { name: string; fields: AvscField[] };

const engEvent = loadSchema('EngEvent') as TaggedUnionType;
const schemaJson = (): AvscRecord => JSON.parse(readFileSync(schemaFile('EngEvent'), 'utf8'));
/** EngEvent as a reader without Switchyard's logical types sees it (Java, Python, kafka-avro-console-consumer). */
const plain = avsc.Type.forSchema(schemaJson() as avsc.Schema);
const events = fc.oneof(...arbitrariesByTag(engEvent).values());
const commitPushed = (): Fields => fc.sample(arbitrariesByTag(engEvent).get('commit.pushed')!, 1)[0]!;

describe('tagged-union (EngEvent)', () => {
  it('hands out the payload as the bare record its type names', () => {
    fc.assert(
      fc.property(events, (event) => {
        const decoded = engEvent.fromBuffer(engEvent.toBuffer(event));
        const record = engEvent.branchByTag.get(decoded.type)!;
        expect(Object.keys(decoded.payload)).toEqual(record.fields.map((field) => field.name));
      }),
    );
  });

  it('reads data written under a <source>.<kind> type of before back under its kind (tagAliases)', () => {
    const event = commitPushed();
    const old = schemaJson() as AvscRecord & { tags: Record<string, string>; tagAliases?: Record<string, string> };
    // The schema as it was: the source in every type, no aliases.
    // Kinds added since the rename never had a legacy type, and keep their own.
    const renamed = new Set(Object.values(old.tagAliases!));
    old.tags = Object.fromEntries([...Object.entries(old.tagAliases!).map(([legacy, kind]) => [legacy, old.tags[kind]!]), ...Object.entries(old.tags).filter(([kind]) => !renamed.has(kind))]);
    delete old.tagAliases;
    const writer = parseSchema(old as unknown as avsc.Schema) as TaggedUnionType;
    const written = writer.toBuffer({ ...event, type: 'github.commit.pushed' });
    const read = engEvent.fromBuffer(written, engEvent.createResolver(writer));
    expect(read).toEqual({ ...event, type: 'commit.pushed' });
    // The plain wire form too: the tag as written, mapped on the way in.
    expect(engEvent.fromBuffer(plain.toBuffer({ ...plain.fromBuffer(engEvent.toBuffer(event)), type: 'github.commit.pushed' }))).toEqual(event);
  });

  it('refuses an alias that names no tag', () => {
    const schema = { ...schemaJson(), tagAliases: { 'github.commit.pushed': 'commit.shoved' } };
    expect(() => parseSchema(schema as unknown as avsc.Schema)).toThrow(/tag alias github.commit.pushed names commit.shoved, which tags lacks/);
  });

  it('is an ordinary Avro union on the wire, written and read by plain readers', () => {
    fc.assert(
      fc.property(events, (event) => {
        const wire = plain.fromBuffer(engEvent.toBuffer(event));
        expect(wire.payload).toEqual({ [engEvent.branchByTag.get(event['type'] as string)!.name!]: event['payload'] });
        expect(engEvent.fromBuffer(plain.toBuffer(wire))).toEqual(event);
      }),
    );
  });

  it('refuses a type without a record, or a payload of another record than its type names', () => {
    const event = commitPushed();
    expect(engEvent.isValid(event)).toBe(true);
    expect(engEvent.isValid({ ...event, type: 'github.commit.amended' })).toBe(false);
    expect(() => engEvent.toBuffer({ ...event, type: 'github.commit.amended' })).toThrow(/unknown type github.commit.amended/);
    expect(engEvent.isValid({ ...event, type: 'metric.sampled' })).toBe(false);
    expect(() => engEvent.toBuffer({ ...event, type: 'metric.sampled' })).toThrow();
  });

  it('refuses to read data whose type does not name the record its payload holds', () => {
    const wire = plain.fromBuffer(engEvent.toBuffer(commitPushed()));
    const mislabelled = plain.toBuffer({ ...wire, type: 'metric.sampled' });
    expect(() => engEvent.fromBuffer(mislabelled)).toThrow(/does not carry a dev.switchyard.events.CommitPushed payload/);
  });

  it('reads data written with an older schema (BACKWARD): added fields take their defaults', () => {
    // The schema as it would have been before EngEvent.projectKey and CommitPushed.jiraKeys.
    const older = schemaJson();
    older.fields = older.fields.filter((field) => field.name !== 'projectKey');
    const payload = older.fields.find((field) => field.name === 'payload')!.type as AvscRecord[];
    const commit = payload.find((record) => record.name === 'CommitPushed')!;
    commit.fields = commit.fields.filter((field) => field.name !== 'jiraKeys');
    const writer = parseSchema(older as avsc.Schema) as TaggedUnionType;
    // Whether the writer schema came with Switchyard's logical types or without (registry copy).
    const resolvers = [engEvent.createResolver(writer), engEvent.createResolver(avsc.Type.forSchema(older as avsc.Schema))];
    fc.assert(
      fc.property(arbitrariesByTag(writer).get('commit.pushed')!, (old) => {
        const expected = { ...old, projectKey: null, payload: { ...(old['payload'] as Fields), jiraKeys: [] } };
        for (const resolver of resolvers) expect(engEvent.fromBuffer(writer.toBuffer(old), resolver)).toEqual(expected);
      }),
    );
  });

  it('keeps its attributes when avsc exports the schema', () => {
    const exported = parseSchema(engEvent.schema({ exportAttrs: true })) as TaggedUnionType;
    expect([...exported.branchByTag].map(([tag, record]) => [tag, record.name])).toEqual(
      [...engEvent.branchByTag].map(([tag, record]) => [tag, record.name]),
    );
  });

  it('lets TypeScript narrow the payload by type', () => {
    const summary = (event: EngEvent): string => {
      switch (event.type) {
        case 'commit.pushed':
          return event.payload.sha;
        case 'issue.updated':
          return event.payload.issue.issueKey;
        default:
          return event.type;
      }
    };
    const event = commitPushed();
    expect(summary(engEvent.fromBuffer(engEvent.toBuffer(event)))).toBe((event['payload'] as Fields)['sha']);
  });
});

describe('TaggedUnionType refuses a schema that misuses it', () => {
  const schema = (attributes: Fields) => ({
    type: 'record',
    name: 'dev.switchyard.test.Tagged',
    logicalType: 'tagged-union',
    tagField: 'type',
    unionField: 'body',
    fields: [
      { name: 'type', type: 'string' },
      {
        name: 'body',
        type: [
          { type: 'record', name: 'A', fields: [] },
          { type: 'record', name: 'B', fields: [] },
        ],
      },
    ],
    ...attributes,
  });

  it.each([
    [{ tags: { a: 'A', b: 'B', also: 'B' } }, null],
    [{ tags: { a: 'A' } }, /no tag carries dev.switchyard.test.B/],
    [{ tags: { a: 'A', b: 'B', c: 'C' } }, /tag c names C, which body lacks/],
    [{ tags: { a: 'A', b: 'B' }, tagField: 'body' }, /tagField body must name a string field/],
    [{ tags: { a: 'A', b: 'B' }, unionField: 'type' }, /unionField type must name a union of two or more records/],
    [{}, /needs tagField, unionField and tags/],
  ])('%j', (attributes, error) => {
    const parse = () => parseSchema(schema(attributes) as avsc.Schema);
    if (error === null) expect(parse()).toBeInstanceOf(TaggedUnionType);
    else expect(parse).toThrow(error);
  });
});
