import { describe, expect, it } from 'vitest';
import { classify } from '../../operators/errors.ts';
import { classifyPostgres, classifyPostgresError } from './errors.ts';

const pgError = (code: string): Error => Object.assign(new Error(`server said ${code}`), { code });

describe('postgres error classification by SQLSTATE', () => {
  it.each([
    ['08000', 'connection_exception', 'transient'],
    ['08006', 'connection_failure', 'transient'],
    ['08P01', 'protocol_violation (too many parameters: a smaller batch passes)', 'retryable'],
    // Contention between our own writers: never a record's doing.
    ['40001', 'serialization_failure', 'transient'],
    ['40P01', 'deadlock_detected', 'transient'],
    ['55P03', 'lock_not_available', 'transient'],
    ['25006', 'read_only_sql_transaction (a failover left us on a standby)', 'transient'],
    ['53000', 'insufficient_resources', 'transient'],
    ['53100', 'disk_full', 'transient'],
    ['53300', 'too_many_connections', 'transient'],
    // A large batch's doing, which its halves pass: the search splits it.
    ['53200', 'out_of_memory', 'retryable'],
    ['53400', 'configuration_limit_exceeded', 'retryable'],
    ['57014', 'query_canceled (statement timeout)', 'retryable'],
    ['57P01', 'admin_shutdown (failover)', 'transient'],
    ['57P02', 'crash_shutdown', 'transient'],
    ['57P03', 'cannot_connect_now', 'transient'],
    ['57P05', 'idle_session_timeout', 'transient'],
    ['XX000', 'internal_error: isolation decides', 'retryable'],
    ['22021', 'character_not_in_repertoire (NUL in text)', 'permanent'],
    ['22P05', 'untranslatable_character', 'permanent'],
    ['22001', 'string_data_right_truncation', 'permanent'],
    ['22P02', 'invalid_text_representation', 'permanent'],
    ['22007', 'invalid_datetime_format', 'permanent'],
    ['22008', 'datetime_field_overflow', 'permanent'],
    ['23505', 'unique_violation', 'permanent'],
    ['23503', 'foreign_key_violation', 'permanent'],
    ['23502', 'not_null_violation', 'permanent'],
    ['54000', 'program_limit_exceeded (index row too large)', 'permanent'],
    ['28000', 'invalid_authorization_specification', 'configuration'],
    ['28P01', 'invalid_password', 'configuration'],
    ['3D000', 'invalid_catalog_name (no such database)', 'configuration'],
    ['3F000', 'invalid_schema_name', 'configuration'],
    ['42501', 'insufficient_privilege', 'configuration'],
    ['42P01', 'undefined_table', 'configuration'],
    ['42703', 'undefined_column', 'configuration'],
    ['42883', 'undefined_function', 'configuration'],
    ['42601', 'syntax_error', 'configuration'],
    ['42804', 'datatype_mismatch (class 42)', 'configuration'],
    ['42P10', 'invalid_column_reference (class 42: an ON CONFLICT without its index)', 'configuration'],
    ['0A000', 'feature_not_supported', 'configuration'],
    ['57P04', 'database_dropped', 'configuration'],
  ] as const)('%s (%s) is %s', (code, _name, classification) => {
    expect(classifyPostgres(pgError(code))).toBe(classification);
    const error = classifyPostgresError(pgError(code), 'write');
    expect(error).toMatchObject({ classification, retriable: classification !== 'permanent', sqlState: code });
    expect(classify(error)).toBe(classification); // the guard reads it
  });

  it.each([
    ['connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'],
    ['read ECONNRESET', 'ECONNRESET'],
    ['write EPIPE', 'EPIPE'],
    ['Connection terminated unexpectedly', undefined],
    ['Connection terminated', undefined],
    ['Connection terminated due to connection timeout', undefined],
    ['timeout expired', undefined],
    ['timeout exceeded when trying to connect', undefined],
    ['Client has encountered a connection error and is not queryable', undefined],
    ['Client was closed and is not queryable', undefined],
    ['write after end', 'ERR_STREAM_DESTROYED'],
  ] as const)('a lost connection (%s) is transient, never the record’s', (message, code) => {
    const error = Object.assign(new Error(message), code === undefined ? {} : { code });
    expect(classifyPostgres(error)).toBe('transient');
    expect(classify(classifyPostgresError(error, 'write'))).toBe('transient');
  });

  it('other failures without a SQLSTATE are retryable (isolation decides), our own bad values permanent', () => {
    expect(classifyPostgres(new Error('Query read timeout'))).toBe('retryable');
    expect(classifyPostgres(new Error('something pg never said before'))).toBe('retryable');
    expect(classifyPostgres(new RangeError('Invalid time value'))).toBe('permanent');
  });

  it('wraps as a SwitchyardError whose message names the SQLSTATE and what it means', () => {
    const error = classifyPostgresError(pgError('57014'), 'write');
    expect(error).toMatchObject({ name: 'PostgresSinkError', code: 'SWY_POSTGRES', retriable: true, sqlState: '57014' });
    expect(error.message).toBe('PostgreSQL write failed (retryable, 57014): server said 57014');
    expect(classifyPostgresError(pgError('42P01'), 'write').message).toBe("PostgreSQL write failed (configuration, 42P01) — the store's setup, not the record: retried, never dead-lettered, until a person fixes it: server said 42P01");
    expect(classifyPostgresError(pgError('57P01'), 'write').message).toBe('PostgreSQL write failed (transient, 57P01) — an outage, not the record: retried, never dead-lettered, until the store is back: server said 57P01');
    expect(classify(classifyPostgresError(pgError('23505'), 'write'))).toBe('permanent');
    expect(classifyPostgresError(error, 'again')).toBe(error);
  });
});
