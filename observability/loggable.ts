/**
 * Any value as plain JSON data a log line can carry: what the logger hands to pino, so pino
 * (and its redaction, which clones what it walks) only ever sees plain objects, arrays,
 * strings, numbers and booleans.
 *
 * Why: pino's redaction (@pinojs/redact 0.4.0) copies a Buffer onto `Buffer.prototype` and then
 * throws reading its `buffer`; a log call that throws took the worker down with it. Bytes are
 * rendered as their kind and length only, never their content: a record's key or value may hold
 * anything, including secrets no field name gives away (the dead-letter topic keeps the bytes).
 *
 * - strings: credentials in URLs and Authorization values cut (the `scrubText` given);
 * - a field named like a secret: censored, at any depth;
 * - Buffer, typed arrays, ArrayBuffer, DataView: `{ type, bytes }`;
 * - errors: pino's error serializer (type, message and stack with causes, own fields), then the rest;
 * - Map: `{ type: 'Map', size, entries }`; Set: `{ type: 'Set', size, values }`;
 * - BigInt: its decimal string; a symbol: its description; a function: dropped (as JSON does);
 * - a circular reference: `"[Circular]"`; deeper than MAX_DEPTH: `"[Object]"` / `"[Array(n)]"`;
 * - a getter that throws, a hostile toJSON: `"[Unreadable: …]"` instead of the value.
 */
import pino from 'pino';

export interface LoggableOptions {
  /** Applied to every string. */
  readonly scrubText: (text: string) => string;
  /** Field names (any case) whose values are replaced by `censor`. */
  readonly secretKeys: ReadonlySet<string>;
  readonly censor: string;
}

/** Below this, objects are rendered; deeper ones are summarised. Deep enough for any error or config we log. */
export const MAX_DEPTH = 10;
/** Items of one array, entries of one Map or Set: a log line is no place for a whole batch. */
const MAX_ITEMS = 100;

/** `value` as JSON-safe data (see the module comment); never throws. */
export function loggable(value: unknown, options: LoggableOptions): unknown {
  return render(value, options, 0, new Set());
}

function render(value: unknown, options: LoggableOptions, depth: number, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      return options.scrubText(value);
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.description === undefined ? 'Symbol()' : `Symbol(${value.description})`;
    case 'function':
      return undefined;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  const bytes = bytesOf(value);
  if (bytes !== undefined) return bytes;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `[Array(${value.length})]` : '[Object]';
  ancestors.add(value);
  try {
    return renderObject(value, options, depth, ancestors);
  } catch (error) {
    return `[Unreadable: ${options.scrubText(error instanceof Error ? error.message : String(error))}]`;
  } finally {
    ancestors.delete(value);
  }
}

function renderObject(value: object, options: LoggableOptions, depth: number, ancestors: Set<object>): unknown {
  const next = (item: unknown) => render(item, options, depth + 1, ancestors);
  if (value instanceof Error) return renderFields(serializedError(value), options, depth, ancestors);
  if (Array.isArray(value)) return capped(value, next);
  if (value instanceof Map) {
    const entries = Object.fromEntries([...value].slice(0, MAX_ITEMS).map(([key, item]) => [keyOf(key), item]));
    return { type: 'Map', size: value.size, entries: renderFields(entries, options, depth + 1, ancestors) };
  }
  if (value instanceof Set) return { type: 'Set', size: value.size, values: capped([...value], next) };
  // A URL, a Decimal, a Long: what JSON.stringify would write. A Buffer's toJSON was handled above.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return next((value as { toJSON: () => unknown }).toJSON());
  return renderFields(value, options, depth, ancestors);
}

function renderFields(value: object, options: LoggableOptions, depth: number, ancestors: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (options.secretKeys.has(key.toLowerCase())) {
      out[key] = options.censor;
      continue;
    }
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch (error) {
      out[key] = `[Unreadable: ${options.scrubText(error instanceof Error ? error.message : String(error))}]`;
      continue;
    }
    const rendered = render(item, options, depth + 1, ancestors);
    if (rendered !== undefined) out[key] = rendered;
  }
  return out;
}

/** `{ type, bytes }` for a binary value, undefined for anything else. */
function bytesOf(value: object): { type: string; bytes: number } | undefined {
  if (Buffer.isBuffer(value)) return { type: 'Buffer', bytes: value.length };
  if (ArrayBuffer.isView(value)) return { type: value.constructor?.name ?? 'ArrayBufferView', bytes: value.byteLength };
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)) {
    return { type: value.constructor.name, bytes: value.byteLength };
  }
  return undefined;
}

/** A Map key as an object key: what String() gives, bytes as their kind. */
function keyOf(key: unknown): string {
  if (typeof key === 'object' && key !== null) {
    const bytes = bytesOf(key);
    return bytes === undefined ? Object.prototype.toString.call(key) : `[${bytes.type}]`;
  }
  return typeof key === 'symbol' ? key.toString() : String(key);
}

/** pino's error serializer (message and stack with causes, own fields); the bare essentials if it cannot (a frozen error). */
function serializedError(error: Error): object {
  try {
    return pino.stdSerializers.err(error);
  } catch {
    return { type: error.constructor?.name ?? error.name, message: String(error.message), stack: String(error.stack) };
  }
}

function capped<T, U>(items: readonly T[], map: (item: T) => U): U[] {
  const out = items.slice(0, MAX_ITEMS).map(map);
  if (items.length > MAX_ITEMS) out.push(`[… ${items.length - MAX_ITEMS} more]` as U);
  return out;
}
