/**
 * The access layer's read-only principal for ClickHouse (access/): a client connected as
 * CLICKHOUSE_READER_USER, never the sink's user, whose guard the SERVER enforces.
 *
 * At first use it reads the user's own `readonly` (`system.settings`; 18.16 has no getSetting):
 * - `1` (the local stack's switchyard_reader, scripts/stack/services/clickhouseUsers.ts): send NO
 *   settings. Its profile holds the limits, and a readonly=1 user may not override one per query
 *   ("Cannot override setting … in readonly mode", verified). Writes, DDL, SYSTEM, SET, table
 *   functions (url(), file(), remote()) and KILL of another user's query: Code 164.
 * - `0`: send `readonly=1` and the limits with every query (accepted from a readonly=0 user in one
 *   request, verified); refused when it is CLICKHOUSE_USER itself, because readonly=1 only stops
 *   killing ANOTHER user's queries: the writer reading with readonly=1 could KILL the sink's inserts (verified).
 * - `2`: refused. It allows table functions: url() made the server connect (SSRF), file() read files.
 *
 * Response compression stays OFF: with it the client adds `enable_http_compression=1`, a setting a
 * readonly=1 user may not send. `queries` are the store's own (queries.ts) over a client whose
 * every `query` carries the guard's settings and which refuses `command`, `exec` and `insert`, so
 * a future query in queries.ts cannot bypass the guard either.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { ErrorCodes } from '../../operators/errors.ts';
import { AccessError } from '../../access/errors.ts';
import type { AccessLimits } from '../../access/question.ts';
import type { OpenReader } from '../store.ts';
import { DEFAULT_READER_USER, type ClickHouseConfig } from './config.ts';
import { clickhouseQueries, type ClickHouseQueries } from './queries.ts';
import { selectRows } from './selectRows.ts';

/** What ClickHouse questions read through: the catalogue's queries, and rows of one fixed SELECT, both as the reader user. */
export interface ClickHouseReader {
  readonly queries: ClickHouseQueries;
  readonly database: string;
  rows<T = Record<string, unknown>>(query: string): Promise<T[]>;
  /**
   * At most `count` rows of `query`, read as they stream and the rest left unread (the raw tool).
   * Errors are the server's own (18.16: plain Errors whose message starts `Code: N,`).
   */
  firstRows(query: string, count: number): Promise<{ rows: Record<string, unknown>[]; more: boolean }>;
}

/** Most rows any reader query returns when the guard sends the limits itself (the local reader's profile says the same). */
export const READER_MAX_RESULT_ROWS = 100_000;
/** Reads at once: the store's concurrency in the access layer. */
export const READER_CONCURRENCY = 8;

/** The settings every reader query sends for a user whose `readonly` is `readonly`, or why that user may not read. Pure, for the unit tests. */
export function readerSettings(readonly: string, reader: string, writer: string, limits: Pick<AccessLimits, 'timeoutMs'>): { settings: ClickHouseSettings } | { refusal: string } {
  switch (readonly) {
    case '1':
      return { settings: {} };
    case '0':
      if (reader === writer) return { refusal: `CLICKHOUSE_READER_USER is CLICKHOUSE_USER (${reader}), whose readonly is 0: even with readonly=1 per query it could KILL the sink's queries. Give the access layer a user of its own, best with readonly=1 in its profile` };
      return { settings: { readonly: '1', max_execution_time: Math.max(1, Math.ceil(limits.timeoutMs / 1000)), max_result_rows: String(READER_MAX_RESULT_ROWS), result_overflow_mode: 'throw' } };
    case '2':
      return { refusal: `CLICKHOUSE_READER_USER ${reader} has readonly=2, which allows table functions (url(), file(): the server fetches URLs and reads files). Give it readonly=1` };
    default:
      return { refusal: `CLICKHOUSE_READER_USER ${reader}: readonly is "${readonly}", expected 0, 1 or 2` };
  }
}

export function openClickHouseReader(config: ClickHouseConfig, limits: AccessLimits): OpenReader<ClickHouseReader> & { readonly concurrency: number } {
  const readerUser = config.readerUsername ?? DEFAULT_READER_USER;
  const client = createClient({
    url: config.url,
    username: readerUser,
    password: config.readerPassword ?? '',
    database: config.database,
    // The server stops the query (max_execution_time); this only bounds a connection that hangs.
    request_timeout: limits.timeoutMs + 5_000,
    compression: { request: false, response: false },
    max_open_connections: READER_CONCURRENCY,
    log: { level: ClickHouseLogLevel.OFF },
  });

  let guard: Promise<ClickHouseSettings> | undefined;
  const settings = (): Promise<ClickHouseSettings> => {
    guard ??= (async () => {
      const [row] = await selectRows<{ value: string }>(client, "SELECT value FROM system.settings WHERE name = 'readonly'", 'reading the reader’s readonly');
      const decided = readerSettings(String(row?.value ?? ''), readerUser, config.username, limits);
      if ('refusal' in decided) throw new AccessError(decided.refusal, ErrorCodes.accessStoreUnavailable, { store: 'clickhouse' });
      return decided.settings;
    })().catch((error: unknown) => {
      // A refusal or an outage is asked again next time (the operator may fix the user).
      guard = undefined;
      throw error;
    });
    return guard;
  };

  const guarded = guardedClient(client, settings);
  const reader: ClickHouseReader = {
    queries: clickhouseQueries(guarded, config.database),
    database: config.database,
    rows: <T>(query: string) => selectRows<T>(guarded, query),
    firstRows: async (query, count) => {
      const result = await guarded.query({ query, format: 'JSONEachRow' });
      const rows: Record<string, unknown>[] = [];
      const stream = result.stream<Record<string, unknown>>();
      try {
        for await (const batch of stream) {
          for (const row of batch as { json(): Record<string, unknown> }[]) {
            if (rows.length === count) return { rows, more: true };
            rows.push(row.json());
          }
        }
      } finally {
        // Leaving early closes the response: the server stops sending.
        result.close();
      }
      return { rows, more: false };
    },
  };

  return {
    reader,
    concurrency: READER_CONCURRENCY,
    check: async () => {
      await settings();
      await selectRows(guarded, 'SELECT 1 AS ok', 'health check');
    },
    close: () => client.close(),
  };
}

/**
 * `client` with the guard's settings on every `query` (awaited first, so nothing is sent before
 * the user is checked) and every other way to send a statement refused.
 */
function guardedClient(client: ClickHouseClient, settings: () => Promise<ClickHouseSettings>): ClickHouseClient {
  const refuse = (method: string) => () => Promise.reject(new Error(`the ClickHouse reader only queries; ${method} is not for the access layer`));
  return new Proxy(client, {
    get(target, property) {
      if (property === 'query') {
        return async (params: Parameters<ClickHouseClient['query']>[0]) => target.query({ ...params, clickhouse_settings: { ...params.clickhouse_settings, ...(await settings()) } });
      }
      if (property === 'command' || property === 'exec' || property === 'insert') return refuse(property);
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
