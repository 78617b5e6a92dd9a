import { describe, expect, it } from 'vitest';
import { classify } from '../../operators/errors.ts';
import { classifyPostgresError, isRetriable } from './errors.ts';

const pgError = (code: string): Error => Object.assign(new Error(`server said ${code}`), { code });

describe('postgres error classification', () => {
  it.each([
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
    ['53300', 'too many connections'],
    ['08006', 'connection failure'],
    ['57P01', 'admin shutdown (failover)'],
  ])('%s (%s) is retriable', (code) => {
    expect(isRetriable(pgError(code))).toBe(true);
  });

  it.each([
    ['23505', 'unique violation'],
    ['23503', 'foreign key violation'],
    ['22021', 'bad byte sequence'],
    ['22P02', 'invalid text representation'],
    ['42P01', 'undefined table'],
    ['28P01', 'bad password'],
  ])('%s (%s) is permanent', (code) => {
    expect(isRetriable(pgError(code))).toBe(false);
  });

  it('network failures are retriable, our own bad values permanent', () => {
    expect(isRetriable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetriable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isRetriable(new RangeError('Invalid time value'))).toBe(false);
  });

  it('wraps as a SwitchyardError the guard classifies by its flag', () => {
    const error = classifyPostgresError(pgError('40P01'), 'write');
    expect(error).toMatchObject({ name: 'PostgresSinkError', code: 'SWY_POSTGRES', retriable: true, sqlState: '40P01' });
    expect(error.message).toBe('PostgreSQL write failed (retriable): server said 40P01');
    expect(classify(error)).toBe('retryable');
    expect(classify(classifyPostgresError(pgError('23505'), 'write'))).toBe('permanent');
    expect(classifyPostgresError(error, 'again')).toBe(error);
  });
});
