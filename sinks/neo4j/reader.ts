/**
 * The access layer's read side of Neo4j (access/): its own driver, as NEO4J_READER_USER when set,
 * handing the questions a `Graph` (queries.ts) whose every read runs in a READ transaction with a
 * server-side timeout. Never the sink's driver: closing one must not close the other, and the
 * reader's pool must not queue behind a batch.
 *
 * What guards a read, and what does not (verified on 5.26.30 Community, README "Read side"):
 * - READ access mode: the server refuses CREATE, MERGE, SET, DELETE, DETACH DELETE and write or
 *   schema procedures (`db.createLabel`) with `Neo.ClientError.Statement.AccessMode`;
 * - the transaction timeout (`readTimeoutMs`, from SWITCHYARD_ACCESS_TIMEOUT_MS): the server's own
 *   default is none, so without it one costly walk would run until it finished;
 * - the principal: on Enterprise or Aura a user whose role can only MATCH. Community has one user
 *   (an admin), so there the reader is the writer and `warnings` says so.
 * READ mode does not refuse reads with side effects (LOAD CSV from http, TERMINATE TRANSACTIONS,
 * dbms.* procedures), which is why no question takes Cypher: each is a fixed query with parameters.
 */
import neo4j from 'neo4j-driver';
import type { AccessLimits } from '../../access/question.ts';
import type { OpenReader, ReaderWarning } from '../store.ts';
import type { Neo4jConfig } from './config.ts';
import type { Graph } from './queries.ts';
import { graphLabels } from './schema.ts';

/** Reads at once: the driver's pool is this size, and the access layer queues the rest in front of it. */
export const NEO4J_READ_CONCURRENCY = 8;

/** Why the reader's principal is weaker than it could be, for the log at open (empty when NEO4J_READER_USER is set). */
export function neo4jReaderWarnings(config: Neo4jConfig): string[] {
  if (config.reader !== undefined) return [];
  return [
    `NEO4J_READER_USER is unset: the access layer reads Neo4j as NEO4J_USER (${config.user}), a user that can write. Community edition has only that one user; ` +
      'every question still runs in a READ transaction with a timeout, which the server enforces. On Enterprise or Aura set NEO4J_READER_USER to a user whose role may only MATCH.',
  ];
}

export function openNeo4jReader(config: Neo4jConfig, limits: AccessLimits, warn: ReaderWarning): OpenReader<Graph> {
  const { user, password } = config.reader ?? config;
  // Integers as JS numbers (as the sink reads them): counts and epoch milliseconds are far below 2^53.
  const driver = neo4j.driver(config.url, neo4j.auth.basic(user, password), {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: NEO4J_READ_CONCURRENCY,
    // A full pool or a server that does not answer is an answer (504, or 503 once check() fails), not a wait of the driver's 60 s.
    connectionAcquisitionTimeout: limits.timeoutMs,
    connectionTimeout: Math.min(limits.timeoutMs, 5_000),
    // No retries behind the request's back: a retried read could outlive the request that asked it.
    maxTransactionRetryTime: 0,
    userAgent: 'switchyard-access-reader',
  });
  for (const message of neo4jReaderWarnings(config)) warn(message);
  const reader: Graph = { driver, database: config.database, labels: graphLabels(config.labelPrefix), readTimeoutMs: limits.timeoutMs };
  return {
    reader,
    concurrency: NEO4J_READ_CONCURRENCY,
    async check() {
      // A read as the reader, in READ mode: proves the address, the credentials and the database at once.
      await driver.executeQuery('RETURN 1 AS ok', {}, { database: config.database, routing: neo4j.routing.READ, transactionConfig: { timeout: limits.timeoutMs } });
    },
    close: () => driver.close(),
  };
}
