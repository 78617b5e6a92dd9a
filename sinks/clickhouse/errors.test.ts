import { describe, expect, it } from 'vitest';
import { classify } from '../../operators/errors.ts';
import { classifyClickHouse, classifyClickHouseError, ClickHouseSinkError, serverCodeOf } from './errors.ts';

const withCode = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });
/** 18.16's shape: the code only in the message. */
const old = (code: number) => withCode(`Code: ${code}, e.displayText() = DB::Exception: something`);
/** A current server's shape: the code as text in `code`. */
const current = (code: number) => withCode(`Code: ${code}. DB::Exception: something`, String(code));

describe('classifyClickHouseError by server exception code (ErrorCodes.cpp)', () => {
  it.each([
    [6, 'CANNOT_PARSE_TEXT', 'permanent'],
    [26, 'CANNOT_PARSE_QUOTED_STRING', 'permanent'],
    [27, 'CANNOT_PARSE_INPUT_ASSERTION_FAILED', 'permanent'],
    [41, 'CANNOT_PARSE_DATETIME', 'permanent'],
    [53, 'TYPE_MISMATCH', 'permanent'],
    [70, 'CANNOT_CONVERT_TYPE', 'permanent'],
    [72, 'CANNOT_PARSE_NUMBER', 'permanent'],
    [117, 'INCORRECT_DATA', 'permanent'],
    [131, 'TOO_LARGE_STRING_SIZE', 'permanent'],
    [321, 'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE', 'permanent'],
    [349, 'CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN', 'permanent'],
    [3, 'UNEXPECTED_END_OF_FILE', 'transient'],
    [202, 'TOO_MANY_SIMULTANEOUS_QUERIES', 'transient'],
    [203, 'NO_FREE_CONNECTION', 'transient'],
    [209, 'SOCKET_TIMEOUT', 'transient'],
    [210, 'NETWORK_ERROR', 'transient'],
    [242, 'TABLE_IS_READ_ONLY', 'transient'],
    [243, 'NOT_ENOUGH_SPACE', 'transient'],
    [252, 'TOO_MANY_PARTS', 'transient'],
    [285, 'TOO_FEW_LIVE_REPLICAS', 'transient'],
    [319, 'UNKNOWN_STATUS_OF_INSERT', 'transient'],
    [999, 'KEEPER_EXCEPTION', 'transient'],
    [1000, 'POCO_EXCEPTION', 'transient'],
    [159, 'TIMEOUT_EXCEEDED', 'retryable'],
    [160, 'TOO_SLOW', 'retryable'],
    [173, 'CANNOT_ALLOCATE_MEMORY (a large batch: its halves pass)', 'retryable'],
    [241, 'MEMORY_LIMIT_EXCEEDED (for query: a large batch, its halves pass)', 'retryable'],
    [394, 'QUERY_WAS_CANCELLED', 'retryable'],
    [425, 'SYSTEM_ERROR', 'retryable'],
    [49, 'LOGICAL_ERROR (not listed: isolation decides)', 'retryable'],
    [16, 'NO_SUCH_COLUMN_IN_TABLE', 'configuration'],
    [60, 'UNKNOWN_TABLE', 'configuration'],
    [62, 'SYNTAX_ERROR', 'configuration'],
    [81, 'UNKNOWN_DATABASE', 'configuration'],
    [164, 'READONLY', 'configuration'],
    [192, 'UNKNOWN_USER', 'configuration'],
    [193, 'WRONG_PASSWORD', 'configuration'],
    [291, 'DATABASE_ACCESS_DENIED', 'configuration'],
    [497, 'ACCESS_DENIED', 'configuration'],
    [516, 'AUTHENTICATION_FAILED', 'configuration'],
  ] as const)('%i %s → %s', (code, _name, classification) => {
    for (const error of [old(code), current(code)]) {
      expect(serverCodeOf(error)).toBe(code);
      expect(classifyClickHouse(error)).toBe(classification);
      const classified = classifyClickHouseError(error, 'insert');
      expect(classified).toBeInstanceOf(ClickHouseSinkError);
      expect(classified).toMatchObject({ classification, retriable: classification !== 'permanent', serverCode: code, cause: error, code: 'SWY_CLICKHOUSE' });
      expect(classify(classified)).toBe(classification);
    }
  });

  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:8123', 'ECONNREFUSED'), 'transient'],
    ['socket hang up', withCode('socket hang up', 'ECONNRESET'), 'transient'],
    ['fetch failed, refused underneath', new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }), 'transient'],
    ['a proxy 502 page', withCode('<html><body>502 Bad Gateway</body></html>'), 'transient'],
    ['a proxy 503 page', withCode('<html><head><title>503 Service Temporarily Unavailable</title></head></html>'), 'transient'],
    ['client timeout (a slow insert may be its batch)', withCode('Timeout error.'), 'retryable'],
    ['a plain 500 page (unplaceable)', withCode('<html><body>500 Internal Server Error</body></html>'), 'retryable'],
  ] as const)('%s → %s, no server code', (_name, error, classification) => {
    expect(classifyClickHouseError(error, 'insert')).toMatchObject({ classification, serverCode: undefined });
  });

  it.each([
    [241, 'Code: 241. DB::Exception: Memory limit (total) exceeded: would use 3.51 GiB (attempt to allocate chunk of 4219924 bytes), maximum: 3.48 GiB. (MEMORY_LIMIT_EXCEEDED)'],
    [173, 'Code: 173. DB::Exception: Cannot allocate memory: Memory limit (total) exceeded. (CANNOT_ALLOCATE_MEMORY)'],
  ] as const)('%i for the server’s total memory is transient: no batch of ours is why', (code, message) => {
    expect(classifyClickHouse(withCode(message, String(code)))).toBe('transient');
    expect(classifyClickHouse(withCode(message.replace('(total)', '(for query)'), String(code)))).toBe('retryable');
  });

  it('names the code in the message and keeps an error it already classified', () => {
    const once = classifyClickHouseError(old(81), 'insert');
    expect(once.message).toMatch(/^ClickHouse insert failed \(configuration, code 81\) — the store's setup, not the record/);
    expect(classifyClickHouseError(once, 'again')).toBe(once);
  });
});
