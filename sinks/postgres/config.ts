/**
 * The PostgreSQL store's configuration section: its variables with descriptions and defaults,
 * read and checked at start (STYLE.md 8), every bad variable a problem naming it and what it must
 * be. The URL defaults to the local stack's (config/endpoints.ts, which follows
 * SWITCHYARD_POSTGRES_PORT). SWITCHYARD_TEAMS_FILE is declared here once; Neo4j reads it too.
 */
import { z } from 'zod';
import { localStack } from '../../config/endpoints.ts';
import { readObject, readSection, type ConfigSection, type Env, type Setting, type Plain, redactUrl, URL_KINDS, urlSetting } from '../../config/spec.ts';

export interface PostgresConfig {
  /** Secret: contains the password. Log `redactedPostgresConfig`, never this. */
  readonly url: string;
  readonly poolMax: number;
  readonly schema: string;
  /** Path of the teams file; without one, teams are left as they are. */
  readonly teamsFile: string | undefined;
  /**
   * Secret (a password inside). The access layer's read-only role (reader.ts), never the sink's:
   * POSTGRES_READER_URL, else `readerUrlFrom(url)`. Optional so a config written by hand (tests,
   * benches) needs none.
   */
  readonly readerUrl?: string;
}

/** The local stack's read-only role (scripts/stack/postgres/readerRole.sql). */
export const READER_ROLE = 'switchyard_reader';

/** POSTGRES_READER_URL's default: POSTGRES_URL's host, port and database, as the role switchyard_reader (password the same), as the local stack has it. */
export function readerUrlFrom(url: string): string {
  try {
    const reader = new URL(url);
    reader.username = READER_ROLE;
    reader.password = READER_ROLE;
    return reader.toString();
  } catch {
    // POSTGRES_URL's own check reports the bad URL.
    return url;
  }
}

const SETTINGS: readonly Setting[] = [
  { name: 'POSTGRES_URL', description: 'PostgreSQL (Aurora) URL, postgres://user:password@host:5432/db', default: localStack.postgres.url, secret: 'password', example: 'postgresql://app:…@aurora.example:5432/eng' },
  { name: 'POSTGRES_POOL_MAX', description: 'Most connections the sink opens; batches are serialized per sink anyway', default: '4' },
  { name: 'POSTGRES_SCHEMA', description: 'Schema holding the tables (created by init); chaos and tests use one of their own', default: 'public' },
  {
    name: 'POSTGRES_READER_URL',
    description: 'The access layer reads as this role, never as POSTGRES_URL’s (questions, raw tool). It must not be a superuser nor able to write the schema: refused at first use otherwise. See sinks/postgres/README.md, Read side',
    default: 'POSTGRES_URL’s host, port and database as switchyard_reader:switchyard_reader (the local stack’s reader role)',
    secret: 'password',
    example: 'postgresql://switchyard_reader:…@aurora-ro.example:5432/eng',
  },
  {
    name: 'SWITCHYARD_TEAMS_FILE',
    description: 'The organization file (JSON, sinks/organization.ts): teams, members, owned projects and hourly rates, applied by PostgreSQL at init(); Neo4j draws the organization from it',
    example: '/etc/switchyard/teams.json',
  },
];

/** Put into SET search_path and CREATE SCHEMA as is, so only plain identifiers are accepted. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

const schema = z.object({
  POSTGRES_URL: urlSetting(URL_KINDS.postgres),
  POSTGRES_POOL_MAX: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100'),
  POSTGRES_SCHEMA: z.string().regex(IDENTIFIER, 'must be a lower-case identifier: letters, digits and _, not starting with a digit'),
  POSTGRES_READER_URL: urlSetting(URL_KINDS.postgres).optional(),
  SWITCHYARD_TEAMS_FILE: z.string().optional(),
});

export const postgresConfig: ConfigSection<PostgresConfig> = {
  title: 'PostgreSQL',
  settings: SETTINGS,
  read(env, problems) {
    const c = readObject(SETTINGS, schema, env, problems);
    return c && { url: c.POSTGRES_URL, poolMax: c.POSTGRES_POOL_MAX, schema: c.POSTGRES_SCHEMA, teamsFile: c.SWITCHYARD_TEAMS_FILE, readerUrl: c.POSTGRES_READER_URL ?? readerUrlFrom(c.POSTGRES_URL) };
  },
};

/** The section read alone (the actuator's ledger, tests); a ConfigError lists every bad variable. */
export const loadPostgresConfig = (env: Env = process.env): PostgresConfig => readSection(postgresConfig, env);

/** The configuration as it may be logged: the URL's password replaced. */
export function redactedPostgresConfig(config: PostgresConfig): Readonly<Record<string, Plain>> {
  return { url: redactUrl(config.url), poolMax: config.poolMax, schema: config.schema, teamsFile: config.teamsFile, readerUrl: redactUrl(config.readerUrl ?? readerUrlFrom(config.url)) };
}
