import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../operators/errors.ts';
import { jsonValue, rawLimit, rawQueryInput, refusedBy } from './rawQuery.ts';
import { RAW_TOOLS } from './rawTools.ts';

describe('raw read tools', () => {
  it('are offered for PostgreSQL and ClickHouse only, under their tool names', () => {
    expect(Object.fromEntries(Object.entries(RAW_TOOLS).map(([store, q]) => [store, q.name]))).toEqual({ postgres: 'raw_postgres_query', clickhouse: 'raw_clickhouse_query' });
    for (const [store, question] of Object.entries(RAW_TOOLS)) expect(question.stores).toEqual([store]);
  });

  it('take one statement of at most 10,000 characters and a positive limit', () => {
    expect(rawQueryInput.safeParse({ sql: 'SELECT 1' }).success).toBe(true);
    expect(rawQueryInput.safeParse({ sql: '' }).success).toBe(false);
    expect(rawQueryInput.safeParse({ sql: 'x'.repeat(10_001) }).success).toBe(false);
    expect(rawQueryInput.safeParse({ sql: 'SELECT 1', limit: 0 }).success).toBe(false);
  });

  it('never return more than the row cap', () => {
    expect(rawLimit(undefined, 100)).toBe(100);
    expect(rawLimit(5, 100)).toBe(5);
    expect(rawLimit(5_000, 100)).toBe(100);
  });

  it('answer a refusal as a 403 in the database’s own words', () => {
    const error = refusedBy('PostgreSQL', 'SQLSTATE 25006', 'cannot execute DELETE in a read-only transaction', undefined);
    expect(error.code).toBe(ErrorCodes.accessRefused);
    expect(error.status).toBe(403);
    expect(error.message).toBe('PostgreSQL refused the statement: cannot execute DELETE in a read-only transaction (SQLSTATE 25006)');
  });

  it('turn driver values into JSON', () => {
    expect(jsonValue({ at: new Date(Date.UTC(2026, 0, 2)), n: 12n, b: Buffer.from([1, 255]), list: [new Date(0)], nested: { x: null } })).toEqual({ at: '2026-01-02T00:00:00.000Z', n: '12', b: '\\x01ff', list: ['1970-01-01T00:00:00.000Z'], nested: { x: null } });
  });
});
