import avsc from 'avsc';

/** The attributes that make a record schema a tagged union (see {@link TaggedUnionType}). */
export interface TaggedUnionAttributes {
  readonly logicalType: 'tagged-union';
  /** Name of the string field that says which record the union field holds. */
  readonly tagField: string;
  /** Name of the field whose type is a union of records. */
  readonly unionField: string;
  /** Tag → name of the record it carries. Several tags may share a record; every record needs one. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Old tag → the tag it was renamed to, like Avro's own `aliases` for renamed fields: data
   * written under an old tag is read back under its new one. Optional.
   */
  readonly tagAliases?: Readonly<Record<string, string>>;
}

type Fields = Record<string, unknown>;

/**
 * Avro logical type `tagged-union`: a record whose union-of-records field is told apart by a
 * sibling string field, so JavaScript sees `{ type: 'commit.pushed', payload: { sha } }`
 * instead of avsc's wrapped `{ payload: { 'dev.switchyard.events.CommitPushed': { sha } } }`.
 *
 * Why a logical type: avsc can only leave a union of several records unwrapped when it can tell
 * the branches apart by JavaScript type, and every record is an `object`, so such a union is
 * always wrapped. Rather than ask every producer and consumer to wrap and unwrap, the logical type
 * makes avsc itself speak the tagged shape: `toBuffer`, `fromBuffer`, `isValid` and schema
 * resolution all take and return it, and the code generator reads the same tag table, so the
 * generated types and the codec cannot disagree.
 *
 * The bytes are plain Avro: the record with an ordinary union. Readers that do not know this
 * logical type (Java, Python, the schema registry) ignore it, as the Avro spec says, and see the
 * union as usual. A tag is never renamed or moved to another record once produced: old data is
 * read back through the tag table of the new schema.
 *
 * @example
 * // EngEvent.avsc: "logicalType": "tagged-union", "tagField": "type", "unionField": "payload",
 * //                "tags": { "commit.pushed": "CommitPushed", ... }
 * type.toBuffer({ eventId, type: 'commit.pushed', ..., payload: { sha, message, ... } });
 */
export class TaggedUnionType extends avsc.types.LogicalType {
  readonly tagField: string;
  readonly unionField: string;
  /** Each tag and the record type it carries, in the order of the schema's table. */
  readonly branchByTag: ReadonlyMap<string, avsc.types.RecordType>;
  readonly #tags: Readonly<Record<string, string>>;
  readonly #aliases: Readonly<Record<string, string>>;

  constructor(schema: avsc.Schema, opts?: unknown) {
    super(schema, opts);
    const record = this.record;
    const where = `tagged-union ${record.name}`;
    const { tagField, unionField, tags, tagAliases = {} } = schema as Partial<TaggedUnionAttributes>;
    if (typeof tagField !== 'string' || typeof unionField !== 'string' || typeof tags !== 'object' || tags === null) {
      throw new Error(`${where}: needs tagField, unionField and tags attributes`);
    }
    this.tagField = tagField;
    this.unionField = unionField;
    this.#tags = tags;
    for (const [alias, tag] of Object.entries(tagAliases)) {
      if (!(tag in tags)) throw new Error(`${where}: tag alias ${alias} names ${tag}, which tags lacks`);
      if (alias in tags) throw new Error(`${where}: tag alias ${alias} is a tag itself`);
    }
    this.#aliases = tagAliases;
    if (record.field(this.tagField)?.type.typeName !== 'string') {
      throw new Error(`${where}: tagField ${this.tagField} must name a string field`);
    }
    const union = record.field(this.unionField)?.type;
    const isRecord = (type: avsc.Type) => type instanceof avsc.types.RecordType;
    // avsc wraps a union of two or more records (see above), which the conversions below rely on.
    if (!(union instanceof avsc.types.WrappedUnionType) || !union.types.every(isRecord)) {
      throw new Error(`${where}: unionField ${this.unionField} must name a union of two or more records`);
    }
    const branches = new Map(union.types.map((type) => [type.name, type]));
    const namespace = record.name!.slice(0, record.name!.lastIndexOf('.'));
    const branchByTag = new Map<string, avsc.types.RecordType>();
    for (const [tag, name] of Object.entries(tags)) {
      const branch = branches.get(name.includes('.') ? name : `${namespace}.${name}`);
      if (branch === undefined) throw new Error(`${where}: tag ${tag} names ${name}, which ${this.unionField} lacks`);
      branchByTag.set(tag, branch as avsc.types.RecordType);
    }
    const tagged = new Set([...branchByTag.values()].map((branch) => branch.name));
    const untagged = [...branches.keys()].filter((name) => !tagged.has(name));
    if (untagged.length > 0) throw new Error(`${where}: no tag carries ${untagged.join(', ')}`);
    this.branchByTag = branchByTag;
  }

  /** The record as it is on the wire, with the union wrapped the avsc way. */
  get record(): avsc.types.RecordType {
    return this.underlyingType as avsc.types.RecordType;
  }

  protected override _fromValue(wire: Fields): Fields {
    const written = wire[this.tagField] as string;
    const tag = this.#aliases[written] ?? written;
    const wrapped = wire[this.unionField] as Fields;
    const [name] = Object.keys(wrapped);
    if (this.branchByTag.get(tag)?.name !== name) {
      throw new Error(`${this.record.name}: ${this.tagField} ${tag} does not carry a ${name} ${this.unionField}`);
    }
    return { ...wire, [this.tagField]: tag, [this.unionField]: wrapped[name!] };
  }

  protected override _toValue(value: Fields): Fields {
    const tag = value[this.tagField];
    const branch = typeof tag === 'string' ? this.branchByTag.get(tag) : undefined;
    if (branch === undefined) throw new Error(`${this.record.name}: unknown ${this.tagField} ${String(tag)}`);
    return { ...value, [this.unionField]: { [branch.name!]: value[this.unionField] } };
  }

  /**
   * Reads data written with another version of the schema: avsc's record resolution (defaults
   * for added fields, dropped fields, promoted types) on the wire shape, then this tag table.
   */
  protected override _resolve(writer: avsc.Type): ((value: Fields) => Fields) | undefined {
    const wireWriter = writer instanceof TaggedUnionType ? writer.record : writer;
    if (!(wireWriter instanceof avsc.types.RecordType)) return undefined;
    const toWire = writer instanceof TaggedUnionType ? (v: Fields) => writer._toValue(v) : (v: Fields) => v;
    if (wireWriter.equals(this.record)) return (value) => this._fromValue(toWire(value));
    const resolver = this.record.createResolver(wireWriter);
    return (value) => this._fromValue(this.record.fromBuffer(wireWriter.toBuffer(toWire(value)), resolver));
  }

  protected override _export(schema: avsc.Schema): void {
    Object.assign(schema as Fields, { tagField: this.tagField, unionField: this.unionField, tags: this.#tags, ...(Object.keys(this.#aliases).length > 0 ? { tagAliases: this.#aliases } : {}) });
  }
}
