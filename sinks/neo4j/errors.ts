/**
 * What a Neo4j failure means for the guard: try again, or never.
 *
 * The driver already sorts its errors by `code`; we follow it and add what it leaves out:
 *
 * - ServiceUnavailable (cannot connect), SessionExpired (the server went away mid-session),
 *   Neo.TransientError.* (deadlocks, lock timeouts, memory, leader switches) and the driver's own
 *   `retryable`: retriable;
 * - Neo.ClientError.* (constraint violations, syntax, semantics such as a null MERGE key, bad
 *   credentials): permanent, since the same request fails the same way every time — except the
 *   few client errors that describe the cluster's state, not the request (below);
 * - Neo.DatabaseError.* (the server failed internally): retriable, bounded by the guard;
 * - anything without a Neo4j code: a network error (refused, reset) is retriable, a TypeError or
 *   RangeError from our own code is permanent.
 */
import { SwitchyardError } from '../../operators/errors.ts';
import { storeFailureMessage } from '../storeFailure.ts';

/** Client errors that say "not now", not "never". */
const RETRIABLE_CLIENT_CODES: ReadonlySet<string> = new Set([
  'Neo.ClientError.Cluster.NotALeader',
  'Neo.ClientError.General.ForbiddenOnReadOnlyDatabase',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Security.AuthorizationExpired',
  'Neo.ClientError.Security.TokenExpired',
]);

export class Neo4jSinkError extends SwitchyardError {
  override readonly name: string = 'Neo4jSinkError';
  /** The driver's or server's code (ServiceUnavailable, Neo.ClientError.Statement.SyntaxError…), when any. */
  readonly neo4jCode: string | undefined;
  constructor(message: string, options: { retriable: boolean; cause: unknown; neo4jCode: string | undefined }) {
    super(message, 'SWY_NEO4J', { retriable: options.retriable, cause: options.cause });
    this.neo4jCode = options.neo4jCode;
  }
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== 'N/A' ? code : undefined;
}

export function isRetriable(error: unknown): boolean {
  const code = codeOf(error);
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') return true;
  if (code?.startsWith('Neo.TransientError.')) return true;
  if (code !== undefined && RETRIABLE_CLIENT_CODES.has(code)) return true;
  if (code?.startsWith('Neo.ClientError.')) return false;
  if (code?.startsWith('Neo.DatabaseError.')) return true;
  if (typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true) return true;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return false;
  return true; // ECONNREFUSED and friends carry Node's code, not a Neo4j one
}

/** Wraps any error from the driver as a Neo4jSinkError saying whether to retry. */
export function classifyNeo4jError(error: unknown, during: string): Neo4jSinkError {
  if (error instanceof Neo4jSinkError) return error;
  const retriable = isRetriable(error);
  const neo4jCode = codeOf(error);
  return new Neo4jSinkError(storeFailureMessage('Neo4j', during, retriable, error, neo4jCode), { retriable, cause: error, neo4jCode });
}
