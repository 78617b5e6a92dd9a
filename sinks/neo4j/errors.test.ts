import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { classify } from '../../operators/errors.ts';
import { classifyNeo4j, classifyNeo4jError, Neo4jSinkError } from './errors.ts';

const neo4jError = (code: string) => new Neo4jError('boom', code, '50N42', 'error');

describe('classifyNeo4jError by documented status code', () => {
  it.each([
    ['ServiceUnavailable', 'transient'],
    ['SessionExpired', 'transient'],
    // What a restarting Neo4j answers once bolt and its health query already do.
    ['Neo.TransientError.General.DatabaseUnavailable', 'transient'],
    ['Neo.TransientError.General.OutOfMemoryError', 'transient'],
    ['Neo.TransientError.Transaction.LeaderSwitch', 'transient'],
    ['Neo.TransientError.Transaction.Interrupted', 'transient'],
    ['Neo.TransientError.Cluster.ReplicationFailure', 'transient'],
    ['Neo.TransientError.Request.NoThreadsAvailable', 'transient'],
    ['Neo.TransientError.Transaction.MaximumTransactionLimitReached', 'transient'],
    ['Neo.TransientError.Some.FutureCode', 'transient'],
    ['Neo.ClientError.Cluster.NotALeader', 'transient'],
    ['Neo.ClientError.Cluster.Routing', 'transient'],
    ['Neo.ClientError.Routing.RoutingFailed', 'transient'],
    ['Neo.ClientError.Security.AuthenticationRateLimit', 'transient'],
    ['Neo.ClientError.Security.AuthorizationExpired', 'transient'],
    ['Neo.ClientError.Security.TokenExpired', 'transient'],
    // Contention between our writers and the server's global pool: never a record's doing.
    ['Neo.TransientError.Transaction.DeadlockDetected', 'transient'],
    ['Neo.TransientError.Transaction.LockAcquisitionTimeout', 'transient'],
    ['Neo.TransientError.Transaction.Outdated', 'transient'],
    ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'transient'],
    // Passing, but a record or its batch may be why: isolation decides.
    ['Neo.TransientError.General.TransactionMemoryLimit', 'retryable'],
    ['Neo.TransientError.General.StackOverFlowError', 'retryable'],
    ['Neo.TransientError.Statement.ExecutionTimeout', 'retryable'],
    ['Neo.ClientError.General.TransactionOutOfMemoryError', 'retryable'],
    ['Neo.ClientError.Transaction.Terminated', 'retryable'],
    ['Neo.ClientError.Transaction.LockClientStopped', 'retryable'],
    ['Neo.ClientError.Transaction.TransactionTimedOut', 'retryable'],
    // "Property value is too large to index": the guard's isolation dead-letters the one record.
    ['Neo.DatabaseError.Statement.ExecutionFailed', 'retryable'],
    ['Neo.DatabaseError.General.UnknownError', 'retryable'],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', 'permanent'],
    ['Neo.ClientError.Statement.SemanticError', 'permanent'],
    ['Neo.ClientError.Statement.TypeError', 'permanent'],
    ['Neo.ClientError.Statement.ArgumentError', 'permanent'],
    ['Neo.ClientError.Schema.TokenNameError', 'permanent'],
    ['Neo.ClientError.Security.Unauthorized', 'configuration'],
    ['Neo.ClientError.Security.CredentialsExpired', 'configuration'],
    ['Neo.ClientError.Security.Forbidden', 'configuration'],
    ['Neo.ClientError.Database.DatabaseNotFound', 'configuration'],
    ['Neo.ClientError.General.WriteOnReadOnlyAccessDatabase', 'configuration'],
    ['Neo.ClientError.General.ForbiddenOnReadOnlyDatabase', 'configuration'],
    ['Neo.ClientError.Statement.SyntaxError', 'configuration'],
    ['Neo.ClientError.Statement.ParameterMissing', 'configuration'],
  ] as const)('%s → %s', (code, classification) => {
    expect(classifyNeo4j(neo4jError(code))).toBe(classification);
    const error = classifyNeo4jError(neo4jError(code), 'write');
    expect(error).toBeInstanceOf(Neo4jSinkError);
    expect(error).toMatchObject({ classification, retriable: classification !== 'permanent', neo4jCode: code, code: 'SWY_NEO4J' });
    expect(classify(error)).toBe(classification);
  });

  it('treats network errors as transient, codeless ones as retryable, and our own bugs as permanent', () => {
    expect(classifyNeo4j(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('transient');
    expect(classifyNeo4j(new Error('something the driver never said before'))).toBe('retryable');
    expect(classifyNeo4j(new TypeError('x is undefined'))).toBe('permanent');
  });

  it('keeps the cause, names the code, and does not wrap twice', () => {
    const cause = neo4jError('Neo.ClientError.Schema.ConstraintValidationFailed');
    const error = classifyNeo4jError(cause, 'write of 3 event(s)');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Neo4j write of 3 event(s) failed (permanent, Neo.ClientError.Schema.ConstraintValidationFailed): boom');
    expect(classifyNeo4jError(error, 'again')).toBe(error);
  });
});
