/**
 * What a ClickHouse failure says about the record it was writing (operators/errors.ts
 * `Classification`), read from the server's exception code. The numbers and names are
 * ClickHouse's own list, src/Common/ErrorCodes.cpp (also `system.errors`).
 *
 * Why we parse messages: on 18.16 the client's error parser does not recognise the server's
 * message format ("Code: 62, e.displayText() = DB::Exception: …"), so errors arrive as plain
 * `Error`s with no `.code`, and 18.16 answers HTTP 500 even for a syntax error, so the status
 * cannot tell us either. Current servers give a ClickHouseError whose `code` is the number as
 * text. Both carry "Code: N" or `code`; network failures carry Node's `code` (ECONNREFUSED…)
 * or the client's "Timeout error.".
 *
 * - no server code: transient when the network says so (refused, reset: Node's codes) or a
 *   proxy in front answers 502, 503 or 504 (ClickHouse down behind it); retryable otherwise (the
 *   client's "Timeout error." — a slow insert may be its batch's doing);
 * - BY_CODE below: the record's (a value that does not parse or fit its column: permanent), an
 *   outage or overload that is never the record's (network, too many queries or parts, disk, a
 *   read-only replica, Keeper, the server's total memory: transient — the guard waits and
 *   dead-letters nothing), a passing condition a batch may cause (timeouts, a cancelled query, a
 *   query's memory limit — 241 and 173 are most often one large insert, which the guard's search
 *   splits until the halves pass: retryable), or its setup
 *   (unknown table, database or column, credentials, access: configuration, never
 *   dead-lettered);
 * - any other server code: retryable, so the guard's isolation dead-letters a record only if it
 *   fails alone while the server answers.
 */
import { type Classification, SwitchyardError, networkErrorCode } from '../../operators/errors.ts';
import { storeFailureMessage } from '../storeFailure.ts';

export const BY_CODE: ReadonlyMap<number, Classification> = new Map<number, Classification>([
  // The record's: its values do not parse, fit or convert; the same insert fails every time.
  [6, 'permanent'], // CANNOT_PARSE_TEXT
  [19, 'permanent'], // SIZE_OF_FIXED_STRING_DOESNT_MATCH
  [25, 'permanent'], // CANNOT_PARSE_ESCAPE_SEQUENCE
  [26, 'permanent'], // CANNOT_PARSE_QUOTED_STRING
  [27, 'permanent'], // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  [38, 'permanent'], // CANNOT_PARSE_DATE
  [41, 'permanent'], // CANNOT_PARSE_DATETIME
  [53, 'permanent'], // TYPE_MISMATCH
  [69, 'permanent'], // ARGUMENT_OUT_OF_BOUND
  [70, 'permanent'], // CANNOT_CONVERT_TYPE
  [72, 'permanent'], // CANNOT_PARSE_NUMBER
  [117, 'permanent'], // INCORRECT_DATA
  [128, 'permanent'], // TOO_LARGE_ARRAY_SIZE
  [131, 'permanent'], // TOO_LARGE_STRING_SIZE
  [321, 'permanent'], // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  [349, 'permanent'], // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
  [376, 'permanent'], // CANNOT_PARSE_UUID
  [407, 'permanent'], // DECIMAL_OVERFLOW
  [467, 'permanent'], // CANNOT_PARSE_BOOL
  [469, 'permanent'], // VIOLATED_CONSTRAINT
  // The server's outage or overload: never the record's, whatever the health check says.
  [3, 'transient'], // UNEXPECTED_END_OF_FILE (connection cut mid-body)
  [202, 'transient'], // TOO_MANY_SIMULTANEOUS_QUERIES
  [203, 'transient'], // NO_FREE_CONNECTION
  [209, 'transient'], // SOCKET_TIMEOUT
  [210, 'transient'], // NETWORK_ERROR
  [242, 'transient'], // TABLE_IS_READ_ONLY (a replica lost its Keeper session)
  [243, 'transient'], // NOT_ENOUGH_SPACE
  [252, 'transient'], // TOO_MANY_PARTS
  [285, 'transient'], // TOO_FEW_LIVE_REPLICAS
  [319, 'transient'], // UNKNOWN_STATUS_OF_INSERT
  [364, 'transient'], // RECEIVED_ERROR_TOO_MANY_REQUESTS
  [999, 'transient'], // KEEPER_EXCEPTION
  [1000, 'transient'], // POCO_EXCEPTION (the server's own network layer)
  // Passing, but a batch may be why (a slow insert): isolation decides.
  [159, 'retryable'], // TIMEOUT_EXCEEDED
  // Memory: per query, a large batch's doing that its halves pass — unless the server's total (SERVER_WIDE_MEMORY).
  [173, 'retryable'], // CANNOT_ALLOCATE_MEMORY
  [241, 'retryable'], // MEMORY_LIMIT_EXCEEDED
  [160, 'retryable'], // TOO_SLOW
  [236, 'retryable'], // ABORTED
  [394, 'retryable'], // QUERY_WAS_CANCELLED
  [425, 'retryable'], // SYSTEM_ERROR (an errno on the server: which one says nothing we can place)
  // The server's setup or our credentials: every insert fails alike until a person acts.
  [16, 'configuration'], // NO_SUCH_COLUMN_IN_TABLE
  [47, 'configuration'], // UNKNOWN_IDENTIFIER
  [60, 'configuration'], // UNKNOWN_TABLE
  [62, 'configuration'], // SYNTAX_ERROR (our statements', not a record's: values travel as JSONEachRow)
  [73, 'configuration'], // UNKNOWN_FORMAT
  [81, 'configuration'], // UNKNOWN_DATABASE
  [115, 'configuration'], // UNKNOWN_SETTING
  [164, 'configuration'], // READONLY (the user's profile has readonly=1)
  [192, 'configuration'], // UNKNOWN_USER
  [193, 'configuration'], // WRONG_PASSWORD
  [194, 'configuration'], // REQUIRED_PASSWORD
  [195, 'configuration'], // IP_ADDRESS_NOT_ALLOWED
  [291, 'configuration'], // DATABASE_ACCESS_DENIED
  [497, 'configuration'], // ACCESS_DENIED
  [516, 'configuration'], // AUTHENTICATION_FAILED
]);

/** Memory codes whose message can say the limit was the server's, "Memory limit (total) exceeded", not the query's. */
const MEMORY_CODES: ReadonlySet<number> = new Set([173, 241]);
const SERVER_WIDE_MEMORY = /\(total\)/;

/** A proxy's page for an upstream that is down or slow (nginx, HAProxy, a cloud load balancer). */
const PROXY_OUTAGE = /\b(502 Bad Gateway|503 Service (Temporarily )?Unavailable|504 Gateway Time-?out)\b/i;

export class ClickHouseSinkError extends SwitchyardError {
  override readonly name: string = 'ClickHouseSinkError';
  /** The server's error code, when the server answered with one. */
  readonly serverCode: number | undefined;
  readonly classification: Classification;
  /** What it means for the record; `retriable` follows from it (all but permanent). */
  constructor(message: string, options: { classification: Classification; cause: unknown; serverCode: number | undefined }) {
    super(message, 'SWY_CLICKHOUSE', { retriable: options.classification !== 'permanent', cause: options.cause });
    this.serverCode = options.serverCode;
    this.classification = options.classification;
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

/** What `error` says about the record (see the file's comment). */
export function classifyClickHouse(error: unknown): Classification {
  if (error instanceof ClickHouseSinkError) return error.classification;
  // The network's own code wins: the socket failed, whatever a message it cut says.
  if (networkErrorCode(error) !== undefined) return 'transient';
  const serverCode = serverCodeOf(error);
  if (serverCode !== undefined && MEMORY_CODES.has(serverCode) && error instanceof Error && SERVER_WIDE_MEMORY.test(error.message)) return 'transient';
  if (serverCode !== undefined) return BY_CODE.get(serverCode) ?? 'retryable';
  // No server code: a proxy in front answering for a ClickHouse that is down, or the client's own timeout.
  return error instanceof Error && PROXY_OUTAGE.test(error.message) ? 'transient' : 'retryable';
}

/** Wraps any error from the client as a ClickHouseSinkError saying what it means for the record. */
export function classifyClickHouseError(error: unknown, during: string): ClickHouseSinkError {
  if (error instanceof ClickHouseSinkError) return error;
  const serverCode = serverCodeOf(error);
  const classification = classifyClickHouse(error);
  const detail = serverCode === undefined ? undefined : `code ${serverCode}`;
  return new ClickHouseSinkError(storeFailureMessage('ClickHouse', during, classification, error, detail), { classification, cause: error, serverCode });
}
