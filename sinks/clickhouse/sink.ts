/**
 * The ClickHouse sink: every normalized event into `events`, Prometheus samples also into
 * `metric_samples`; the DORA aggregates follow by themselves (materialized views, ddl.ts).
 *
 * - `init()` runs ddl.ts in order; every statement is `IF NOT EXISTS`, so it runs at each start.
 *   Its first statement is also the reachability and credentials check.
 * - `write(events)` is one JSONEachRow insert per table, of the rows the handlers give each event
 *   (handlers.ts). Idempotent: rows are a pure function of the event (plus the write time as
 *   ReplacingMergeTree's version), so writing a batch again leaves one row per event id after
 *   merges or with FINAL, and the aggregates' states ignore duplicates. A batch that fails is the
 *   guard's to search for the events that fail alone (operators/bisect.ts).
 * - `health()` is `SELECT version()`; `summary()` counts events per source, samples, deployments
 *   and pull requests (summary.ts); `close()` closes the client's sockets.
 *
 * Errors are ClickHouseSinkErrors with `retriable` (errors.ts). Batch size, wait, breaker and
 * rate limit are the shared operators' business, not this file's.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import type { EngEvent } from '../../avro/generated/types.ts';
import { rowsOf } from '../handlers.ts';
import type { Sink, SinkHealth, StoreSummary } from '../sink.ts';
import type { ClickHouseConfig } from './config.ts';
import { addColumnStatements, ddlStatements, type DdlStatement } from './ddl.ts';
import { classifyClickHouseError } from './errors.ts';
import { clickhouseHandlers } from './handlers.ts';
import { identifier, quoteString } from './quote.ts';
import { tableRows } from './rows.ts';
import { selectRows } from './selectRows.ts';
import { clickhouseSummary } from './summary.ts';

/**
 * `input_format_skip_unknown_fields`: a worker one release ahead (a new typed column) can write
 * to a table that lacks it during a rolling upgrade; the payload column still has the data.
 * No `date_time_input_format` is needed: DateTime values travel as integer seconds.
 */
const INSERT_SETTINGS: ClickHouseSettings = { input_format_skip_unknown_fields: 1 };

export interface ClickHouseSink extends Sink {
  readonly database: string;
  /** The client, for queries.ts and tests; the sink owns it and closes it. */
  readonly client: ClickHouseClient;
  summary(): Promise<StoreSummary>;
}

export interface ClickHouseSinkOptions {
  /** The write time used as ReplacingMergeTree version; Date.now by default (tests pin it). */
  readonly now?: () => number;
}

export function clickhouseSink(config: ClickHouseConfig, options: ClickHouseSinkOptions = {}): ClickHouseSink {
  const database = identifier(config.database);
  const now = options.now ?? Date.now;
  // No `database` on the client: it may not exist before init(), so every name is qualified.
  // The client's own logger is off: it would log every failed request with its rows (people's
  // emails among them) beside the error we throw, which the stream reports and dead-letters.
  const client = createClient({
    url: config.url,
    username: config.username,
    password: config.password,
    request_timeout: config.requestTimeoutMs,
    log: { level: ClickHouseLogLevel.OFF },
  });

  async function insert(events: readonly EngEvent[]): Promise<void> {
    const rows = tableRows(events.flatMap((event) => rowsOf(clickhouseHandlers, event)), now());
    try {
      if (rows.events.length > 0) await client.insert({ table: `${database}.events`, values: rows.events, format: 'JSONEachRow', clickhouse_settings: INSERT_SETTINGS });
      if (rows.metric_samples.length > 0) await client.insert({ table: `${database}.metric_samples`, values: rows.metric_samples, format: 'JSONEachRow', clickhouse_settings: INSERT_SETTINGS });
    } catch (error) {
      throw classifyClickHouseError(error, `insert of ${events.length} event(s)`);
    }
  }

  return {
    store: 'clickhouse',
    database,
    client,

    async init() {
      const run = async (statement: DdlStatement) => {
        try {
          await client.command({ query: statement.sql });
        } catch (error) {
          throw classifyClickHouseError(error, `init (${statement.name})`);
        }
      };
      for (const statement of ddlStatements(database)) await run(statement);
      for (const statement of addColumnStatements(database, await columnsOf(client, database))) {
        try {
          await run(statement);
        } catch (error) {
          // Another process starting at the same time (a second worker, the CLI) added it first.
          if (addColumnStatements(database, await columnsOf(client, database)).some((missing) => missing.name === statement.name)) throw error;
        }
      }
    },

    write: insert,

    async health(): Promise<SinkHealth> {
      try {
        const result = await client.query({ query: 'SELECT version() AS version', format: 'JSONEachRow' });
        const [row] = await result.json<{ version: string }>();
        return { healthy: true, version: row?.version ?? 'unknown' };
      } catch (error) {
        return { healthy: false, detail: classifyClickHouseError(error, 'health check').message };
      }
    },

    async summary() {
      try {
        return await clickhouseSummary(client, config.url, database);
      } catch (error) {
        throw classifyClickHouseError(error, 'summary');
      }
    },

    async close() {
      await client.close();
    },
  };
}

/** `table.column` of every column of the database's tables: what an older release created. */
async function columnsOf(client: ClickHouseClient, database: string): Promise<Set<string>> {
  const columns = await selectRows<{ table: string; name: string }>(client, `SELECT table, name FROM system.columns WHERE database = ${quoteString(database)}`, 'init (reading system.columns)');
  return new Set(columns.map((c) => `${c.table}.${c.name}`));
}
