/**
 * `raw_postgres_query`: one SQL statement as the read-only reader (reader.ts), OFF unless
 * SWITCHYARD_ACCESS_RAW_TOOLS lists `postgres` (access/rawTools.ts). Not in the store's
 * `questions`: the catalogue's questions are typed and parameterised; this one is free text.
 *
 * The guards are the database's, the same as every question's: the reader role (no write
 * privilege, no superuser), the extended protocol (one statement: `SELECT 1; DROP …` and
 * `COMMIT; DELETE …` → 42601), a fresh READ ONLY transaction per call, always rolled back
 * (writes, `WITH … DELETE`, CREATE TEMP → 25006; a `SET … read_only = off` is undone; a lone
 * `COMMIT` ends only this call's transaction), statement_timeout (57014), and a connection of its
 * own, closed after the call (`isolated`), so nothing a session keeps past ROLLBACK (a
 * session-level advisory lock, a PREPARE, LISTEN) reaches the next caller or the sink.
 *
 * Rows are capped AFTER they arrive: node-postgres has no row limit for an arbitrary statement
 * and pg-cursor is not installed, and wrapping the text (`SELECT * FROM (…) LIMIT n`) would change
 * what the database refuses. statement_timeout and the reader's pool bound the cost.
 */
import type pg from 'pg';
import { defineQuestion } from '../../access/question.ts';
import { jsonValue, rawLimit, rawQueryInput, rawQueryOutput, refusedBy } from '../../access/rawQuery.ts';
import type { PostgresReader } from './reader.ts';

/** Connection, login and the server going away are the store's trouble, not the statement's (the service answers 503). */
const NOT_A_REFUSAL = /^(08|28|3D|53|57P0|58)/;

export const rawPostgresQuery = defineQuestion({
  name: 'raw_postgres_query',
  title: 'Raw PostgreSQL query (read-only)',
  description:
    'Runs ONE read-only SQL statement against the PostgreSQL store (people, identities, teams, projects, activity, sprints) as a read-only role in a READ ONLY transaction with a statement timeout. Writes, several statements and anything else the database refuses are answered with its own error and SQLSTATE. Prefer the typed questions.',
  input: rawQueryInput,
  output: rawQueryOutput,
  stores: ['postgres'],
  run: async (db: PostgresReader, { sql, limit }, context) => {
    const cap = rawLimit(limit, context.limits.rowCap);
    let result: pg.QueryResult<Record<string, unknown>>;
    try {
      result = await db.isolated(sql);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !NOT_A_REFUSAL.test(code)) throw refusedBy('PostgreSQL', `SQLSTATE ${code}`, (error as Error).message, error);
      throw error;
    }
    // A utility statement (SET, a lone COMMIT) has no rows; pg answers one result per statement.
    const rows = Array.isArray(result.rows) ? result.rows : [];
    return {
      columns: (result.fields ?? []).map((field) => field.name),
      rows: rows.slice(0, cap).map((row) => jsonValue(row) as Record<string, unknown>),
      truncated: rows.length > cap,
      limit: cap,
    };
  },
});
