/**
 * Why a new schema cannot read data written with an old one, field by field.
 *
 * The verdict is avsc's (`createResolver` throws exactly when Avro's resolution rules fail) and
 * the registry's; this walk only names what breaks, in words a reviewer can act on, because
 * neither says which field ("cannot read \"int\" as \"string\"", "list of diff types").
 */
import avsc from 'avsc';

type Json = avsc.Schema;
type Named = Map<string, Record<string, unknown>>;

const PROMOTIONS: Record<string, readonly string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

/** Breaking differences for a reader of `next` on data written with `previous`; empty when compatible. */
export function incompatibilities(next: Json, previous: Json): string[] {
  const reasons: string[] = [];
  const readerNames: Named = new Map();
  const writerNames: Named = new Map();
  collectNames(next, readerNames, undefined);
  collectNames(previous, writerNames, undefined);
  compare(resolve(next, readerNames), resolve(previous, writerNames), '$', reasons, readerNames, writerNames, new Set());
  if (reasons.length === 0) {
    // The walk missed something avsc knows: report avsc's own words rather than nothing.
    try {
      avsc.Type.forSchema(next).createResolver(avsc.Type.forSchema(previous));
    } catch (error) {
      reasons.push(`$: ${(error as Error).message}`);
    }
  }
  return reasons;
}

/**
 * Fields the previous schema required (no default) that the new one dropped. Avro's BACKWARD
 * rule allows this, but consumers still on the previous schema (a sink deployed apart from the
 * producer) would fail on every new record, so Switchyard refuses it too.
 */
export function removedRequiredFields(next: Json, previous: Json): string[] {
  const nextNames: Named = new Map();
  const previousNames: Named = new Map();
  collectNames(next, nextNames, undefined);
  collectNames(previous, previousNames, undefined);
  const reasons: string[] = [];
  for (const [name, record] of previousNames) {
    if (!name.includes('.') || record.type !== 'record') continue;
    const successor = nextNames.get(name);
    if (!successor || successor.type !== 'record') continue;
    const kept = new Set((successor.fields as Record<string, unknown>[]).flatMap((f) => [f.name, ...((f.aliases as string[] | undefined) ?? [])]));
    for (const field of record.fields as Record<string, unknown>[]) {
      if (!kept.has(field.name) && !('default' in field)) {
        reasons.push(`${name}.${String(field.name)}: field removed, and it has no default (readers of the previous schema cannot read new data)`);
      }
    }
  }
  return reasons;
}

function compare(reader: unknown, writer: unknown, path: string, reasons: string[], rn: Named, wn: Named, seen: Set<string>): void {
  const r = describe(reader);
  const w = describe(writer);
  if (w.kind === 'union') {
    // Every branch the writer may have written must be readable.
    for (const branch of w.branches) compare(reader, resolve(branch, wn), path, reasons, rn, wn, seen);
    return;
  }
  if (r.kind === 'union') {
    const fits = r.branches.some((branch) => {
      const probe: string[] = [];
      compare(resolve(branch, rn), writer, path, probe, rn, wn, seen);
      return probe.length === 0;
    });
    if (!fits) reasons.push(`${path}: the union no longer accepts ${w.label}`);
    return;
  }
  if (r.kind !== w.kind) {
    if (!(PROMOTIONS[w.kind]?.includes(r.kind))) reasons.push(`${path}: type changed from ${w.label} to ${r.label}`);
    return;
  }
  const rs = reader as Record<string, unknown>;
  const ws = writer as Record<string, unknown>;
  switch (r.kind) {
    case 'record': {
      const key = `${String(rs.name)}<-${String(ws.name)}`;
      if (seen.has(key)) return;
      seen.add(key);
      const writerFields = ws.fields as Record<string, unknown>[];
      for (const field of rs.fields as Record<string, unknown>[]) {
        const names = [field.name, ...((field.aliases as string[] | undefined) ?? [])];
        const match = writerFields.find((candidate) => names.includes(candidate.name));
        const fieldPath = `${path}.${String(field.name)}`;
        if (!match) {
          if (!('default' in field)) reasons.push(`${fieldPath}: field added without a default (old data has no value for it)`);
          continue;
        }
        compare(resolve(field.type, rn), resolve(match.type, wn), fieldPath, reasons, rn, wn, seen);
      }
      return;
    }
    case 'enum': {
      const symbols = rs.symbols as string[];
      const missing = (ws.symbols as string[]).filter((symbol) => !symbols.includes(symbol));
      if (missing.length > 0 && !('default' in rs)) reasons.push(`${path}: enum symbols removed without a default: ${missing.join(', ')}`);
      return;
    }
    case 'array':
      compare(resolve(rs.items, rn), resolve(ws.items, wn), `${path}[]`, reasons, rn, wn, seen);
      return;
    case 'map':
      compare(resolve(rs.values, rn), resolve(ws.values, wn), `${path}{}`, reasons, rn, wn, seen);
      return;
    case 'fixed':
      if (rs.size !== ws.size) reasons.push(`${path}: fixed size changed from ${String(ws.size)} to ${String(rs.size)}`);
      return;
  }
}

function describe(schema: unknown): { kind: string; label: string; branches: unknown[] } {
  if (Array.isArray(schema)) return { kind: 'union', label: 'union', branches: schema };
  if (typeof schema === 'string') return { kind: schema, label: schema, branches: [] };
  const object = schema as Record<string, unknown>;
  const kind = String(object.type);
  const label = object.name ? `${kind} ${String(object.name)}` : kind;
  return { kind, label, branches: [] };
}

/** Replace a reference to a named type by its definition; unwrap `{ "type": "string" }`. */
function resolve(schema: unknown, names: Named): unknown {
  if (typeof schema === 'string') return names.get(schema) ?? names.get(schema.split('.').at(-1)!) ?? schema;
  if (schema && typeof schema === 'object' && !Array.isArray(schema)) {
    const type = (schema as Record<string, unknown>).type;
    if (typeof type === 'string' && !['record', 'enum', 'array', 'map', 'fixed'].includes(type)) return resolve(type, names);
  }
  return schema;
}

function collectNames(schema: unknown, names: Named, namespace: string | undefined): void {
  if (Array.isArray(schema)) {
    for (const branch of schema) collectNames(branch, names, namespace);
    return;
  }
  if (!schema || typeof schema !== 'object') return;
  const object = schema as Record<string, unknown>;
  const ns = typeof object.namespace === 'string' ? object.namespace : namespace;
  if (typeof object.name === 'string' && ['record', 'enum', 'fixed'].includes(String(object.type))) {
    const full = object.name.includes('.') || !ns ? object.name : `${ns}.${object.name}`;
    names.set(full, object);
    names.set(object.name, object);
  }
  for (const field of (object.fields as Record<string, unknown>[] | undefined) ?? []) collectNames(field.type, names, ns);
  collectNames(object.items, names, ns);
  collectNames(object.values, names, ns);
  if (typeof object.type === 'object') collectNames(object.type, names, ns);
}
