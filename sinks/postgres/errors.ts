/**
 * What a PostgreSQL failure says about the record it was writing (operators/errors.ts
 * `Classification`), read from the server's SQLSTATE (`error.code`; PostgreSQL documentation,
 * Appendix A "PostgreSQL Error Codes"). The network says it in Node's codes (ECONNREFUSED…) or,
 * when pg's socket closes under it, in a plain Error with no code.
 *
 * - transient, an outage or contention that is never the record's: no SQLSTATE and a network
 *   code or a client's words for a lost connection (operators/errors.ts `connectionLost`:
 *   "Connection terminated", "timeout expired" while connecting, a client "not queryable" after
 *   an error); class 08 connection exception but for 08P01; 40001 serialization_failure, 40P01
 *   deadlock_detected and 55P03 lock_not_available (our writers racing each other: a record is
 *   never why, and judged by the health check an innocent one would be dead-lettered); 53100
 *   disk_full, 53300 too_many_connections and the rest of class 53 (the server's resources);
 *   25006 read_only_sql_transaction (a failover left us on a standby, or a replica's URL);
 *   57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (a restart, Aurora's
 *   failover), 57P05 idle_session_timeout: the guard waits for the server, never dead-letters;
 * - retryable, a passing condition a record or its batch may cause, or a failure we cannot place:
 *   57014 query_canceled (statement timeout), 53200 out_of_memory and 53400
 *   configuration_limit_exceeded (a large batch's doing, which its halves pass), 08P01
 *   protocol_violation (a message the server could not read — a batch with more parameters than
 *   the protocol carries, which a smaller one passes), pg's other errors without a SQLSTATE
 *   ("Query read timeout"…) and any SQLSTATE not listed: the guard's isolation finds a record
 *   that fails alone while the server answers and dead-letters only that one;
 * - permanent, the record's: class 22 data exception (22021 character_not_in_repertoire — a NUL
 *   in text —, 22P05 untranslatable_character, 22001 string_data_right_truncation, 22P02
 *   invalid_text_representation, 22007/22008 dates…), class 23 integrity constraint violation,
 *   class 54 program limit exceeded (54000: an index row too large for its B-tree);
 * - configuration, the store's setup: class 28 invalid authorization (28P01 a bad password),
 *   3D000 invalid_catalog_name (no such database), 3F000 invalid_schema_name, 57P04
 *   database_dropped, class 42 syntax error or access rule violation (42501
 *   insufficient_privilege, 42P01 undefined_table, 42703 undefined_column, 42601 syntax_error…:
 *   our statements take values as parameters, so these are the code's or the schema's, never a
 *   record's) and class 0A feature_not_supported (a server too old for a statement): every
 *   record would fail alike, so none is dead-lettered;
 * - our own bugs and bad values caught before the server (TypeError, RangeError): permanent.
 */
import { type Classification, SwitchyardError, connectionLost, networkErrorCode } from '../../operators/errors.ts';
import { storeFailureMessage } from '../storeFailure.ts';

const BY_SQLSTATE: Readonly<Record<string, Classification>> = {
  '08P01': 'retryable',
  '25006': 'transient',
  '40001': 'transient',
  '40P01': 'transient',
  '53100': 'transient',
  '53200': 'retryable',
  '53300': 'transient',
  '53400': 'retryable',
  '55P03': 'transient',
  '57014': 'retryable',
  '57P01': 'transient',
  '57P02': 'transient',
  '57P03': 'transient',
  '57P04': 'configuration',
  '57P05': 'transient',
  '3D000': 'configuration',
  '3F000': 'configuration',
};

const BY_CLASS: Readonly<Record<string, Classification>> = {
  '08': 'transient',
  '53': 'transient',
  '22': 'permanent',
  '23': 'permanent',
  '54': 'permanent',
  '0A': 'configuration',
  '28': 'configuration',
  '42': 'configuration',
};

export class PostgresSinkError extends SwitchyardError {
  override readonly name: string = 'PostgresSinkError';
  /** The server's SQLSTATE, when the server answered with one. */
  readonly sqlState: string | undefined;
  readonly classification: Classification;
  /** What it means for the record; `retriable` follows from it (all but permanent). */
  constructor(message: string, options: { classification: Classification; cause: unknown; sqlState: string | undefined }) {
    super(message, 'SWY_POSTGRES', { retriable: options.classification !== 'permanent', cause: options.cause });
    this.sqlState = options.sqlState;
    this.classification = options.classification;
  }
}

/**
 * The SQLSTATE of a server error (five characters), if the error is one. Node's EPIPE has the
 * same shape: a network error code is never a SQLSTATE.
 */
export function sqlStateOf(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && networkErrorCode(error) === undefined ? code : undefined;
}

/** What `error` says about the record (see the file's comment); pgvector's classifier uses it too. */
export function classifyPostgres(error: unknown): Classification {
  if (error instanceof PostgresSinkError) return error.classification;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return 'permanent';
  const sqlState = sqlStateOf(error);
  if (sqlState === undefined) return connectionLost(error) ? 'transient' : 'retryable';
  return BY_SQLSTATE[sqlState] ?? BY_CLASS[sqlState.slice(0, 2)] ?? 'retryable';
}

/** Wraps any error met while talking to PostgreSQL as a PostgresSinkError saying what it means for the record. */
export function classifyPostgresError(error: unknown, during: string): PostgresSinkError {
  if (error instanceof PostgresSinkError) return error;
  const classification = classifyPostgres(error);
  const sqlState = sqlStateOf(error);
  return new PostgresSinkError(storeFailureMessage('PostgreSQL', during, classification, error, sqlState), { classification, cause: error, sqlState });
}
