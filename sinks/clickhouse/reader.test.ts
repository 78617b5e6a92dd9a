import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../operators/errors.ts';
import { AccessError } from '../../access/errors.ts';
import { openClickHouseReader, rawUserRefusal, readerError, readerSettings, type ReaderProfile } from './reader.ts';
import { ClickHouseSinkError } from './errors.ts';

const limits = { timeoutMs: 7_500 };
const profile: ReaderProfile = { readonly: '1', maxExecutionTime: 5, maxResultRows: 1_000_000, maxMemoryUsage: 2e9 };
const decide = (p: Partial<ReaderProfile>, user = 'switchyard_reader', writer = 'default') => readerSettings({ ...profile, ...p }, 'CLICKHOUSE_READER_USER', user, writer, limits);

describe('readerSettings: what the ClickHouse reader sends, by its user’s readonly and limits', () => {
  it('readonly=1 with a time limit within the access timeout: sends nothing, no warning (such a user may not override a setting)', () => {
    expect(decide({})).toEqual({ settings: {}, limits: { maxExecutionTime: 5, maxResultRows: 1_000_000 }, warnings: [] });
  });

  it('readonly=1 without max_execution_time: refused, naming the variable and where to set it', () => {
    expect(decide({ maxExecutionTime: 0 })).toEqual({ refusal: expect.stringMatching(/^CLICKHOUSE_READER_USER switchyard_reader has max_execution_time 0: no server-side bound.*Set max_execution_time in the user's profile/) });
  });

  it('readonly=1 with a time limit longer than SWITCHYARD_ACCESS_TIMEOUT_MS: served, with a warning naming both', () => {
    const decided = decide({ maxExecutionTime: 60 });
    expect(decided).toMatchObject({ settings: {}, limits: { maxExecutionTime: 60 } });
    expect((decided as { warnings: readonly string[] }).warnings).toEqual([expect.stringMatching(/^CLICKHOUSE_READER_USER switchyard_reader's max_execution_time \(60 s\) is longer than SWITCHYARD_ACCESS_TIMEOUT_MS \(7500 ms\)/)]);
  });

  it('readonly=0, a user of its own: readonly=1 and the limits on every query, whatever its profile says', () => {
    expect(decide({ readonly: '0', maxExecutionTime: 0, maxResultRows: 0 }, 'analyst')).toEqual({
      settings: { readonly: '1', max_execution_time: 8, max_result_rows: '1000000', result_overflow_mode: 'throw' },
      limits: { maxExecutionTime: 8, maxResultRows: 1_000_000 },
      warnings: [],
    });
  });

  it('readonly=0 as the writer itself: refused (it could KILL the sink’s queries)', () => {
    expect(decide({ readonly: '0' }, 'default')).toEqual({ refusal: expect.stringMatching(/^CLICKHOUSE_READER_USER is CLICKHOUSE_USER \(default\).*KILL/) });
  });

  it('readonly=2: refused (table functions: url(), file())', () => {
    expect(decide({ readonly: '2' }, 'analyst')).toEqual({ refusal: expect.stringMatching(/CLICKHOUSE_READER_USER analyst has readonly=2.*url\(\)/) });
  });

  it('anything else: refused, saying what was read', () => {
    expect(decide({ readonly: '' }, 'analyst')).toEqual({ refusal: expect.stringContaining('readonly is ""') });
  });

  it('names the raw tool’s variable for the raw tool’s user', () => {
    expect(readerSettings({ ...profile, maxExecutionTime: 0 }, 'CLICKHOUSE_RAW_USER', 'switchyard_raw', 'default', limits)).toEqual({ refusal: expect.stringMatching(/^CLICKHOUSE_RAW_USER switchyard_raw has max_execution_time 0/) });
  });
});

describe('rawUserRefusal: the raw tool’s user is neither the reader’s nor the writer’s', () => {
  it('accepts a user of its own', () => {
    expect(rawUserRefusal('switchyard_raw', 'switchyard_reader', 'default')).toBeUndefined();
  });
  it('refuses the reader’s user (it could KILL the catalogue’s queries), naming both variables', () => {
    expect(rawUserRefusal('switchyard_reader', 'switchyard_reader', 'default')).toMatch(/^CLICKHOUSE_RAW_USER is CLICKHOUSE_READER_USER \(switchyard_reader\).*KILL/);
  });
  it('refuses the writer’s user, naming both variables', () => {
    expect(rawUserRefusal('default', 'switchyard_reader', 'default')).toMatch(/^CLICKHOUSE_RAW_USER is CLICKHOUSE_USER \(default\)/);
  });
});

describe('readerError: the server’s limits as the access layer answers them', () => {
  const known = { maxExecutionTime: 10, maxResultRows: 1_000_000 };
  const server = (code: number) => new Error(`Code: ${code}, e.displayText() = DB::Exception: …, e.what() = DB::Exception`);

  it('Code 159 (plain 18.16 error, or classified by selectRows) → the access timeout', () => {
    for (const error of [server(159), new ClickHouseSinkError('timed out', { classification: 'retryable', cause: server(159), serverCode: 159 })]) {
      const mapped = readerError(error, 'CLICKHOUSE_READER_USER', 'switchyard_reader', known);
      expect(mapped).toBeInstanceOf(AccessError);
      expect((mapped as AccessError).code).toBe(ErrorCodes.accessTimeout);
      expect((mapped as AccessError).message).toMatch(/CLICKHOUSE_READER_USER switchyard_reader's time limit \(max_execution_time, 10 s; Code 159\)/);
    }
  });

  it('Code 396 → a refusal naming the user’s max_result_rows', () => {
    const mapped = readerError(server(396), 'CLICKHOUSE_RAW_USER', 'switchyard_raw', known) as AccessError;
    expect(mapped.code).toBe(ErrorCodes.accessRefused);
    expect(mapped.message).toMatch(/CLICKHOUSE_RAW_USER switchyard_raw's row limit \(max_result_rows, 1000000; Code 396\)/);
  });

  it('any other error unchanged', () => {
    const error = server(164);
    expect(readerError(error, 'CLICKHOUSE_READER_USER', 'switchyard_reader', known)).toBe(error);
  });
});

describe('openClickHouseReader', () => {
  it('opens nothing until it is used', async () => {
    const opened = openClickHouseReader({ url: 'http://127.0.0.1:1', username: 'default', password: '', database: 'switchyard', requestTimeoutMs: 1_000 }, { rowCap: 10, maxTopK: 5, timeoutMs: 1_000 }, () => {});
    expect(opened.reader.database).toBe('switchyard');
    expect(opened.concurrency).toBe(8);
    await opened.close();
  });

  it('the raw tool refuses to read as the reader’s user before sending anything', async () => {
    const opened = openClickHouseReader({ url: 'http://127.0.0.1:1', username: 'default', password: '', database: 'switchyard', requestTimeoutMs: 1_000, readerUsername: 'r', rawUsername: 'r' }, { rowCap: 10, maxTopK: 5, timeoutMs: 1_000 }, () => {});
    try {
      const error = await opened.reader.raw.firstRows('SELECT 1', 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessError);
      expect((error as AccessError).code).toBe(ErrorCodes.accessStoreUnavailable);
      expect((error as AccessError).message).toMatch(/^CLICKHOUSE_RAW_USER is CLICKHOUSE_READER_USER \(r\)/);
    } finally {
      await opened.close();
    }
  });
});
