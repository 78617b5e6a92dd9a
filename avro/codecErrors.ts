/**
 * What can go wrong turning bytes into values and back, as `SwitchyardError`s (the one errors
 * module is `operators/errors.ts`). Each says whether trying again can help (`retriable`): a
 * registry that does not answer is worth waiting for; bytes that are not Avro never will be,
 * so the topology dead-letters them with the error's reason and path.
 */
import { SwitchyardError, type AnyErrorCode } from '../operators/errors.ts';

export abstract class CodecError extends SwitchyardError {
  /** JSON path of the offending part of the value, when known (e.g. `$.payload.sha`). */
  readonly path: string | undefined;

  constructor(message: string, code: AnyErrorCode, retriable: boolean, options: { cause?: unknown; path?: string } = {}) {
    super(message, code, { retriable, ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.path = options.path;
  }
}

/** The bytes carry a schema id the registry does not know. */
export class UnknownSchemaIdError extends CodecError {
  override readonly name: string = 'UnknownSchemaIdError';
  readonly schemaId: number;
  constructor(schemaId: number, cause?: unknown) {
    super(`schema id ${schemaId} is not in the schema registry`, 'SWY_CODEC_UNKNOWN_SCHEMA_ID', false, { cause });
    this.schemaId = schemaId;
  }
}

/** The bytes are neither Confluent-framed Avro of a readable schema nor (where allowed) JSON. */
export class MalformedBytesError extends CodecError {
  override readonly name: string = 'MalformedBytesError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'SWY_CODEC_MALFORMED', false, options);
  }
}

/** The value does not fit the topic's schema, or the writer's schema cannot be read as it. */
export class SchemaMismatchError extends CodecError {
  override readonly name: string = 'SchemaMismatchError';
  constructor(message: string, options?: { cause?: unknown; path?: string }) {
    super(message, 'SWY_CODEC_SCHEMA_MISMATCH', false, options);
  }
}

/** The schema registry did not answer; the same bytes may decode once it does. */
export class RegistryUnavailableError extends CodecError {
  override readonly name: string = 'RegistryUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'SWY_CODEC_REGISTRY_UNAVAILABLE', true, options);
  }
}

/** The topic's schema is not registered yet: run `npx switchyard schemas register`. */
export class SchemaNotRegisteredError extends CodecError {
  override readonly name: string = 'SchemaNotRegisteredError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'SWY_CODEC_NOT_REGISTERED', false, options);
  }
}
