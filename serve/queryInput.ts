/**
 * A GET request's query string as a question's input, read by the input's JSON Schema, so
 * `GET /v1/questions/<name>?…` answers exactly what `POST` with the JSON body would:
 *
 * - `project=Shop` → `{ project: 'Shop' }`; a property typed number or integer → `Number(value)`,
 *   boolean → `true`/`false` (anything else is left a string, so the question's own schema says
 *   what it must be, with its path);
 * - an array property: the key repeated (`repository=a/b&repository=c/d`), items coerced the same way;
 * - a nested object: dotted keys, `period.from=2026-03-01&period.to=2026-04-01` → `{ period: { from, to } }`,
 *   or the object as JSON, `period={"month":"2026-03"}`;
 * - or the whole input as one JSON parameter, `input={"period":{"month":"2026-03"}}` (URL-encoded);
 *   then no other parameter may be given.
 *
 * A key the schema does not know is kept as given: the input schema decides whether it is refused.
 */
import { AccessError } from '../access/errors.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { type JsonSchema, propertyOf, resolved, typeOf } from './questionSchemas.ts';

/** The input `params` describe, for a question whose input schema is `schema`. */
export function inputFromQuery(params: URLSearchParams, schema: JsonSchema): Record<string, unknown> {
  const keys = [...new Set(params.keys())];
  if (keys.includes('input') && propertyOf(schema, 'input', schema) === undefined) {
    if (keys.length > 1) throw badQuery('input', 'give the whole input as one JSON `input` parameter, or as separate parameters, not both');
    const text = params.get('input') ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badQuery('input', 'must be a JSON object (URL-encoded), e.g. input={"project":"Shop"}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badQuery('input', 'must be a JSON object');
    return parsed as Record<string, unknown>;
  }
  const input: Record<string, unknown> = {};
  for (const key of keys) {
    const path = key.split('.');
    if (path.some((part) => part === '' || part === '__proto__' || part === 'constructor' || part === 'prototype')) throw badQuery(key, 'is not a parameter name: dotted keys name nested properties, e.g. period.from');
    let target = input;
    let node: JsonSchema | undefined = schema;
    for (const part of path.slice(0, -1)) {
      node = propertyOf(node, part, schema);
      const existing = target[part];
      if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing))) throw badQuery(key, `conflicts with parameter ${part}`);
      target = (target[part] ??= {}) as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    const property = propertyOf(node, last, schema);
    const values = params.getAll(key);
    if (typeOf(property, schema) === 'array') {
      const items = resolved(property, schema)?.items as JsonSchema | undefined;
      target[last] = values.map((value) => coerced(value, items, schema));
    } else {
      if (values.length > 1) throw badQuery(key, 'is given more than once but is not a list');
      target[last] = typeOf(property, schema) === 'object' ? jsonOrText(values[0]!) : coerced(values[0]!, property, schema);
    }
  }
  return input;
}

/** An object parameter given whole (`period={"month":"2026-03"}`): its JSON, or the text (the schema then says it must be an object). */
function jsonOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** `value` as the schema's scalar type says, when it reads as one; otherwise as given (the schema then says why not). */
function coerced(value: string, schema: JsonSchema | undefined, root: JsonSchema): unknown {
  switch (typeOf(schema, root)) {
    case 'number':
    case 'integer': {
      const number = value.trim() === '' ? Number.NaN : Number(value);
      return Number.isFinite(number) ? number : value;
    }
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'null':
      return value === 'null' ? null : value;
    default:
      return value;
  }
}

function badQuery(key: string, message: string): AccessError {
  const path = key === 'input' ? 'input' : `input.${key}`;
  return new AccessError(`${path} ${message}`, ErrorCodes.accessBadInput, { problems: [{ path, message }] });
}
