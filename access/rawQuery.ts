/**
 * What every opt-in raw read tool takes and answers (sinks/postgres/rawQuery.ts,
 * sinks/clickhouse/rawQuery.ts; listed in rawTools.ts). One statement of the store's own
 * language, run as the store's read-only reader with its per-request guards: the DATABASE
 * refuses what is not a read, and its refusal is answered as it gave it (`refusedBy`).
 */
import { z } from 'zod';
import { ErrorCodes } from '../operators/errors.ts';
import { AccessError } from './errors.ts';

/** The longest statement a raw tool takes. */
export const RAW_SQL_MAX = 10_000;

export const rawQueryInput = z.object({
  sql: z.string().min(1).max(RAW_SQL_MAX).describe('one read-only statement; the database refuses anything else'),
  limit: z.number().int().min(1).optional().describe('the most rows to return; at most, and by default, the server’s row cap (SWITCHYARD_ACCESS_ROW_CAP)'),
});

export const rawQueryOutput = z.object({
  columns: z.array(z.string()).describe('the result’s column names, in order (from the first row when the database does not say)'),
  rows: z.array(z.record(z.string(), z.unknown())).describe('one object per row, by column name; times as ISO strings, 64-bit integers and decimals as strings'),
  truncated: z.boolean().describe('true when more rows came than `limit`'),
  limit: z.number().int().describe('the most rows this answer could hold'),
});

export type RawQueryAnswer = z.input<typeof rawQueryOutput>;

/** The rows a raw answer holds: the asked limit, never above the row cap. */
export function rawLimit(asked: number | undefined, rowCap: number): number {
  return Math.min(asked ?? rowCap, rowCap);
}

/** The database's refusal as the caller sees it: its own words and code, a 403 (never our paraphrase). */
export function refusedBy(store: string, code: string, message: string, cause: unknown): AccessError {
  return new AccessError(`${store} refused the statement: ${message} (${code})`, ErrorCodes.accessRefused, {}, cause);
}

/** A value as JSON carries it: Date → ISO string, bigint → string, bytes → hex (`\x…`, as psql shows them). */
export function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
}
