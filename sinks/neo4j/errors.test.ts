import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { classify } from '../../operators/errors.ts';
import { classifyNeo4jError, isRetriable, Neo4jSinkError } from './errors.ts';

const neo4jError = (code: string) => new Neo4jError('boom', code, '50N42', 'error');

describe('classifyNeo4jError', () => {
  it.each([
    ['ServiceUnavailable', true],
    ['SessionExpired', true],
    ['Neo.TransientError.Transaction.DeadlockDetected', true],
    ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', true],
    ['Neo.ClientError.Cluster.NotALeader', true],
    ['Neo.DatabaseError.General.UnknownError', true],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', false],
    ['Neo.ClientError.Statement.SyntaxError', false],
    ['Neo.ClientError.Statement.SemanticError', false],
    ['Neo.ClientError.Security.Unauthorized', false],
  ])('%s → retriable %s', (code, retriable) => {
    const error = classifyNeo4jError(neo4jError(code), 'write');
    expect(error).toBeInstanceOf(Neo4jSinkError);
    expect(error).toMatchObject({ retriable, neo4jCode: code, code: 'SWY_NEO4J' });
    expect(classify(error)).toBe(retriable ? 'retryable' : 'permanent');
  });

  it('treats network errors as retriable and our own bugs as permanent', () => {
    expect(isRetriable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetriable(new TypeError('x is undefined'))).toBe(false);
  });

  it('keeps the cause and does not wrap twice', () => {
    const cause = neo4jError('Neo.ClientError.Statement.SyntaxError');
    const error = classifyNeo4jError(cause, 'write of 3 event(s)');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Neo4j write of 3 event(s) failed (permanent, Neo.ClientError.Statement.SyntaxError): boom');
    expect(classifyNeo4jError(error, 'again')).toBe(error);
  });
});
