/**
 * What a PostgreSQL failure means for the guard: try again, or never.
 *
 * The server says what went wrong in a SQLSTATE (`error.code`); the network says it in Node's
 * codes (ECONNREFUSED…) or, when pg's socket closes under it, in a plain Error with no code.
 *
 * - no SQLSTATE (refused, reset, connection terminated, a timeout): retriable;
 * - SQLSTATE class 08 (connection), 40001 serialization failure, 40P01 deadlock, class 53
 *   (too many connections, out of memory or disk), 55P03 lock not available, 57014 statement
 *   timeout, 57P01–57P03 (shutdown, restart, failover: Aurora's writer switching): retriable;
 * - any other SQLSTATE (class 22 data, 23 constraints, 42 schema, 28 auth): permanent, since the
 *   same statement fails the same way every time;
 * - our own bugs and bad values caught before the server (TypeError, RangeError): permanent.
 */
import { SwitchyardError } from '../../operators/errors.ts';
import { storeFailureMessage } from '../storeFailure.ts';

const RETRIABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03']);
const RETRIABLE_CLASSES: ReadonlySet<string> = new Set(['08', '53']);

export class PostgresSinkError extends SwitchyardError {
  override readonly name: string = 'PostgresSinkError';
  /** The server's SQLSTATE, when the server answered with one. */
  readonly sqlState: string | undefined;
  constructor(message: string, options: { retriable: boolean; cause: unknown; sqlState: string | undefined }) {
    super(message, 'SWY_POSTGRES', { retriable: options.retriable, cause: options.cause });
    this.sqlState = options.sqlState;
  }
}

/** The SQLSTATE of a server error (five characters), if the error is one. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isRetriable(error: unknown): boolean {
  if (error instanceof PostgresSinkError) return error.retriable;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return false;
  const sqlState = sqlStateOf(error);
  if (sqlState !== undefined) return RETRIABLE_SQLSTATES.has(sqlState) || RETRIABLE_CLASSES.has(sqlState.slice(0, 2));
  // ECONNREFUSED, ECONNRESET, "Connection terminated unexpectedly", timeouts: the server or the
  // network, not the data.
  return true;
}

/** Wraps any error met while talking to PostgreSQL as a PostgresSinkError saying whether to retry. */
export function classifyPostgresError(error: unknown, during: string): PostgresSinkError {
  if (error instanceof PostgresSinkError) return error;
  const retriable = isRetriable(error);
  return new PostgresSinkError(storeFailureMessage('PostgreSQL', during, retriable, error), { retriable, cause: error, sqlState: sqlStateOf(error) });
}
