/**
 * The Neo4j sink's configuration, from the environment, checked at start (STYLE.md 8): a wrong
 * value stops the worker with the variable's name and what it must be, instead of failing at the
 * first batch.
 *
 * | variable | default | |
 * |---|---|---|
 * | NEO4J_URL | bolt://127.0.0.1:7687 | bolt://, neo4j:// (routing) or their +s/+ssc variants (Aura: neo4j+s://) |
 * | NEO4J_USER | neo4j | |
 * | NEO4J_PASSWORD | (required) | secret: never logged |
 * | NEO4J_DATABASE | neo4j | Community edition has only this one |
 * | SWITCHYARD_TEAMS_FILE | (none) | the organization file (organization.ts); without it no teams are synced |
 */
import { z } from 'zod';
import { loadFromSpec } from '../configSpec.ts';

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
}

/** The spec: each variable with its description, default and whether it is a secret. */
export const neo4jConfigSpec = {
  NEO4J_URL: { description: 'Bolt endpoint, e.g. neo4j+s://abcd1234.databases.neo4j.io for Aura', default: 'bolt://127.0.0.1:7687', secret: false },
  NEO4J_USER: { description: 'User to connect as', default: 'neo4j', secret: false },
  NEO4J_PASSWORD: { description: "That user's password", default: undefined, secret: true },
  NEO4J_DATABASE: { description: 'Database to write to (Community edition: neo4j only)', default: 'neo4j', secret: false },
  SWITCHYARD_TEAMS_FILE: { description: 'JSON file of teams, members, owned projects and project dependencies (organization.ts)', default: undefined, secret: false },
  NEO4J_LABEL_PREFIX: { description: "Put before every node label (e.g. Staging_ makes Staging_Developer), so deployments share Community edition's one database apart", default: undefined, secret: false },
} as const;

export type Neo4jVariable = keyof typeof neo4jConfigSpec;

const URL_PATTERN = /^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+(:\d+)?\/?$/;

const schema = z.object({
  NEO4J_URL: z.string().regex(URL_PATTERN, 'must be a bolt:// or neo4j:// URL (optionally +s or +ssc), host and port only'),
  NEO4J_USER: z.string().min(1, 'must not be empty'),
  NEO4J_PASSWORD: z.string({ error: 'must be set' }).min(1, 'must not be empty'),
  // Database names are put into no query text, but a typo would only fail at the first write.
  NEO4J_DATABASE: z.string().regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, 'must be a database name: 3 to 63 letters, digits, dots or dashes, starting with a letter'),
  SWITCHYARD_TEAMS_FILE: z.string().min(1, 'must not be empty when set').optional(),
  // Labels are put into query text: plain identifier characters only.
  NEO4J_LABEL_PREFIX: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, 'must start with a letter and hold only letters, digits and _ (at most 41)').optional(),
});

export class Neo4jConfigError extends Error {
  override readonly name = 'Neo4jConfigError';
}

/** Reads and checks the configuration; throws a Neo4jConfigError naming every bad variable. */
export function loadNeo4jConfig(env: Readonly<Record<string, string | undefined>> = process.env): Neo4jConfig {
  const c = loadFromSpec(neo4jConfigSpec, schema, env, Neo4jConfigError, 'Neo4j');
  return { url: c.NEO4J_URL, user: c.NEO4J_USER, password: c.NEO4J_PASSWORD, database: c.NEO4J_DATABASE, teamsFile: c.SWITCHYARD_TEAMS_FILE, ...(c.NEO4J_LABEL_PREFIX === undefined ? {} : { labelPrefix: c.NEO4J_LABEL_PREFIX }) };
}

/** The configuration as it may be logged: the secret replaced. */
export function redactedConfig(config: Neo4jConfig): Record<string, string | undefined> {
  return { ...config, password: '<redacted>' };
}
