/**
 * `raw_clickhouse_query`: one SQL statement as the raw tool's read-only user (reader.ts `raw`,
 * CLICKHOUSE_RAW_USER: not the catalogue's, whose queries it could otherwise KILL), OFF unless
 * SWITCHYARD_ACCESS_RAW_TOOLS lists `clickhouse` (access/rawTools.ts). Not in the store's
 * `questions`: the catalogue's questions are typed; this one is free text.
 *
 * The guards are the server's: the user's readonly=1 (INSERT, DROP, SYSTEM, SET, KILL of
 * another user's query, table functions such as url() and file() → Code 164), the HTTP
 * interface's one statement per request (`SELECT 1; DROP …` → Code 62), and its profile's limits
 * (max_execution_time → 159, answered as the access layer's timeout; max_result_rows → 396, a
 * refusal naming it; max_memory_usage). The text goes to the
 * server as given; the client appends `FORMAT JSONEachRow`, so a FORMAT of the caller's own is a
 * syntax error. Rows are read as they stream and the rest left unread past the limit.
 */
import { defineQuestion } from '../../access/question.ts';
import { SwitchyardError } from '../../operators/errors.ts';
import { rawLimit, rawQueryInput, rawQueryOutput, refusedBy } from '../../access/rawQuery.ts';
import { serverCodeOf } from './errors.ts';
import type { ClickHouseReader } from './reader.ts';

/** The server's codes for its own trouble (network, overload, shutdown), which are the store's, not the statement's (503). */
const NOT_A_REFUSAL = new Set([3, 202, 203, 209, 210, 241, 243, 252]);

export const rawClickHouseQuery = defineQuestion({
  name: 'raw_clickhouse_query',
  title: 'Raw ClickHouse query (read-only)',
  description:
    'Runs ONE read-only SQL statement against the ClickHouse store (events, metric samples, DORA aggregates) as a readonly=1 user with a time, row and memory budget. Writes, DDL, SYSTEM, KILL, SET and table functions (url(), file()) are refused by the server, answered with its own message and Code. Prefer the typed questions.',
  input: rawQueryInput,
  output: rawQueryOutput,
  stores: ['clickhouse'],
  run: async (ch: ClickHouseReader, { sql, limit }, context) => {
    const cap = rawLimit(limit, context.limits.rowCap);
    try {
      const { rows, more } = await ch.raw.firstRows(sql, cap);
      return { columns: Object.keys(rows[0] ?? {}), rows, truncated: more, limit: cap };
    } catch (error) {
      // Our own errors (the reader's guard refusing the user, a server limit mapped by the reader) pass as they are.
      const code = error instanceof SwitchyardError ? undefined : serverCodeOf(error);
      if (code !== undefined && !NOT_A_REFUSAL.has(code)) throw refusedBy('ClickHouse', `Code ${code}`, (error as Error).message, error);
      throw error;
    }
  },
});
