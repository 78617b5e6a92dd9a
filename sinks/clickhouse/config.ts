/**
 * The ClickHouse store's configuration section: its variables with descriptions and defaults,
 * read and checked at start (STYLE.md 8), every bad variable a problem naming it and what it must
 * be, instead of a failure at the first batch. The URL and user default to the local stack's
 * (config/endpoints.ts, which follows SWITCHYARD_CLICKHOUSE_HTTP_PORT).
 */
import { z } from 'zod';
import { localStack } from '../../config/endpoints.ts';
import { readObject, readSection, REDACTED, type ConfigSection, type Env, type Setting, type Plain, redactUrl, URL_KINDS, urlSetting } from '../../config/spec.ts';
import { isIdentifier } from './quote.ts';

export interface ClickHouseConfig {
  readonly url: string;
  readonly username: string;
  /** Secret. */
  readonly password: string;
  readonly database: string;
  readonly requestTimeoutMs: number;
  /**
   * The access layer's user (reader.ts), never the sink's: CLICKHOUSE_READER_USER (default
   * `switchyard_reader`, the local stack's). Optional so a config written by hand (tests, benches) needs none.
   */
  readonly readerUsername?: string;
  /** Secret. */
  readonly readerPassword?: string;
  /**
   * The raw tool's user (reader.ts `raw`): CLICKHOUSE_RAW_USER (default `switchyard_raw`), neither
   * the reader's nor the sink's, because a user may KILL its own user's queries.
   */
  readonly rawUsername?: string;
  /** Secret. */
  readonly rawPassword?: string;
}

/** The local stack's read-only user (scripts/stack/services/clickhouseUsers.ts), CLICKHOUSE_READER_USER's default. */
export const DEFAULT_READER_USER = 'switchyard_reader';

/** The local stack's user of the raw tool, CLICKHOUSE_RAW_USER's default. */
export const DEFAULT_RAW_USER = 'switchyard_raw';

/** The database a deployment writes when CLICKHOUSE_DATABASE is unset. */
export const DEFAULT_DATABASE = 'switchyard';

const SETTINGS: readonly Setting[] = [
  { name: 'CLICKHOUSE_URL', description: 'ClickHouse HTTP(S) endpoint', default: localStack.clickhouse.url, example: 'https://abc.clickhouse.cloud:8443' },
  { name: 'CLICKHOUSE_USER', description: 'User to connect as', default: localStack.clickhouse.username },
  { name: 'CLICKHOUSE_PASSWORD', description: "That user's password (none for the local stack's)", secret: true },
  { name: 'CLICKHOUSE_DATABASE', description: 'Database holding events, metric samples and the DORA aggregates (created by init)', default: DEFAULT_DATABASE },
  {
    name: 'CLICKHOUSE_READER_USER',
    description: 'The access layer reads as this user, never as CLICKHOUSE_USER. Best a user whose profile has readonly=1 and the limits; a readonly=0 user gets readonly=1 per query and must not be CLICKHOUSE_USER (it could KILL the sink’s queries); readonly=2 is refused (it allows url() and file()). See sinks/clickhouse/README.md, Read side',
    default: DEFAULT_READER_USER,
  },
  { name: 'CLICKHOUSE_READER_PASSWORD', description: "The reader's password (none for the local stack's)", secret: true },
  {
    name: 'CLICKHOUSE_RAW_USER',
    description: 'The opt-in raw tool raw_clickhouse_query (SWITCHYARD_ACCESS_RAW_TOOLS) reads as this user: like CLICKHOUSE_READER_USER (readonly=1 and limits in its profile), but neither it nor CLICKHOUSE_USER, since a user may KILL its own user’s queries',
    default: DEFAULT_RAW_USER,
  },
  { name: 'CLICKHOUSE_RAW_PASSWORD', description: "The raw tool user's password (none for the local stack's)", secret: true },
  { name: 'CLICKHOUSE_REQUEST_TIMEOUT_MS', description: 'Timeout of one HTTP request, in milliseconds', default: '30000' },
];

const schema = z.object({
  CLICKHOUSE_URL: urlSetting(URL_KINDS.http),
  CLICKHOUSE_USER: z.string().min(1, 'must not be empty'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  // The name is put into DDL and queries as is (identifiers cannot be parameters even on a new server).
  CLICKHOUSE_DATABASE: z.string().refine(isIdentifier, 'must be a plain identifier: letters, digits and _, not starting with a digit'),
  CLICKHOUSE_READER_USER: z.string().regex(/^[\w.@-]+$/, 'must be a user name: letters, digits, _ . @ -'),
  CLICKHOUSE_READER_PASSWORD: z.string().default(''),
  CLICKHOUSE_RAW_USER: z.string().regex(/^[\w.@-]+$/, 'must be a user name: letters, digits, _ . @ -'),
  CLICKHOUSE_RAW_PASSWORD: z.string().default(''),
  CLICKHOUSE_REQUEST_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(100, 'must be at least 100').max(600_000, 'must be at most 600000'),
});

export const clickhouseConfig: ConfigSection<ClickHouseConfig> = {
  title: 'ClickHouse',
  settings: SETTINGS,
  read(env, problems) {
    const c = readObject(SETTINGS, schema, env, problems);
    return c && { url: c.CLICKHOUSE_URL, username: c.CLICKHOUSE_USER, password: c.CLICKHOUSE_PASSWORD, database: c.CLICKHOUSE_DATABASE, requestTimeoutMs: c.CLICKHOUSE_REQUEST_TIMEOUT_MS, readerUsername: c.CLICKHOUSE_READER_USER, readerPassword: c.CLICKHOUSE_READER_PASSWORD, rawUsername: c.CLICKHOUSE_RAW_USER, rawPassword: c.CLICKHOUSE_RAW_PASSWORD };
  },
};

/** The section read alone (tests, one-purpose commands); a ConfigError lists every bad variable. */
export const loadClickHouseConfig = (env: Env = process.env): ClickHouseConfig => readSection(clickhouseConfig, env);

/** The configuration as it may be logged: the password, and any written into the URL, replaced. */
export function redactedConfig(config: ClickHouseConfig): Readonly<Record<string, Plain>> {
  return { url: redactUrl(config.url), username: config.username, password: config.password === '' ? '' : REDACTED, database: config.database, requestTimeoutMs: config.requestTimeoutMs, readerUsername: config.readerUsername ?? DEFAULT_READER_USER, readerPassword: (config.readerPassword ?? '') === '' ? '' : REDACTED, rawUsername: config.rawUsername ?? DEFAULT_RAW_USER, rawPassword: (config.rawPassword ?? '') === '' ? '' : REDACTED };
}

