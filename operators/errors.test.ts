import { describe, expect, it } from 'vitest';
import { NETWORK_ERROR_CODES, PermanentError, SwitchyardError, classify, connectionLost, networkErrorCode } from './errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('classify', () => {
  it.each(['transient', 'retryable', 'permanent', 'configuration'] as const)('trusts a declared classification: %s', (classification) => {
    expect(classify(Object.assign(new Error('x'), { classification }))).toBe(classification);
  });

  it.each([...NETWORK_ERROR_CODES])('a network error (%s) is transient', (code) => {
    expect(classify(withCode(`connect ${code}`, code))).toBe('transient');
  });

  it('looks one level into `cause` for an error with no code of its own (fetch)', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED 127.0.0.1:443', 'ECONNREFUSED') });
    expect(networkErrorCode(fetchFailed)).toBe('ECONNREFUSED');
    expect(classify(fetchFailed)).toBe('transient');
    expect(classify(new TypeError('x is not a function'))).toBe('permanent'); // a bug, not the network
  });

  it('a `retriable` flag with a network code is transient; `retriable: false` wins', () => {
    expect(classify(Object.assign(withCode('Connection error: connect ECONNREFUSED', 'ECONNREFUSED'), { retriable: true }))).toBe('transient');
    expect(classify(Object.assign(withCode('refused', 'ECONNREFUSED'), { retriable: false }))).toBe('permanent');
    expect(classify(new SwitchyardError('503', 'SWY_TEST', { retriable: true }))).toBe('retryable');
  });

  it('keeps the rest as before: permanent errors and bugs permanent, anything unknown retryable', () => {
    expect(classify(new PermanentError('bad'))).toBe('permanent');
    expect(classify(withCode('no such thing', 'ENOENT'))).toBe('retryable');
    expect(classify(new Error('Neo.DatabaseError.General.UnknownError'))).toBe('retryable');
    expect(classify('a string')).toBe('retryable');
  });
});

describe('connectionLost', () => {
  it.each([
    ['Connection terminated unexpectedly'],
    ['Connection terminated due to connection timeout'],
    ['timeout expired'],
    ['timeout exceeded when trying to connect'],
    ['Client has encountered a connection error and is not queryable'],
    ['Client was closed and is not queryable'],
    ['Client network socket disconnected before secure TLS connection was established: socket hang up'],
    ['server closed the connection unexpectedly'],
    ['Connection reset by peer'],
  ])('knows a client’s words for a lost connection: %s', (message) => {
    expect(connectionLost(new Error(message))).toBe(true);
  });

  it('knows a network code, on the error or its cause, and nothing else', () => {
    expect(connectionLost(withCode('x', 'EHOSTDOWN'))).toBe(true);
    expect(connectionLost(new TypeError('fetch failed', { cause: withCode('x', 'UND_ERR_CONNECT_TIMEOUT') }))).toBe(true);
    expect(connectionLost(new Error('Query read timeout'))).toBe(false); // a slow statement may be the record's
    expect(connectionLost(new Error('the statement timeout expired'))).toBe(false);
    expect(connectionLost(withCode('duplicate key', '23505'))).toBe(false);
    expect(connectionLost('socket hang up')).toBe(false);
  });
});
