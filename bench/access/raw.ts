/**
 * The access bench's baseline: each question's own query sent straight through its database's
 * plain client, with none of the access layer around it — no HTTP, no zod on the way in or out,
 * no token, no rate limit, no per-store queue, no read-only transaction or reader guard. What is
 * left is the question's `run` over the same query functions (sinks/<store>/queries.ts), so
 * `ours ÷ raw` is the cost of serving it, not of a different query.
 *
 * - PostgreSQL: a `pg.Pool` as the sink's writer, `search_path` as a startup parameter, as
 *   sinks/postgres/sink.ts sets it (plain `query`; no READ ONLY transaction, no extended protocol
 *   forced), as many connections as the access reader's pool.
 * - ClickHouse: `createClient` as the sink's user, `clickhouseQueries(client, database)` and
 *   `rows` (the ClickHouseReader shape), no guard's settings lookup.
 * - Neo4j: a driver and the corner's labels (`graphLabels(labelPrefix)`, as the sink builds
 *   them), no transaction timeout.
 * - Vectors: the sink's store (`storeFor`: every namespace, its own pool) and `embedderFor`.
 * - Compositions: their own `run`, with a context whose `ask` runs the part's `run` on these
 *   readers directly (the part's input is parsed by its schema only to fill its defaults).
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import neo4j from 'neo4j-driver';
import pg from 'pg';
import type { AccessLimits, AnyQuestion, QuestionContext, StoreName } from '../../access/question.ts';
import type { SwitchyardConfig } from '../../config/index.ts';
import type { ClickHouseReader } from '../../sinks/clickhouse/reader.ts';
import { clickhouseQueries } from '../../sinks/clickhouse/queries.ts';
import { selectRows } from '../../sinks/clickhouse/selectRows.ts';
import type { Graph } from '../../sinks/neo4j/queries.ts';
import { graphLabels } from '../../sinks/neo4j/schema.ts';
import type { OrganizationFile } from '../../sinks/organization.ts';
import { embedderFor, storeFor } from '../../sinks/vectors/connect.ts';
import type { Reader } from '../../sinks/vectors/queries.ts';

/** As many at once as the access layer's readers allow, so neither side gets more connections. */
const POOL = 8;

export interface RawReaders {
  /** The question's answer straight from its store(s). */
  ask(question: AnyQuestion, input: Record<string, unknown>): Promise<unknown>;
  /** Rows of a fixed query, to choose the bench's inputs from what the corner holds. */
  readonly probe: { postgres<T>(sql: string): Promise<T[]>; clickhouse<T>(sql: string): Promise<T[]> };
  close(): Promise<void>;
}

export function openRawReaders(config: SwitchyardConfig, catalogue: readonly AnyQuestion[], limits: AccessLimits, organization: OrganizationFile): RawReaders {
  const { postgres: pgConfig, clickhouse: chConfig, neo4j: neoConfig, pinecone: vectorConfig } = config.stores;

  const pool = new pg.Pool({ connectionString: pgConfig.url, max: POOL, options: `-c search_path=${pgConfig.schema}` });
  const client = createClient({ url: chConfig.url, username: chConfig.username, password: chConfig.password, database: chConfig.database, max_open_connections: POOL, log: { level: ClickHouseLogLevel.OFF } });
  const clickhouse: ClickHouseReader = {
    queries: clickhouseQueries(client, chConfig.database),
    database: chConfig.database,
    rows: <T>(query: string) => selectRows<T>(client, query),
    raw: { firstRows: () => Promise.reject(new Error('the raw baseline serves no raw tool')) },
  };
  const driver = neo4j.driver(neoConfig.url, neo4j.auth.basic(neoConfig.user, neoConfig.password), { disableLosslessIntegers: true, maxConnectionPoolSize: POOL });
  const graph: Graph = { driver, database: neoConfig.database, labels: graphLabels(neoConfig.labelPrefix) };
  const embedder = embedderFor(vectorConfig.embeddings);
  const vectors: Reader = { store: storeFor(vectorConfig.store, embedder.dimension), embedder };
  const readers: Record<StoreName, unknown> = { postgres: pool, clickhouse, neo4j: graph, pinecone: vectors };

  const byName = new Map(catalogue.map((q) => [q.name, q]));
  const never = new AbortController().signal;
  const context: QuestionContext = {
    signal: never,
    now: Date.now(),
    limits,
    organization,
    ask: (name, input) => {
      const part = byName.get(name);
      if (part === undefined) return Promise.reject(new Error(`no question ${name}`));
      return run(part, part.input.parse(input ?? {}) as Record<string, unknown>);
    },
  };
  const run = (question: AnyQuestion, input: Record<string, unknown>): Promise<unknown> =>
    question.run(question.composed === true ? undefined : readers[question.stores[0]!], input, context);

  return {
    ask: run,
    probe: {
      postgres: async <T>(sql: string) => (await pool.query(sql)).rows as T[],
      clickhouse: <T>(sql: string) => selectRows<T>(client, sql),
    },
    close: async () => {
      await Promise.allSettled([pool.end(), client.close(), driver.close(), vectors.store.close()]);
    },
  };
}
