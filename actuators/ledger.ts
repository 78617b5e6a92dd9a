/**
 * The dedupe ledger that makes the actuator effectively-once over at-least-once delivery: a
 * replayed command never comments, transitions or posts twice.
 *
 * Protocol per command id (see {@link act} in actuate.ts):
 * 1. `claim`: the first claim inserts the row (`fresh`: act). A row already done means the
 *    command was carried out (`done`: skip). A row claimed but not done (`uncertain`) means an
 *    earlier attempt may have reached the target: the caller checks the target first (the
 *    marker on a Jira comment, the status, the message in Slack's history).
 * 2. `note`: what an attempt must remember for such a check (the status a transition goes to).
 * 3. `done` after the target answered; `release` when the target rejected the request, which
 *    proves nothing was applied, so the next attempt can act without checking.
 *
 * Two workers claiming one id at once (only during a rebalance) both see it claimed; the second
 * checks the target, which narrows but cannot close that window — Jira and Slack have no
 * conditional writes. PostgreSQL keeps the ledger: the store of record, already in the stack.
 */
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { applicationName, watchPool } from '../sinks/postgres/connectionErrors.ts';
import type { Target } from './errors.ts';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export type Claim = { readonly state: 'fresh' } | { readonly state: 'done' } | { readonly state: 'uncertain'; readonly detail: Json };

export type Outcome = 'performed' | 'found-done';

export interface Ledger {
  claim(commandId: string, target: Target): Promise<Claim>;
  note(commandId: string, detail: Json): Promise<void>;
  done(commandId: string, outcome: Outcome, result: Json): Promise<void>;
  release(commandId: string): Promise<void>;
  close(): Promise<void>;
}

export const LEDGER_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface PostgresLedgerOptions {
  /** Secret: carries the password. */
  readonly url: string;
  /** Schema of the ledger table (created when missing). */
  readonly schema: string;
  readonly poolMax?: number;
}

/** A ledger whose connection and migrations wait for `init()`. */
export interface PostgresLedger extends Ledger {
  /**
   * Connects and applies the ledger's migrations; once done, a no-op. The actuator's
   * sub-topology calls it before each (re)start (worker.ts's `prepare`), so a PostgreSQL that is
   * down at start is a sub-topology waiting with backoff, never a worker that exits.
   */
  init(): Promise<void>;
}

/** Connects, applies the ledger's migrations and returns the ledger (tests; the worker uses {@link openPostgresLedger}). */
export async function postgresLedger(options: PostgresLedgerOptions): Promise<Ledger> {
  const ledger = openPostgresLedger(options);
  try {
    await ledger.init();
  } catch (error) {
    await ledger.close().catch(() => {});
    throw error;
  }
  return ledger;
}

/**
 * The ledger without connecting: nothing is opened until `init()` or the first claim. Its
 * connections' errors are reported, never thrown (sinks/postgres/connectionErrors.ts): a
 * session the server ends must not kill the worker, and the next statement fails and is retried.
 */
export function openPostgresLedger(options: PostgresLedgerOptions): PostgresLedger {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new RangeError(`ledger schema must be a lower-case identifier, got ${options.schema}`);
  const pool = watchPool(
    new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 4, options: `-c search_path=${options.schema}`, fallback_application_name: applicationName(`actuator ledger ${options.schema}`) }),
    'postgres actuator ledger',
  );
  let migrated = false;

  async function init(): Promise<void> {
    if (migrated) return;
    const client = await pool.connect();
    try {
      await runner({
        dbClient: client,
        dir: LEDGER_MIGRATIONS_DIR,
        direction: 'up',
        // Its own history table: the sinks' migrations live in `pgmigrations` of the same schema,
        // and node-pg-migrate's order check would trip over another folder's files.
        migrationsTable: 'actuator_pgmigrations',
        schema: options.schema,
        createSchema: true,
        checkOrder: true,
        advisoryLockMode: 'wait',
        log: () => {},
      });
      migrated = true;
    } finally {
      client.release();
    }
  }

  return {
    init,
    async claim(commandId, target) {
      // A done row is left alone (no row returned); otherwise insert, or count another attempt.
      const { rows } = await pool.query<{ inserted: boolean; detail: Json }>(
        `INSERT INTO actuator_ledger (command_id, target) VALUES ($1, $2)
         ON CONFLICT (command_id) DO UPDATE SET attempts = actuator_ledger.attempts + 1 WHERE actuator_ledger.done_at IS NULL
         RETURNING (xmax = 0) AS inserted, detail`,
        [commandId, target],
      );
      const row = rows[0];
      if (row === undefined) return { state: 'done' };
      return row.inserted ? { state: 'fresh' } : { state: 'uncertain', detail: row.detail };
    },
    async note(commandId, detail) {
      await pool.query('UPDATE actuator_ledger SET detail = $2 WHERE command_id = $1', [commandId, JSON.stringify(detail)]);
    },
    async done(commandId, outcome, result) {
      await pool.query('UPDATE actuator_ledger SET done_at = now(), outcome = $2, result = $3 WHERE command_id = $1', [commandId, outcome, JSON.stringify(result)]);
    },
    async release(commandId) {
      await pool.query('DELETE FROM actuator_ledger WHERE command_id = $1 AND done_at IS NULL', [commandId]);
    },
    close: () => pool.end(),
  };
}

/** The same protocol in memory, for tests of what sits above it. */
export function memoryLedger(): Ledger & { readonly rows: Map<string, { target: Target; detail: Json; done: Outcome | null; attempts: number }> } {
  const rows = new Map<string, { target: Target; detail: Json; done: Outcome | null; attempts: number }>();
  return {
    rows,
    claim: async (commandId, target) => {
      const row = rows.get(commandId);
      if (row === undefined) return (rows.set(commandId, { target, detail: null, done: null, attempts: 1 }), { state: 'fresh' });
      if (row.done !== null) return { state: 'done' };
      row.attempts += 1;
      return { state: 'uncertain', detail: row.detail };
    },
    note: async (commandId, detail) => void (rows.get(commandId) !== undefined && (rows.get(commandId)!.detail = detail)),
    done: async (commandId, outcome) => void (rows.get(commandId) !== undefined && (rows.get(commandId)!.done = outcome)),
    release: async (commandId) => void (rows.get(commandId)?.done === null && rows.delete(commandId)),
    close: async () => {},
  };
}
