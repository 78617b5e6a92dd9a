/**
 * The access layer's read-only principal for ClickHouse (access/): a client connected as
 * CLICKHOUSE_READER_USER, never the sink's user, whose guard the SERVER enforces.
 *
 * At first use it reads the user's own `readonly` and limits (`system.settings`; 18.16 has no getSetting):
 * - `1` (the local stack's switchyard_reader, scripts/stack/services/clickhouseUsers.ts): send NO
 *   settings. Its profile holds the limits, and a readonly=1 user may not override one per query
 *   ("Cannot override setting … in readonly mode", verified). Writes, DDL, SYSTEM, SET, table
 *   functions (url(), file(), remote()) and KILL of another user's query: Code 164. So
 *   SWITCHYARD_ACCESS_TIMEOUT_MS cannot reach the server: a profile without max_execution_time
 *   (0) is refused, one above the access timeout is warned of.
 * - `0`: send `readonly=1` and the limits with every query (accepted from a readonly=0 user in one
 *   request, verified); refused when it is CLICKHOUSE_USER itself, because readonly=1 only stops
 *   killing ANOTHER user's queries: the writer reading with readonly=1 could KILL the sink's inserts (verified).
 * - `2`: refused. It allows table functions: url() made the server connect (SSRF), file() read files.
 *
 * The raw tool (rawQuery.ts) reads through `raw`: the same guard as ANOTHER user,
 * CLICKHOUSE_RAW_USER (`switchyard_raw`), because readonly=1 still lets a user KILL its own
 * user's queries (verified): as the reader's own user, a raw `KILL QUERY WHERE user =
 * 'switchyard_reader'` ended a catalogue question's query.
 *
 * The server's timeout (Code 159) answers as the access layer's timeout (504), and its
 * max_result_rows (Code 396) as a refusal naming the limit, for the catalogue and the raw tool.
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
import type { OpenReader, ReaderWarning } from '../store.ts';
import { DEFAULT_RAW_USER, DEFAULT_READER_USER, type ClickHouseConfig } from './config.ts';
import { ClickHouseSinkError, serverCodeOf } from './errors.ts';
import { clickhouseQueries, type ClickHouseQueries } from './queries.ts';
import { selectRows } from './selectRows.ts';

/** Free text through the raw tool's user: at most `count` rows of `query`, read as they stream and the rest left unread. */
export interface ClickHouseRawReader {
  /** Errors are the server's own (18.16: plain Errors whose message starts `Code: N,`), but for its limits' (159, 396: AccessErrors). */
  firstRows(query: string, count: number): Promise<{ rows: Record<string, unknown>[]; more: boolean }>;
}

/** What ClickHouse questions read through: the catalogue's queries, and rows of one fixed SELECT, both as the reader user. */
export interface ClickHouseReader {
  readonly queries: ClickHouseQueries;
  readonly database: string;
  rows<T = Record<string, unknown>>(query: string): Promise<T[]>;
  /** The raw tool's reader: CLICKHOUSE_RAW_USER, never the catalogue's user (it could KILL the catalogue's queries). */
  readonly raw: ClickHouseRawReader;
}

/**
 * Most rows any reader query returns when the guard sends the limits itself (the local reader's
 * profile says the same). A million, not the row cap: some catalogue reads (readFacts) have no
 * LIMIT and are cut after, and the raw tool stops reading at its own cap while the server streams;
 * this only stops a runaway result, with max_execution_time and max_memory_usage.
 */
export const READER_MAX_RESULT_ROWS = 1_000_000;
/** Reads at once: the store's concurrency in the access layer. */
export const READER_CONCURRENCY = 8;
/** The raw tool's connections (it shares the store's concurrency with the catalogue). */
const RAW_CONNECTIONS = 4;

/** Which variable names a user, for the messages. */
export type ReaderVariable = 'CLICKHOUSE_READER_USER' | 'CLICKHOUSE_RAW_USER';

/** The user's own settings, as system.settings answers them. */
export interface ReaderProfile {
  readonly readonly: string;
  /** Seconds; 0: no bound. */
  readonly maxExecutionTime: number;
  /** 0: no bound. */
  readonly maxResultRows: number;
  /** Bytes; 0: no bound. */
  readonly maxMemoryUsage: number;
}

/** What the guard decided: the settings every query sends, the limits that then hold, and what an operator should know. */
export interface ReaderDecision {
  readonly settings: ClickHouseSettings;
  /** The limits in force (the profile's, or the ones sent). */
  readonly limits: Pick<ReaderProfile, 'maxExecutionTime' | 'maxResultRows'>;
  readonly warnings: readonly string[];
}

/** The settings every reader query sends for a user with `profile`, or why that user may not read. Pure, for the unit tests. */
export function readerSettings(profile: ReaderProfile, variable: ReaderVariable, user: string, writer: string, limits: Pick<AccessLimits, 'timeoutMs'>): ReaderDecision | { refusal: string } {
  const timeoutSeconds = Math.max(1, Math.ceil(limits.timeoutMs / 1000));
  switch (profile.readonly) {
    case '1': {
      if (profile.maxExecutionTime <= 0) return { refusal: `${variable} ${user} has max_execution_time 0: no server-side bound on a query, and a readonly=1 user cannot be sent one. Set max_execution_time in the user's profile (at most SWITCHYARD_ACCESS_TIMEOUT_MS, ${timeoutSeconds} s)` };
      const warnings = profile.maxExecutionTime > timeoutSeconds
        ? [`${variable} ${user}'s max_execution_time (${profile.maxExecutionTime} s) is longer than SWITCHYARD_ACCESS_TIMEOUT_MS (${limits.timeoutMs} ms): a question given up on keeps running on the server until then. Lower it in the user's profile`]
        : [];
      return { settings: {}, limits: { maxExecutionTime: profile.maxExecutionTime, maxResultRows: profile.maxResultRows }, warnings };
    }
    case '0':
      if (user === writer) return { refusal: `${variable} is CLICKHOUSE_USER (${user}), whose readonly is 0: even with readonly=1 per query it could KILL the sink's queries. Give the access layer a user of its own, best with readonly=1 in its profile` };
      return {
        settings: { readonly: '1', max_execution_time: timeoutSeconds, max_result_rows: String(READER_MAX_RESULT_ROWS), result_overflow_mode: 'throw' },
        limits: { maxExecutionTime: timeoutSeconds, maxResultRows: READER_MAX_RESULT_ROWS },
        warnings: [],
      };
    case '2':
      return { refusal: `${variable} ${user} has readonly=2, which allows table functions (url(), file(): the server fetches URLs and reads files). Give it readonly=1` };
    default:
      return { refusal: `${variable} ${user}: readonly is "${profile.readonly}", expected 0, 1 or 2` };
  }
}

/** Why the raw tool's user may not be the one configured, or undefined. Pure, for the unit tests. */
export function rawUserRefusal(raw: string, reader: string, writer: string): string | undefined {
  if (raw === reader) return `CLICKHOUSE_RAW_USER is CLICKHOUSE_READER_USER (${raw}): a user may KILL its own user's queries, so the raw tool could end the catalogue's. Give the raw tool a user of its own (the local stack's: switchyard_raw)`;
  if (raw === writer) return `CLICKHOUSE_RAW_USER is CLICKHOUSE_USER (${raw}): the raw tool could KILL the sink's queries. Give the raw tool a user of its own (the local stack's: switchyard_raw)`;
  return undefined;
}

/** A server limit's error as the access layer answers it: 159 → timeout (504), 396 → a refusal naming max_result_rows; any other unchanged. */
export function readerError(error: unknown, variable: ReaderVariable, user: string, limits: ReaderDecision['limits'] | undefined): unknown {
  const code = error instanceof ClickHouseSinkError ? error.serverCode : serverCodeOf(error);
  if (code === 159) {
    const bound = limits === undefined ? 'max_execution_time' : `max_execution_time, ${limits.maxExecutionTime} s`;
    return new AccessError(`ClickHouse stopped the query at ${variable} ${user}'s time limit (${bound}; Code 159)`, ErrorCodes.accessTimeout, {}, error);
  }
  if (code === 396) {
    const bound = limits === undefined ? 'max_result_rows' : `max_result_rows, ${limits.maxResultRows}`;
    return new AccessError(`ClickHouse refused a result longer than ${variable} ${user}'s row limit (${bound}; Code 396): ask for fewer rows, or raise max_result_rows in the user's profile`, ErrorCodes.accessRefused, {}, error);
  }
  return error;
}

const PROFILE_SQL = "SELECT name, value FROM system.settings WHERE name IN ('readonly', 'max_execution_time', 'max_result_rows', 'max_memory_usage')";

/** A guarded client as `user`: every query carries the guard's settings, decided once it passes; errors mapped by `readerError`. */
interface Guarded {
  readonly client: ClickHouseClient;
  decision(): Promise<ReaderDecision>;
  mapError(error: unknown): unknown;
  close(): Promise<void>;
}

/** Which user a guarded client reads as, and what it must satisfy first. */
interface Principal {
  readonly variable: ReaderVariable;
  readonly user: string;
  readonly password: string;
  readonly connections: number;
  readonly precondition?: () => string | undefined;
}

function openGuarded(config: ClickHouseConfig, limits: AccessLimits, warn: ReaderWarning, { variable, user, password, connections, precondition }: Principal): Guarded {
  const client = createClient({
    url: config.url,
    username: user,
    password,
    database: config.database,
    // The server stops the query (max_execution_time); this only bounds a connection that hangs.
    request_timeout: limits.timeoutMs + 5_000,
    compression: { request: false, response: false },
    max_open_connections: connections,
    log: { level: ClickHouseLogLevel.OFF },
  });
  let guard: Promise<ReaderDecision> | undefined;
  let known: ReaderDecision['limits'] | undefined;
  const decision = (): Promise<ReaderDecision> => {
    guard ??= (async () => {
      const refusal = precondition?.();
      if (refusal !== undefined) throw new AccessError(refusal, ErrorCodes.accessStoreUnavailable, { store: 'clickhouse' });
      const rows = await selectRows<{ name: string; value: string }>(client, PROFILE_SQL, `reading ${variable}'s settings`);
      const value = (name: string) => rows.find((row) => row.name === name)?.value ?? '';
      const profile: ReaderProfile = { readonly: value('readonly'), maxExecutionTime: Number(value('max_execution_time')), maxResultRows: Number(value('max_result_rows')), maxMemoryUsage: Number(value('max_memory_usage')) };
      const decided = readerSettings(profile, variable, user, config.username, limits);
      if ('refusal' in decided) throw new AccessError(decided.refusal, ErrorCodes.accessStoreUnavailable, { store: 'clickhouse' });
      // Known only now, after the first read asked the server.
      for (const message of decided.warnings) warn(message);
      known = decided.limits;
      return decided;
    })().catch((error: unknown) => {
      // A refusal or an outage is asked again next time (the operator may fix the user).
      guard = undefined;
      throw error;
    });
    return guard;
  };
  return {
    client: guardedClient(client, async () => (await decision()).settings),
    decision,
    mapError: (error) => readerError(error, variable, user, known),
    close: () => client.close(),
  };
}

export function openClickHouseReader(config: ClickHouseConfig, limits: AccessLimits, warn: ReaderWarning): OpenReader<ClickHouseReader> & { readonly concurrency: number } {
  const readerUser = config.readerUsername ?? DEFAULT_READER_USER;
  const rawUser = config.rawUsername ?? DEFAULT_RAW_USER;
  const catalogue = openGuarded(config, limits, warn, { variable: 'CLICKHOUSE_READER_USER', user: readerUser, password: config.readerPassword ?? '', connections: READER_CONCURRENCY });
  // Opened (and checked) on the raw tool's first call only: a server without the raw tool needs no such user.
  const raw = openGuarded(config, limits, warn, { variable: 'CLICKHOUSE_RAW_USER', user: rawUser, password: config.rawPassword ?? '', connections: RAW_CONNECTIONS, precondition: () => rawUserRefusal(rawUser, readerUser, config.username) });

  const reader: ClickHouseReader = {
    queries: mapErrors(clickhouseQueries(catalogue.client, config.database), catalogue.mapError),
    database: config.database,
    rows: <T>(query: string) => selectRows<T>(catalogue.client, query).catch((error: unknown) => { throw catalogue.mapError(error); }),
    raw: {
      firstRows: async (query, count) => {
        try {
          return await firstRows(raw.client, query, count);
        } catch (error) {
          throw raw.mapError(error);
        }
      },
    },
  };

  return {
    reader,
    concurrency: READER_CONCURRENCY,
    check: async () => {
      await catalogue.decision();
      await selectRows(catalogue.client, 'SELECT 1 AS ok', 'health check');
    },
    close: async () => {
      await Promise.all([catalogue.close(), raw.close()]);
    },
  };
}

/** At most `count` rows of `query`, read as they stream; leaving early closes the response, so the server stops sending. */
async function firstRows(client: ClickHouseClient, query: string, count: number): Promise<{ rows: Record<string, unknown>[]; more: boolean }> {
  const result = await client.query({ query, format: 'JSONEachRow' });
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
    result.close();
  }
  return { rows, more: false };
}

/** `target` whose every method's rejection goes through `map` (the catalogue's queries: a server limit answers as the access layer's). */
function mapErrors<T extends object>(target: T, map: (error: unknown) => unknown): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
        return result instanceof Promise ? result.catch((error: unknown) => { throw map(error); }) : result;
      };
    },
  });
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
