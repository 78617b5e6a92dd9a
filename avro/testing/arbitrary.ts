import avsc from 'avsc';
import fc from 'fast-check';
import { TaggedUnionType } from '../taggedUnion.ts';
import { LOSSLESS_LONG } from '../timestampMillis.ts';

type Fields = Record<string, unknown>;

/** Each primitive over its whole Avro range, as avsc represents it (long: where avsc is lossless). */
const PRIMITIVES: Readonly<Record<string, () => fc.Arbitrary<unknown>>> = {
  null: () => fc.constant(null),
  boolean: () => fc.boolean(),
  int: () => fc.integer(),
  // Not every safe integer: see LOSSLESS_LONG.
  long: () => fc.integer(LOSSLESS_LONG),
  // Including NaN, -0 and the infinities, which Avro's IEEE 754 encodings carry.
  float: () => fc.float(),
  double: () => fc.double(),
  // Any Unicode scalar value; lone surrogates are not text and UTF-8 cannot carry them.
  string: () => fc.string({ unit: 'binary' }),
  bytes: () => fc.uint8Array().map((bytes) => Buffer.from(bytes)),
  'logical:timestamp-millis': () => fc.integer(LOSSLESS_LONG),
};

/**
 * Every valid value of an avsc type built with `AVRO_OPTIONS`, in the shape avsc takes and hands
 * out, found by walking the type: a field added to a schema is generated, and so round-tripped,
 * without touching a test.
 *
 * Recursive schemas (there are none) would need `fc.letrec`.
 *
 * @example
 * fc.assert(fc.property(arbitraryFor(type), (value) => expect(type.fromBuffer(type.toBuffer(value))).toEqual(value)));
 */
export function arbitraryFor(type: avsc.Type): fc.Arbitrary<unknown> {
  if (type instanceof TaggedUnionType) return fc.oneof(...arbitrariesByTag(type).values());
  if (type instanceof avsc.types.RecordType) return fc.record(fieldArbitraries(type.fields));
  if (type instanceof avsc.types.EnumType) return fc.constantFrom(...type.symbols);
  if (type instanceof avsc.types.FixedType) {
    return fc.uint8Array({ minLength: type.size, maxLength: type.size }).map((bytes) => Buffer.from(bytes));
  }
  if (type instanceof avsc.types.ArrayType) return fc.array(arbitraryFor(type.itemsType));
  if (type instanceof avsc.types.MapType) return fc.dictionary(mapKey(), arbitraryFor(type.valuesType as avsc.Type));
  if (type instanceof avsc.types.UnwrappedUnionType) return fc.oneof(...type.types.map(arbitraryFor));
  if (type instanceof avsc.types.WrappedUnionType) {
    const branch = (b: avsc.Type) =>
      b.typeName === 'null' ? fc.constant(null) : arbitraryFor(b).map((value) => ({ [b.branchName!]: value }));
    return fc.oneof(...type.types.map(branch));
  }
  const primitive = PRIMITIVES[type.typeName];
  if (primitive === undefined) throw new Error(`arbitraryFor: no arbitrary for Avro ${type.typeName}`);
  return primitive();
}

/** One arbitrary per tag of a tagged union, each carrying that tag and the record it names. */
export function arbitrariesByTag(type: TaggedUnionType): Map<string, fc.Arbitrary<Fields>> {
  const common = type.record.fields.filter((f) => f.name !== type.tagField && f.name !== type.unionField);
  return new Map(
    [...type.branchByTag].map(([tag, branch]) => [
      tag,
      fc.record({
        ...fieldArbitraries(common),
        [type.tagField]: fc.constant(tag),
        [type.unionField]: arbitraryFor(branch),
      }),
    ]),
  );
}

function fieldArbitraries(fields: readonly avsc.types.Field[]): Record<string, fc.Arbitrary<unknown>> {
  return Object.fromEntries(fields.map((field) => [field.name, arbitraryFor(field.type)]));
}

function mapKey(): fc.Arbitrary<string> {
  // avsc 5.7 decodes a map by assigning into `{}`, so a key `__proto__` sets the object's
  // prototype and is lost (found by these properties). roundtrip.test.ts pins that behaviour, so
  // this filter goes once avsc fixes it.
  return fc.string({ unit: 'binary' }).filter((key) => key !== '__proto__');
}
