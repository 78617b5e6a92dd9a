/**
 * The one errors module of the operator library (after kafkajs's `errors.js` and
 * @platformatic/kafka's coded errors): a base error with a project-prefixed `code`, whether a
 * retry may help (`retriable`), the `cause`, and the record it is about, so a failure can be
 * dead-lettered with its provenance and a log line says where it happened.
 */

/** Where in Kafka the record an error is about came from. */
export interface RecordContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface SwitchyardErrorOptions {
  readonly retriable?: boolean;
  readonly cause?: unknown;
  readonly record?: RecordContext;
}

export const ErrorCodes = {
  /** Base code; subclasses pick a more precise one. */
  generic: 'SWY_ERROR',
  /** A user function (mapValues, filter, a predicate…) threw for a record. */
  processing: 'SWY_PROCESSING',
  /** A record with no value (a tombstone) where a value must be decoded. */
  emptyRecord: 'SWY_EMPTY_RECORD',
  /** A sink could not write some records of a batch. */
  batchWrite: 'SWY_BATCH_WRITE',
  /** The classifier said no retry can help. */
  permanent: 'SWY_PERMANENT',
  /** Every retry was used up. */
  retriesExhausted: 'SWY_RETRIES_EXHAUSTED',
  /** An ack handle was finished more often than it was forked: a bug in an operator. */
  ackMisuse: 'SWY_ACK_MISUSE',
  /** A topology that cannot run (duplicate names, unknown sub-topology…). */
  topology: 'SWY_TOPOLOGY',
  /** Producing to a topic failed after the client's own retries. */
  produce: 'SWY_PRODUCE',
  /** A sub-topology that cannot survive a rebalance in place (exactly-once) stopped to be restarted. */
  rebalanced: 'SWY_REBALANCED',
  /** A graceful stop ran out of time and cut pipelines: what they had in flight was not committed. */
  stopTimedOut: 'SWY_STOP_TIMED_OUT',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
/** Other modules (the codec, the sinks) add their own `SWY_…` codes to subclasses. */
export type AnyErrorCode = ErrorCode | `SWY_${string}`;

export class SwitchyardError extends Error {
  override readonly name: string = 'SwitchyardError';
  readonly code: AnyErrorCode;
  readonly retriable: boolean;
  readonly record: RecordContext | undefined;

  constructor(message: string, code: AnyErrorCode = ErrorCodes.generic, options: SwitchyardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.record = options.record;
  }
}

/** A user function threw while processing one record; the stage that ran it is in `stage`. */
export class ProcessingError extends SwitchyardError {
  override readonly name: string = 'ProcessingError';
  readonly stage: string;
  constructor(stage: string, record: RecordContext, cause: unknown) {
    super(`${stage} failed at ${record.topic}/${record.partition}@${record.offset}: ${messageOf(cause)}`, ErrorCodes.processing, {
      cause,
      record,
    });
    this.stage = stage;
  }
}

/** Wraps an error a classifier or the thrower declared hopeless: retrying it would fail again. */
export class PermanentError extends SwitchyardError {
  override readonly name: string = 'PermanentError';
  constructor(message: string, options: Omit<SwitchyardErrorOptions, 'retriable'> = {}) {
    super(message, ErrorCodes.permanent, { ...options, retriable: false });
  }
}

export class RetriesExhaustedError extends SwitchyardError {
  override readonly name: string = 'RetriesExhaustedError';
  readonly attempts: number;
  constructor(attempts: number, cause: unknown, record?: RecordContext) {
    super(`gave up after ${attempts} attempts: ${messageOf(cause)}`, ErrorCodes.retriesExhausted, {
      cause,
      retriable: false,
      ...(record === undefined ? {} : { record }),
    });
    this.attempts = attempts;
  }
}

/** One record a sink could not write, by its index in the batch it was given. */
export interface RecordFailure {
  readonly index: number;
  readonly error: unknown;
}

/**
 * Thrown by a batch writer when only some records failed. Records not listed were written;
 * the guard retries or dead-letters only the listed ones. A writer that throws any other error
 * says the whole batch failed.
 */
export class BatchWriteError extends SwitchyardError {
  override readonly name: string = 'BatchWriteError';
  readonly failures: readonly RecordFailure[];
  constructor(failures: readonly RecordFailure[], message = `${failures.length} record(s) of the batch failed`) {
    super(message, ErrorCodes.batchWrite, { retriable: failures.some((f) => classify(f.error) === 'retryable') });
    this.failures = failures;
  }
}

export type Classification = 'retryable' | 'permanent';
export type Classifier = (error: unknown) => Classification;

/**
 * The default classifier: trusts a `retriable` flag when the error has one (ours, kafkajs's),
 * treats PermanentError, TypeError, RangeError and SyntaxError (bugs and bad data, which fail
 * the same way every time) as permanent, and everything else as retryable — an unknown error
 * from a store is more often a network blip than a poison record, and retries are bounded.
 */
export const classify: Classifier = (error) => {
  if (error instanceof PermanentError) return 'permanent';
  if (typeof error === 'object' && error !== null && 'retriable' in error && typeof error.retriable === 'boolean') {
    return error.retriable ? 'retryable' : 'permanent';
  }
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return 'permanent';
  return 'retryable';
};

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The class name to report (DLQ `errorClass`, logs); the innermost SwitchyardError's cause wins. */
export function errorClassOf(error: unknown): string {
  if (error instanceof RetriesExhaustedError || error instanceof ProcessingError) return errorClassOf(error.cause);
  if (error instanceof Error) return error.constructor.name === 'Error' ? error.name : error.constructor.name;
  return typeof error;
}
