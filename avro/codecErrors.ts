/**
 * What can go wrong turning bytes into values and back. Each error says whether trying again
 * can help (`retriable`): a registry that does not answer is worth waiting for; bytes that are
 * not Avro never will be, so the topology dead-letters them with the error's reason.
 */
export abstract class CodecError extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;
  /** JSON path of the offending part of the value, when known (e.g. `$.payload.sha`). */
  readonly path: string | undefined;

  constructor(message: string, options?: { cause?: unknown; path?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.path = options?.path;
  }
}

/** The bytes carry a schema id the registry does not know. */
export class UnknownSchemaIdError extends CodecError {
  readonly code = 'SWY_CODEC_UNKNOWN_SCHEMA_ID';
  readonly retriable = false;
  readonly schemaId: number;

  constructor(schemaId: number, cause?: unknown) {
    super(`schema id ${schemaId} is not in the schema registry`, { cause });
    this.schemaId = schemaId;
  }
}

/** The bytes are neither Confluent-framed Avro of a readable schema nor (where allowed) JSON. */
export class MalformedBytesError extends CodecError {
  readonly code = 'SWY_CODEC_MALFORMED';
  readonly retriable = false;
}

/** The value does not fit the topic's schema, or the writer's schema cannot be read as it. */
export class SchemaMismatchError extends CodecError {
  readonly code = 'SWY_CODEC_SCHEMA_MISMATCH';
  readonly retriable = false;
}

/** The schema registry did not answer; the same bytes may decode once it does. */
export class RegistryUnavailableError extends CodecError {
  readonly code = 'SWY_CODEC_REGISTRY_UNAVAILABLE';
  readonly retriable = true;
}

/** The topic's schema is not registered yet: run `npx switchyard schemas register`. */
export class SchemaNotRegisteredError extends CodecError {
  readonly code = 'SWY_CODEC_NOT_REGISTERED';
  readonly retriable = false;
}
