/**
 * What a Neo4j failure says about the record it was writing (operators/errors.ts
 * `Classification`), read from the documented Neo4j status code (`error.code`; Neo4j Status Codes
 * v5, "List of legacy server error codes"):
 *
 * - transient, an outage, the cluster's passing state or contention, never the record's: the
 *   driver's ServiceUnavailable and SessionExpired; Neo.TransientError.* ("the database cannot
 *   service the request right now") but for RETRYABLE_TRANSIENT_CODES — General.DatabaseUnavailable
 *   is what a restarting Neo4j answers after bolt and its health query already do, which is why
 *   these must not be judged by the health check; Transaction.DeadlockDetected,
 *   LockAcquisitionTimeout and Outdated are our own writers racing each other, and
 *   General.MemoryPoolOutOfMemoryError the server's global pool, all of which would dead-letter
 *   innocent records if the health check judged them; the client errors in
 *   TRANSIENT_CLIENT_CODES (a follower asked to write, routing, an expired authorization the
 *   driver renews); a network error code: the guard waits for the server and dead-letters nothing;
 * - retryable, a passing condition a record or its batch may cause, or a failure we cannot place:
 *   RETRYABLE_TRANSIENT_CODES (a transaction's memory limit or stack a large record may exceed, a
 *   statement timeout), RETRYABLE_CLIENT_CODES (a transaction terminated or timed out, or over
 *   its memory: a smaller batch may pass), and every Neo.DatabaseError.* — the server failed, and
 *   whether the record is why only the guard's isolation can tell: "Property value is too large to
 *   index" (a developer key over ~8 KB in a RANGE-indexed property) arrives as
 *   Neo.DatabaseError.Statement.ExecutionFailed (seen on 5.26), fails alone while the server
 *   answers, and is dead-lettered alone;
 * - configuration: CONFIGURATION_CODES — bad or expired credentials, a forbidden action, a
 *   database that does not exist or is read-only, a statement the server cannot parse (ours take
 *   values as parameters, so it is the code's, never a record's): never dead-lettered;
 * - permanent: any other Neo.ClientError.* (constraint violations, a null MERGE key, wrong
 *   types): the same request fails the same way every time;
 * - anything without a Neo4j code: a TypeError or RangeError from our own code is permanent, the
 *   rest retryable.
 */
import { type Classification, SwitchyardError, networkErrorCode } from '../../operators/errors.ts';
import { storeFailureMessage } from '../storeFailure.ts';

/** Transient errors a record or its batch may cause: isolation decides, as for any retryable one. */
const RETRYABLE_TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'Neo.TransientError.Transaction.QueryExecutionFailedOnTransaction',
  'Neo.TransientError.General.TransactionMemoryLimit',
  'Neo.TransientError.General.StackOverFlowError',
  'Neo.TransientError.Statement.ExecutionTimeout',
]);

/** Client errors that say "not now" about the cluster or the session, never about the request. */
const TRANSIENT_CLIENT_CODES: ReadonlySet<string> = new Set([
  'Neo.ClientError.Cluster.NotALeader',
  'Neo.ClientError.Cluster.Routing',
  'Neo.ClientError.Routing.RoutingFailed',
  'Neo.ClientError.Routing.DbmsInPanic',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Security.AuthorizationExpired',
  'Neo.ClientError.Security.TokenExpired',
]);

/** Client errors that say "not now" about a transaction a record may have made too big or slow. */
const RETRYABLE_CLIENT_CODES: ReadonlySet<string> = new Set([
  'Neo.ClientError.General.TransactionOutOfMemoryError',
  'Neo.ClientError.Transaction.LockClientStopped',
  'Neo.ClientError.Transaction.Terminated',
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

/** Client errors about the server's setup or our credentials and code, never a record. */
const CONFIGURATION_CODES: ReadonlySet<string> = new Set([
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.CredentialsExpired',
  'Neo.ClientError.Security.Forbidden',
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.ClientError.General.WriteOnReadOnlyAccessDatabase',
  'Neo.ClientError.General.ForbiddenOnReadOnlyDatabase',
  'Neo.ClientError.General.UpgradeRequired',
  'Neo.ClientError.Statement.AccessMode',
  'Neo.ClientError.Statement.SyntaxError',
  'Neo.ClientError.Statement.ParameterMissing',
  'Neo.ClientError.Procedure.ProcedureNotFound',
]);

export class Neo4jSinkError extends SwitchyardError {
  override readonly name: string = 'Neo4jSinkError';
  /** The driver's or server's code (ServiceUnavailable, Neo.ClientError.Statement.SyntaxError…), when any. */
  readonly neo4jCode: string | undefined;
  readonly classification: Classification;
  /** What it means for the record; `retriable` follows from it (all but permanent). */
  constructor(message: string, options: { classification: Classification; cause: unknown; neo4jCode: string | undefined }) {
    super(message, 'SWY_NEO4J', { retriable: options.classification !== 'permanent', cause: options.cause });
    this.neo4jCode = options.neo4jCode;
    this.classification = options.classification;
  }
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== 'N/A' ? code : undefined;
}

/** What `error` says about the record (see the file's comment). */
export function classifyNeo4j(error: unknown): Classification {
  if (error instanceof Neo4jSinkError) return error.classification;
  const code = codeOf(error);
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') return 'transient';
  if (code !== undefined && (RETRYABLE_TRANSIENT_CODES.has(code) || RETRYABLE_CLIENT_CODES.has(code))) return 'retryable';
  if (code !== undefined && TRANSIENT_CLIENT_CODES.has(code)) return 'transient';
  if (code?.startsWith('Neo.TransientError.')) return 'transient';
  if (code?.startsWith('Neo.DatabaseError.')) return 'retryable';
  if (code !== undefined && CONFIGURATION_CODES.has(code)) return 'configuration';
  if (code?.startsWith('Neo.ClientError.')) return 'permanent';
  // ECONNREFUSED and friends, when the driver passes Node's error on rather than ServiceUnavailable.
  if (networkErrorCode(error) !== undefined) return 'transient';
  if (typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true) return 'retryable';
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return 'permanent';
  return 'retryable';
}

/** Wraps any error from the driver as a Neo4jSinkError saying what it means for the record. */
export function classifyNeo4jError(error: unknown, during: string): Neo4jSinkError {
  if (error instanceof Neo4jSinkError) return error;
  const classification = classifyNeo4j(error);
  const neo4jCode = codeOf(error);
  return new Neo4jSinkError(storeFailureMessage('Neo4j', during, classification, error, neo4jCode), { classification, cause: error, neo4jCode });
}
