/**
 * The PostgreSQL sink's configuration, from the environment, checked at start (STYLE.md 8): a
 * wrong value stops the worker with the variable's name and what it must be.
 *
 * | variable | default | |
 * |---|---|---|
 * | POSTGRES_URL | the local stack's | postgres:// URL; secret: it carries the password |
 * | POSTGRES_POOL_MAX | 4 | connections per worker; batches are serialized per sink anyway |
 * | POSTGRES_SCHEMA | public | where migrations and data live (tests use one schema each) |
 * | SWITCHYARD_TEAMS_FILE | (none) | JSON file of teams, members, owned projects, hourly rates (teams.ts) |
 */
import { z } from 'zod';
import { loadFromSpec } from '../configSpec.ts';

export interface PostgresConfig {
  /** Secret: contains the password. Log `redactedPostgresConfig`, never this. */
  readonly url: string;
  readonly poolMax: number;
  readonly schema: string;
  /** Path of the teams file; without one, teams are left as they are. */
  readonly teamsFile: string | undefined;
}

/** The spec: each variable with its description, default and whether it is a secret. */
export const postgresConfigSpec = {
  POSTGRES_URL: { description: 'PostgreSQL (Aurora) URL, postgres://user:password@host:5432/db', default: 'postgres://switchyard:switchyard@127.0.0.1:5432/switchyard', secret: true },
  POSTGRES_POOL_MAX: { description: 'Most connections the sink opens', default: '4', secret: false },
  POSTGRES_SCHEMA: { description: 'Schema holding the tables (created by init)', default: 'public', secret: false },
  SWITCHYARD_TEAMS_FILE: { description: 'JSON file with teams, their members and owned projects, applied by init()', default: '', secret: false },
} as const;

export type PostgresVariable = keyof typeof postgresConfigSpec;

/** Put into SET search_path and CREATE SCHEMA as is, so only plain identifiers are accepted. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

const schema = z.object({
  POSTGRES_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }),
  POSTGRES_POOL_MAX: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100'),
  POSTGRES_SCHEMA: z.string().regex(IDENTIFIER, 'must be a lower-case identifier: letters, digits and _, not starting with a digit'),
  SWITCHYARD_TEAMS_FILE: z.string(),
});

export class PostgresConfigError extends Error {
  override readonly name = 'PostgresConfigError';
}

export function isSchemaName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** Reads and checks the configuration; throws a PostgresConfigError naming every bad variable. */
export function loadPostgresConfig(env: Readonly<Record<string, string | undefined>> = process.env): PostgresConfig {
  const c = loadFromSpec(postgresConfigSpec, schema, env, PostgresConfigError, 'PostgreSQL');
  return { url: c.POSTGRES_URL, poolMax: c.POSTGRES_POOL_MAX, schema: c.POSTGRES_SCHEMA, teamsFile: c.SWITCHYARD_TEAMS_FILE === '' ? undefined : c.SWITCHYARD_TEAMS_FILE };
}

/** The configuration as it may be logged: the URL's password replaced. */
export function redactedPostgresConfig(config: PostgresConfig): Record<string, string | number> {
  const url = new URL(config.url);
  if (url.password !== '') url.password = 'redacted';
  return { url: url.toString(), poolMax: config.poolMax, schema: config.schema, teamsFile: config.teamsFile ?? '' };
}
