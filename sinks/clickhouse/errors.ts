/**
 * What a ClickHouse failure means for the guard: try again, or never.
 *
 * Why we parse messages: on 18.16 the client's error parser does not recognise the server's
 * message format ("Code: 62, e.displayText() = DB::Exception: …"), so errors arrive as plain
 * `Error`s with no `.code`, and 18.16 answers HTTP 500 even for a syntax error, so the status
 * cannot tell us either. Current servers give a ClickHouseError whose `code` is the number as
 * text. Both carry "Code: N" or `code`; network failures carry Node's `code` (ECONNREFUSED…)
 * or the client's "Timeout error.".
 *
 * - no server code (refused, reset, timeout, a proxy's 502/503 page): retriable;
 * - a server code in RETRIABLE_CODES (overload, timeouts, too many parts, memory): retriable;
 * - any other server code (syntax, types, unknown table or column, bad input, auth): permanent,
 *   since the same request fails the same way every time.
 */
import { SwitchyardError } from '../../operators/errors.ts';
import { storeFailureMessage } from '../storeFailure.ts';

/** ClickHouse error codes that describe the server's state, not the request. */
export const RETRIABLE_CODES: ReadonlySet<number> = new Set([
  3, // UNEXPECTED_END_OF_FILE (connection cut mid-body)
  159, // TIMEOUT_EXCEEDED
  160, // TOO_SLOW
  164, // READONLY (replica switching)
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  236, // ABORTED
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY
  252, // TOO_MANY_PARTS
  285, // TOO_FEW_LIVE_REPLICAS
  319, // UNKNOWN_STATUS_OF_INSERT
  394, // QUERY_WAS_CANCELLED
  425, // SYSTEM_ERROR
  999, // KEEPER_EXCEPTION
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED', 'UND_ERR_SOCKET']);

export class ClickHouseSinkError extends SwitchyardError {
  override readonly name: string = 'ClickHouseSinkError';
  /** The server's error code, when the server answered with one. */
  readonly serverCode: number | undefined;
  constructor(message: string, options: { retriable: boolean; cause: unknown; serverCode: number | undefined }) {
    super(message, 'SWY_CLICKHOUSE', { retriable: options.retriable, cause: options.cause });
    this.serverCode = options.serverCode;
  }
}

/** The ClickHouse server code of an error, if it has one (either client's or 18.16's shape). */
export function serverCodeOf(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  const match = /\bCode: (\d+)[.,]/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

export function isRetriable(error: unknown): boolean {
  const serverCode = serverCodeOf(error);
  if (serverCode !== undefined) return RETRIABLE_CODES.has(serverCode);
  return true; // refused, reset, timed out, or a non-ClickHouse 5xx (a proxy, a load balancer)
}

/** Wraps any error from the client as a ClickHouseSinkError saying whether to retry. */
export function classifyClickHouseError(error: unknown, during: string): ClickHouseSinkError {
  if (error instanceof ClickHouseSinkError) return error;
  const serverCode = serverCodeOf(error);
  const nodeCode = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  const network = typeof nodeCode === 'string' && NETWORK_CODES.has(nodeCode);
  const retriable = network || isRetriable(error);
  return new ClickHouseSinkError(storeFailureMessage('ClickHouse', during, retriable, error), { retriable, cause: error, serverCode });
}
