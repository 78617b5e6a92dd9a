import { describe, expect, it } from 'vitest';
import { classifyClickHouseError, ClickHouseSinkError, serverCodeOf } from './errors.ts';

describe('classifyClickHouseError', () => {
  const withCode = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

  it.each([
    ['18.16 syntax error', withCode('Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 1'), false, 62],
    ['18.16 type error', withCode('Code: 53, e.displayText() = DB::Exception: Type mismatch for column a'), false, 53],
    ['current server, unknown table', withCode('Unknown table expression identifier', '60'), false, 60],
    ['too many parts', withCode('Code: 252. DB::Exception: Too many parts (300). (TOO_MANY_PARTS)', '252'), true, 252],
    ['memory limit', withCode('Code: 241, e.displayText() = DB::Exception: Memory limit (total) exceeded'), true, 241],
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:8123', 'ECONNREFUSED'), true, undefined],
    ['client timeout', withCode('Timeout error.'), true, undefined],
    ['a proxy 502 page', withCode('<html><body>502 Bad Gateway</body></html>'), true, undefined],
  ])('%s', (_name, error, retriable, serverCode) => {
    const classified = classifyClickHouseError(error, 'insert');
    expect(classified).toBeInstanceOf(ClickHouseSinkError);
    expect(classified).toMatchObject({ retriable, serverCode, cause: error, code: 'SWY_CLICKHOUSE' });
    expect(serverCodeOf(error)).toBe(serverCode);
  });

  it('keeps an error it already classified', () => {
    const once = classifyClickHouseError(new Error('x'), 'insert');
    expect(classifyClickHouseError(once, 'again')).toBe(once);
  });
});
