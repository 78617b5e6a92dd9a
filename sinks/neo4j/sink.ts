/**
 * The Neo4j sink: commits, reviews, Jira issues and Notion pages into the collaboration graph
 * (schema.ts has the nodes and keys, cypher.ts the statements and why they are idempotent).
 *
 * - `init()` creates the uniqueness constraints (`IF NOT EXISTS`, so at every start; the first
 *   is also the reachability and credentials check), then syncs the organization file when
 *   SWITCHYARD_TEAMS_FILE is set (organization.ts says why here).
 * - `write(events)` groups the facts its handlers make of the batch (handlers.ts, rows.ts) and
 *   runs one `UNWIND … MERGE` per statement in one write transaction: a batch is in the graph entirely or not at all. A batch
 *   that fails is the guard's to search for the events that fail alone (operators/bisect.ts).
 * - `health()` asks the server for its version with our credentials; `summary()` counts nodes per
 *   label and relationships per type (summary.ts); `close()` closes the driver.
 *
 * Errors are Neo4jSinkErrors with `retriable` (errors.ts).
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Sink, SinkHealth, StoreSummary } from '../sink.ts';
import type { Neo4jConfig } from './config.ts';
import { writeStatements } from './cypher.ts';
import { classifyNeo4jError } from './errors.ts';
import { toGraphRows } from './handlers.ts';
import { loadOrganizationFile, organizationParams, organizationStatements, type Organization } from './organization.ts';
import { neo4jSummary } from './summary.ts';
import { constraintStatements, graphLabels, type Labels } from './schema.ts';

export interface Neo4jSink extends Sink {
  /** The driver, for queries.ts and tests; the sink owns it and closes it. */
  readonly driver: Driver;
  readonly database: string;
  readonly labels: Labels;
  summary(): Promise<StoreSummary>;
  /** Applies an organization (by default the configured file's) to the graph; idempotent. */
  syncOrganization(organization?: Organization): Promise<void>;
}

export interface Neo4jSinkOptions {
  /** Prefix of every node label, to isolate tests in Community's single database; none in production. */
  readonly labelPrefix?: string;
}

/**
 * The driver retries a transaction on its own for retriable errors; kept short, because the
 * guard retries with backoff and its breaker must see an outage, not a 30-second stall.
 */
const MAX_TRANSACTION_RETRY_MS = 5_000;

/**
 * Runs a statement that is run after every batch (cypher.ts `always`) until it deletes nothing: a
 * fold of renamed repositories moves one step of a chain per pass (a → b → c in one batch folds b
 * into c only after a into b), so a few passes reach the end. Bounded: a chain longer than the
 * bound is finished by the next batch's passes.
 */
const MAX_PASSES = 8;
async function untilStable(run: () => Promise<{ summary: { counters: { updates(): { nodesDeleted: number; relationshipsDeleted: number } } } }>): Promise<void> {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const updates = (await run()).summary.counters.updates();
    if (updates.nodesDeleted === 0 && updates.relationshipsDeleted === 0) return;
  }
}

export function neo4jSink(config: Neo4jConfig, options: Neo4jSinkOptions = {}): Neo4jSink {
  const labels = graphLabels(options.labelPrefix ?? config.labelPrefix);
  const statements = writeStatements(labels);
  // Integers as JS numbers: epoch milliseconds and counts are far below 2^53.
  const driver = neo4j.driver(config.url, neo4j.auth.basic(config.user, config.password), {
    disableLosslessIntegers: true,
    maxTransactionRetryTime: MAX_TRANSACTION_RETRY_MS,
    userAgent: 'switchyard-neo4j-sink',
  });

  async function writeOnce(events: readonly EngEvent[]): Promise<void> {
    const rows = toGraphRows(events);
    const session = driver.session({ database: config.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      await session.executeWrite(async (tx) => {
        for (const statement of statements) {
          const batch = rows[statement.kind];
          if (statement.always === true) await untilStable(() => tx.run(statement.cypher, { rows: batch }));
          else if (batch.length > 0) await tx.run(statement.cypher, { rows: batch });
        }
      });
    } catch (error) {
      throw classifyNeo4jError(error, `write of ${events.length} event(s)`);
    } finally {
      await session.close();
    }
  }

  async function syncOrganization(organization?: Organization): Promise<void> {
    const org = organization ?? (config.teamsFile === undefined ? undefined : await loadOrganizationFile(config.teamsFile));
    if (org === undefined) return;
    const params = organizationParams(org);
    const session = driver.session({ database: config.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      await session.executeWrite(async (tx) => {
        for (const cypher of organizationStatements(labels)) await tx.run(cypher, params);
      });
    } catch (error) {
      throw classifyNeo4jError(error, 'organization sync');
    } finally {
      await session.close();
    }
  }

  return {
    store: 'neo4j',
    driver,
    database: config.database,
    labels,
    syncOrganization,

    async init() {
      for (const statement of constraintStatements(labels)) {
        try {
          await driver.executeQuery(statement.cypher, {}, { database: config.database });
        } catch (error) {
          throw classifyNeo4jError(error, `init (constraint ${statement.name})`);
        }
      }
      await syncOrganization();
    },

    write: writeOnce,

    async health(): Promise<SinkHealth> {
      try {
        const info = await driver.getServerInfo({ database: config.database });
        return { healthy: true, version: info.agent ?? 'unknown' };
      } catch (error) {
        return { healthy: false, detail: classifyNeo4jError(error, 'health check').message };
      }
    },

    async summary() {
      try {
        return await neo4jSummary(driver, config.url, config.database, labels);
      } catch (error) {
        throw classifyNeo4jError(error, 'summary');
      }
    },

    async close() {
      await driver.close();
    },
  };
}
