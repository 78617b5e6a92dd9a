/**
 * The Neo4j store's configuration section, read and checked at start (STYLE.md 8): a wrong value
 * stops the worker with the variable's name and what it must be, instead of failing at the first
 * batch.
 *
 * The defaults are the local stack's (config/endpoints.ts, following SWITCHYARD_NEO4J_BOLT_PORT),
 * its user and password included while NEO4J_URL is unset or the local stack's; pointed anywhere
 * else (Aura), NEO4J_PASSWORD is required, so the local password is never tried on a real server.
 * SWITCHYARD_TEAMS_FILE (the organization file) is read here too, but declared by PostgreSQL,
 * which reads it first.
 */
import { z } from 'zod';
import { localStack } from '../../config/endpoints.ts';
import { isLocalAddress } from '../../config/localStack.ts';
import { readSection, REDACTED, valueOf, type ConfigSection, type Env, type Setting, type Plain, redactUrl, URL_KINDS, urlSetting } from '../../config/spec.ts';

export interface Neo4jConfig {
  readonly url: string;
  readonly user: string;
  /** Secret. */
  readonly password: string;
  readonly database: string;
  /** Path of the organization file (teams, members, owned projects, dependencies), if any. */
  readonly teamsFile: string | undefined;
  /** Put before every node label, so two deployments (or a chaos run) share Community's one database apart; '' in production. */
  readonly labelPrefix?: string;
  /** The access layer's read-only principal (reader.ts); absent: it reads as `user` (Community has only that one). */
  readonly reader?: { readonly user: string; /** Secret. */ readonly password: string };
}

const SETTINGS: readonly Setting[] = [
  { name: 'NEO4J_URL', description: 'Bolt endpoint: bolt:// or neo4j:// (routing), optionally +s or +ssc, host and port only', default: localStack.neo4j.url, example: 'neo4j+s://abcd1234.databases.neo4j.io' },
  { name: 'NEO4J_USER', description: 'User to connect as', default: localStack.neo4j.user },
  {
    name: 'NEO4J_PASSWORD',
    description: "That user's password",
    default: "the local stack's while NEO4J_URL is unset or the local stack's; otherwise required",
    secret: true,
  },
  { name: 'NEO4J_DATABASE', description: 'Database to write to (Community edition: neo4j only)', default: 'neo4j' },
  {
    name: 'NEO4J_READER_USER',
    description:
      'User the access layer (switchyard serve) reads as: on Enterprise or Aura a user whose role may only MATCH (GRANT MATCH {*}, DENY LOAD ON ALL DATA). Community edition has one user, so unset it reads as NEO4J_USER, in read transactions only, and says so at open',
    default: 'NEO4J_USER',
  },
  { name: 'NEO4J_READER_PASSWORD', description: "NEO4J_READER_USER's password (required with it)", secret: true },
  { name: 'NEO4J_LABEL_PREFIX', description: "Put before every node label (Staging_ makes Staging_Developer), so deployments share Community edition's one database apart", example: 'Staging_' },
];

/** Checked where it is written, too (schema.ts): labels go into query text, so plain identifier characters only. */
const LABEL_PREFIX = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;

// Parsed whole (config/url.ts): a pattern let `bolt://host:badport` through, and the driver then used 7687.
const boltUrl = urlSetting(URL_KINDS.bolt);
const nonEmpty = z.string().min(1, 'must not be empty');
// Database names are put into no query text, but a typo would only fail at the first write.
const databaseName = z.string().regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, 'must be a database name: 3 to 63 letters, digits, dots or dashes, starting with a letter');
const labelPrefixOf = z.string().regex(LABEL_PREFIX, 'must start with a letter and hold only letters, digits and _ (at most 41)');

export const neo4jConfig: ConfigSection<Neo4jConfig> = {
  title: 'Neo4j',
  settings: SETTINGS,
  read(env, problems) {
    const before = problems.list.length;
    const given = valueOf(env, 'NEO4J_URL');
    const onLocalStack = given === undefined || isLocalAddress(given, localStack.neo4j.url);
    const url = problems.read(env, 'NEO4J_URL', boltUrl, localStack.neo4j.url);
    const user = problems.read(env, 'NEO4J_USER', nonEmpty, localStack.neo4j.user);
    const password = problems.read(env, 'NEO4J_PASSWORD', nonEmpty, onLocalStack ? localStack.neo4j.password : undefined);
    if (password === undefined && valueOf(env, 'NEO4J_PASSWORD') === undefined) problems.add('NEO4J_PASSWORD', "must be set (NEO4J_URL is not the local stack's)");
    const database = problems.read(env, 'NEO4J_DATABASE', databaseName, 'neo4j');
    const teamsFile = problems.read(env, 'SWITCHYARD_TEAMS_FILE', nonEmpty);
    const labelPrefix = problems.read(env, 'NEO4J_LABEL_PREFIX', labelPrefixOf);
    const readerUser = problems.read(env, 'NEO4J_READER_USER', nonEmpty);
    const readerPassword = problems.read(env, 'NEO4J_READER_PASSWORD', nonEmpty);
    // Half a principal would silently read as the writer (or fail at the first question): refuse it here.
    if (readerUser !== undefined && readerPassword === undefined && valueOf(env, 'NEO4J_READER_PASSWORD') === undefined) problems.add('NEO4J_READER_PASSWORD', 'must be set with NEO4J_READER_USER');
    if (readerPassword !== undefined && readerUser === undefined) problems.add('NEO4J_READER_USER', 'must be set with NEO4J_READER_PASSWORD');
    if (problems.list.length > before || url === undefined || user === undefined || password === undefined || database === undefined) return undefined;
    return { url, user, password, database, teamsFile, ...(labelPrefix === undefined ? {} : { labelPrefix }), ...(readerUser === undefined || readerPassword === undefined ? {} : { reader: { user: readerUser, password: readerPassword } }) };
  },
};

/** The section read alone (tests, one-purpose commands); a ConfigError lists every bad variable. */
export const loadNeo4jConfig = (env: Env = process.env): Neo4jConfig => readSection(neo4jConfig, env);

/** The configuration as it may be logged: the password replaced, and any written into the URL. */
export function redactedNeo4jConfig(config: Neo4jConfig): Readonly<Record<string, Plain>> {
  return { url: redactUrl(config.url), user: config.user, password: REDACTED, database: config.database, teamsFile: config.teamsFile, labelPrefix: config.labelPrefix, readerUser: config.reader?.user, readerPassword: config.reader === undefined ? undefined : REDACTED };
}
