/**
 * The ClickHouse sink's configuration, from the environment, checked at start (STYLE.md 8):
 * a wrong value stops the worker with the variable's name and what it must be, instead of
 * failing at the first batch.
 *
 * | variable | default | |
 * |---|---|---|
 * | CLICKHOUSE_URL | http://127.0.0.1:8123 | HTTP(S) endpoint; the local stack's by default |
 * | CLICKHOUSE_USER | default | |
 * | CLICKHOUSE_PASSWORD | (empty) | secret: never logged |
 * | CLICKHOUSE_DATABASE | switchyard | created by init() if missing |
 * | CLICKHOUSE_REQUEST_TIMEOUT_MS | 30000 | per HTTP request |
 */
import { z } from 'zod';
import { loadFromSpec } from '../configSpec.ts';
import { isIdentifier } from './quote.ts';

export interface ClickHouseConfig {
  readonly url: string;
  readonly username: string;
  /** Secret. */
  readonly password: string;
  readonly database: string;
  readonly requestTimeoutMs: number;
}

/** The spec: each variable with its description, default and whether it is a secret. */
export const clickhouseConfigSpec = {
  CLICKHOUSE_URL: { description: 'ClickHouse HTTP(S) endpoint, e.g. https://abc.clickhouse.cloud:8443', default: 'http://127.0.0.1:8123', secret: false },
  CLICKHOUSE_USER: { description: 'User to connect as', default: 'default', secret: false },
  CLICKHOUSE_PASSWORD: { description: "That user's password", default: '', secret: true },
  CLICKHOUSE_DATABASE: { description: 'Database holding events, metric samples and the DORA aggregates (created by init)', default: 'switchyard', secret: false },
  CLICKHOUSE_REQUEST_TIMEOUT_MS: { description: 'Timeout of one HTTP request, in milliseconds', default: '30000', secret: false },
} as const;

export type ClickHouseVariable = keyof typeof clickhouseConfigSpec;

const schema = z.object({
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  CLICKHOUSE_USER: z.string().min(1, 'must not be empty'),
  CLICKHOUSE_PASSWORD: z.string(),
  // The name is put into DDL and queries as is (identifiers cannot be parameters even on a new server).
  CLICKHOUSE_DATABASE: z.string().refine(isIdentifier, 'must be a plain identifier: letters, digits and _, not starting with a digit'),
  CLICKHOUSE_REQUEST_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(100, 'must be at least 100').max(600_000, 'must be at most 600000'),
});

export class ClickHouseConfigError extends Error {
  override readonly name = 'ClickHouseConfigError';
}

/** Reads and checks the configuration; throws a ClickHouseConfigError naming every bad variable. */
export function loadClickHouseConfig(env: Readonly<Record<string, string | undefined>> = process.env): ClickHouseConfig {
  const c = loadFromSpec(clickhouseConfigSpec, schema, env, ClickHouseConfigError, 'ClickHouse');
  return { url: c.CLICKHOUSE_URL, username: c.CLICKHOUSE_USER, password: c.CLICKHOUSE_PASSWORD, database: c.CLICKHOUSE_DATABASE, requestTimeoutMs: c.CLICKHOUSE_REQUEST_TIMEOUT_MS };
}

/** The configuration as it may be logged: the secret replaced. */
export function redactedConfig(config: ClickHouseConfig): Record<string, string | number> {
  return { ...config, password: config.password === '' ? '' : '<redacted>' };
}
