/**
 * SQL literals for ClickHouse, escaped here because nothing else will do it for us.
 *
 * Why this exists: ClickHouse 18.16 (Debian's) has no query parameters — `{x:String}` and the
 * client's `query_params` fail with "Unknown setting param_x" — and @clickhouse/client exports no
 * literal escaper (its `formatQueryParams` formats *parameter values* for the server to parse,
 * not SQL, and is not part of the public API). So every value a query carries goes through one
 * of these functions, and nothing else is ever interpolated into SQL.
 *
 * The rules, from ClickHouse's lexer (string literals are single-quoted; `\` escapes): a
 * backslash and a quote are escaped, and so is every control character (as `\xHH`), so a NUL
 * or newline cannot end the query or hide in a log line. A string that is not well-formed
 * UTF-16 (a lone surrogate) is refused rather than silently turned into U+FFFD. The real
 * server round-trips arbitrary strings through `quote` (see quote.test.ts).
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string as a ClickHouse string literal: `O'Brien` → `'O\'Brien'`. */
export function quoteString(value: string): string {
  if (typeof value !== 'string') throw new TypeError(`quoteString: expected a string, got ${typeof value}`);
  if (!value.isWellFormed()) throw new RangeError('quoteString: the string has a lone surrogate (not valid Unicode)');
  let out = "'";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

/** A finite number as a literal; NaN and ±Infinity are refused (they are never a filter we mean). */
export function quoteNumber(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`quoteNumber: expected a finite number, got ${String(value)}`);
  return String(value);
}

/** A safe integer as a literal: ids, limits, epoch milliseconds. */
export function quoteInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`quoteInteger: expected a safe integer, got ${String(value)}`);
  return String(value);
}

/** A point in time (Date or epoch milliseconds) as a `DateTime('UTC')` expression, to the second. */
export function quoteDateTime(value: Date | number): string {
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`quoteDateTime: expected a valid time at or after 1970, got ${String(value)}`);
  return `toDateTime(${Math.floor(ms / 1000)}, 'UTC')`;
}

/** Any of the above by type: what queries use. */
export function quote(value: string | number | Date): string {
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') return quoteNumber(value);
  if (value instanceof Date) return quoteDateTime(value);
  throw new TypeError(`quote: cannot quote a ${typeof value}`);
}

/** A non-empty list for `IN (...)`: `('a', 'b')`. An empty list is refused: `IN ()` is a syntax error. */
export function quoteList(values: readonly (string | number)[]): string {
  if (values.length === 0) throw new RangeError('quoteList: an IN list needs at least one value');
  return `(${values.map((v) => quote(v)).join(', ')})`;
}

/**
 * A database or table name. Only plain identifiers are accepted (no quoting games): the names
 * come from configuration, and a name that needs backticks is a mistake there.
 */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`identifier: "${name}" is not a plain identifier (letters, digits, _; not starting with a digit)`);
  return name;
}

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}
