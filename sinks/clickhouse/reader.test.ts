import { describe, expect, it } from 'vitest';
import { openClickHouseReader, readerSettings } from './reader.ts';

const limits = { timeoutMs: 7_500 };

describe('readerSettings: what the ClickHouse reader sends, by its user’s readonly', () => {
  it('readonly=1: sends nothing (such a user may not override a setting; its profile holds the limits)', () => {
    expect(readerSettings('1', 'switchyard_reader', 'default', limits)).toEqual({ settings: {} });
  });

  it('readonly=0, a user of its own: readonly=1 and the limits on every query', () => {
    expect(readerSettings('0', 'analyst', 'default', limits)).toEqual({ settings: { readonly: '1', max_execution_time: 8, max_result_rows: '100000', result_overflow_mode: 'throw' } });
  });

  it('readonly=0 as the writer itself: refused (it could KILL the sink’s queries)', () => {
    expect(readerSettings('0', 'default', 'default', limits)).toEqual({ refusal: expect.stringMatching(/^CLICKHOUSE_READER_USER is CLICKHOUSE_USER \(default\).*KILL/) });
  });

  it('readonly=2: refused (table functions: url(), file())', () => {
    expect(readerSettings('2', 'analyst', 'default', limits)).toEqual({ refusal: expect.stringMatching(/CLICKHOUSE_READER_USER analyst has readonly=2.*url\(\)/) });
  });

  it('anything else: refused, saying what was read', () => {
    expect(readerSettings('', 'analyst', 'default', limits)).toEqual({ refusal: expect.stringContaining('readonly is ""') });
  });
});

describe('openClickHouseReader', () => {
  it('opens nothing until it is used', async () => {
    const opened = openClickHouseReader({ url: 'http://127.0.0.1:1', username: 'default', password: '', database: 'switchyard', requestTimeoutMs: 1_000 }, { rowCap: 10, maxTopK: 5, timeoutMs: 1_000 });
    expect(opened.reader.database).toBe('switchyard');
    expect(opened.concurrency).toBe(8);
    await opened.close();
  });
});
