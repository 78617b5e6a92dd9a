/**
 * The access layer's read-only principal for PostgreSQL (access/): a small pool connected as
 * POSTGRES_READER_URL's role, never the sink's, behind two guards the DATABASE enforces.
 *
 * 1. Who: the reader role (scripts/stack/postgres/readerRole.sql: USAGE and SELECT on the
 *    writer's schemas, now and later, no TEMP, no signalling of backends, no advisory locks,
 *    session defaults read only and a statement timeout). At first use the reader refuses to
 *    serve as a role that is a superuser (a superuser's READ ONLY transaction still runs
 *    `COPY … TO PROGRAM` and `pg_terminate_backend`, verified), that may read
 *    `pg_catalog.pg_authid` (every role's password hash: `pg_read_all_data` grants it), that may
 *    INSERT, UPDATE, DELETE or TRUNCATE a table of the schema, or CREATE in it: the role's
 *    missing privileges are the floor under everything else.
 * 2. How: every statement is sent in the EXTENDED protocol (`queryMode: 'extended'`; pg sends
 *    `values: []` alone as a simple query, verified), whose Parse takes exactly one statement,
 *    so `COMMIT; DELETE …` is refused (42601) instead of ending the transaction and deleting;
 *    and in a READ ONLY transaction within `statement_timeout` (SWITCHYARD_ACCESS_TIMEOUT_MS):
 *    - a catalogue statement (`query`: our own fixed SQL, one statement) runs in its implicit
 *      transaction, READ ONLY because every session of the pool starts with
 *      `default_transaction_read_only=on` and the timeout (startup options): one round trip,
 *      where BEGIN, set_config and ROLLBACK made four (the bench: ~1 ms of each PostgreSQL answer);
 *    - several statements in one snapshot (`snapshot`) and the raw tool's (`isolated`) run inside
 *      `BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`, always ended by ROLLBACK,
 *      never COMMIT, so a `SET default_transaction_read_only = off` a statement slips in is undone.
 *
 * A question of several statements (userByGithubLogin) reads several snapshots unless it asks for
 * one with `snapshot(work)`. The service hands every question the same reader object, and this
 * keeps it a plain `Queryable`, so queries.ts runs unchanged. User text never runs between our own
 * statements: each raw call is one statement on its own connection.
 *
 * The raw tool's statement (`isolated`) runs on a connection destroyed afterwards instead of
 * returned to the pool: what a session keeps past ROLLBACK (a session-level advisory lock, a
 * PREPAREd statement, LISTEN) then dies with it, and the next call starts clean.
 *
 * Unqualified table names resolve in POSTGRES_SCHEMA: search_path is a startup parameter of each
 * connection, as the sink sets it (sink.ts).
 */
import pg from 'pg';
import { extendedQuery } from '../extendedQuery.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { AccessError } from '../../access/errors.ts';
import type { AccessLimits } from '../../access/question.ts';
import type { OpenReader } from '../store.ts';
import { applicationName, watchPool } from './connectionErrors.ts';
import { readerUrlFrom, type PostgresConfig } from './config.ts';
import type { Queryable } from './queries.ts';

/** Connections of the reader's pool: the store's concurrency in the access layer (the access layer queues the rest). */
export const READER_POOL_MAX = 8;

/** A Queryable whose every call is one READ ONLY transaction, plus one transaction for several statements. */
export type PostgresReader = Pick<pg.Pool, 'query'> & {
  /** Runs `work` with every statement in ONE read-only snapshot (one connection, one transaction, rolled back). */
  snapshot<T>(work: (db: Queryable) => Promise<T>): Promise<T>;
  /** One statement of free text (the raw tool): like `query`, on a connection closed afterwards, so no session state outlives it. */
  isolated(text: string): Promise<pg.QueryResult<Record<string, unknown>>>;
};

/** What the role may do that a reader must not; from `guardQuery`. */
export interface RolePowers {
  readonly role: string;
  readonly superuser: boolean;
  /** May SELECT pg_catalog.pg_authid (every role's password hash). */
  readonly readsPasswords: boolean;
  /** Tables of the schema the role may INSERT, UPDATE, DELETE or TRUNCATE (a few). */
  readonly writableTables: readonly string[];
  readonly canCreateInSchema: boolean;
}

/** Why a role may not serve as the reader, or undefined when it may. Pure, for the unit tests. */
export function readerRefusal(powers: RolePowers, schema: string): string | undefined {
  const fix = 'POSTGRES_READER_URL must name a read-only role (scripts/stack/postgres/readerRole.sql shows one: USAGE and SELECT on the writer’s schemas, nothing else)';
  if (powers.superuser) return `POSTGRES_READER_URL's role ${powers.role} is a superuser: a superuser's read-only transaction still runs COPY … TO PROGRAM and pg_terminate_backend. ${fix}`;
  if (powers.readsPasswords) return `POSTGRES_READER_URL's role ${powers.role} may read pg_catalog.pg_authid, every role's password hash (pg_read_all_data grants it: grant SELECT on the schemas' tables instead). ${fix}`;
  if (powers.writableTables.length > 0) return `POSTGRES_READER_URL's role ${powers.role} may write tables of schema ${schema} (${powers.writableTables.join(', ')}). ${fix}`;
  if (powers.canCreateInSchema) return `POSTGRES_READER_URL's role ${powers.role} may CREATE in schema ${schema}. ${fix}`;
  return undefined;
}

/** The role's powers, as the server answers for `current_user` (to_regnamespace: a schema not made yet is no write). */
const GUARD_SQL = `
SELECT r.rolname AS role, r.rolsuper AS superuser,
  has_table_privilege('pg_catalog.pg_authid', 'SELECT') AS reads_passwords,
  COALESCE(has_schema_privilege(to_regnamespace($1)::oid, 'CREATE'), false) AS can_create,
  ARRAY(
    SELECT c.relname::text FROM pg_class c
    WHERE c.relnamespace = to_regnamespace($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE'))
    ORDER BY c.relname LIMIT 5
  ) AS writable
FROM pg_roles r WHERE r.rolname = current_user`;

const BEGIN = 'BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY';

type QueryArgs = [textOrConfig: string | pg.QueryConfig, values?: unknown[]];


export function openPostgresReader(config: PostgresConfig, limits: AccessLimits): OpenReader<PostgresReader> & { readonly concurrency: number } {
  const poolMax = READER_POOL_MAX;
  const pool = watchPool(
    new pg.Pool({
      connectionString: config.readerUrl ?? readerUrlFrom(config.url),
      max: poolMax,
      // Every session reads only, within the access timeout, from its first statement: a catalogue
      // question's one fixed statement then needs no BEGIN, set_config and ROLLBACK round trips of its
      // own (its implicit transaction is READ ONLY). A raw statement, which could SET these, runs in
      // its own transaction on a connection closed after it (isolated), so no session keeps a change.
      options: `-c search_path=${config.schema} -c default_transaction_read_only=on -c statement_timeout=${limits.timeoutMs}`,
      connectionTimeoutMillis: Math.min(limits.timeoutMs, 10_000),
      fallback_application_name: applicationName(`access:postgres ${config.schema}`),
    }),
    'postgres access reader',
  );
  const timeout = String(limits.timeoutMs);
  // Checked once it passes; a refusal or an outage is asked again next time (the operator may fix the role).
  let checked: Promise<void> | undefined;

  const verify = (): Promise<void> => {
    checked ??= (async () => {
      const result = await pool.query<{ role: string; superuser: boolean; reads_passwords: boolean; can_create: boolean; writable: string[] }>(extendedQuery(GUARD_SQL, [config.schema]));
      const row = result.rows[0];
      if (row === undefined) throw new AccessError('POSTGRES_READER_URL: the server does not know its role', ErrorCodes.accessStoreUnavailable, { store: 'postgres' });
      const refusal = readerRefusal({ role: row.role, superuser: row.superuser, readsPasswords: row.reads_passwords, writableTables: row.writable, canCreateInSchema: row.can_create }, config.schema);
      if (refusal !== undefined) throw new AccessError(refusal, ErrorCodes.accessStoreUnavailable, { store: 'postgres' });
    })().catch((error: unknown) => {
      checked = undefined;
      throw error;
    });
    return checked;
  };

  /** A checked-out connection inside a fresh READ ONLY transaction; always rolled back and released (`discard`: closed). */
  async function inReadOnly<T>(work: (client: pg.PoolClient) => Promise<T>, discard = false): Promise<T> {
    await verify();
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(BEGIN);
      await client.query(extendedQuery('SELECT set_config($1, $2, true)', ['statement_timeout', timeout]));
      return await work(client);
    } finally {
      // After a lone COMMIT a statement sent (accepted by the extended protocol) there is no
      // transaction left: ROLLBACK only warns. If it fails the connection is unusable: destroy it.
      await client.query('ROLLBACK').catch((error: unknown) => {
        broken = error instanceof Error ? error : new Error(String(error));
      });
      client.release(broken ?? discard);
    }
  }

  const viaClient = (client: pg.PoolClient): Queryable => ({ query: ((...args: QueryArgs) => client.query(extendedQuery(...args))) as pg.Pool['query'] });

  const reader: PostgresReader = {
    query: (async (...args: QueryArgs) => {
      await verify();
      return pool.query(extendedQuery(...args));
    }) as pg.Pool['query'],
    snapshot: (work) => inReadOnly((client) => work(viaClient(client))),
    isolated: (text) => inReadOnly((client) => client.query<Record<string, unknown>>(extendedQuery(text)), true),
  };

  return {
    reader,
    concurrency: poolMax,
    check: async () => {
      await verify();
      await pool.query(extendedQuery('SELECT 1'));
    },
    close: () => pool.end(),
  };
}
