/**
 * Pinecone's documented operation limits (docs.pinecone.io, "Database limits": operation and
 * identifier limits), and the planner that splits a write to respect them. The adapter refuses
 * what can never be sent (an oversized record, a long id) before calling, so the error names the
 * record instead of Pinecone answering 400 for a whole batch.
 *
 * "2 MB" and "40 KB" are read as decimal (2,000,000 and 40,000 bytes of JSON): the stricter
 * reading, so a request we send is never one Pinecone counts as over.
 */
import { packBySize } from '../../operators/index.ts';
import { VECTOR_ERROR_CODES, VectorStoreError } from './errors.ts';
import type { VectorRecord } from './store.ts';

export const PINECONE_LIMITS = {
  /** Records with vectors per upsert request. */
  upsertRecords: 1_000,
  /** Bytes per upsert request body. */
  upsertBytes: 2_000_000,
  /** Bytes of metadata per record (its JSON). */
  metadataBytes: 40_000,
  /** Characters of a record id. */
  idLength: 512,
  /** Ids per delete or fetch request. */
  idsPerRequest: 1_000,
  /** Largest top_k of a query. */
  topK: 10_000,
  /** Largest dense dimension. */
  dimension: 20_000,
} as const;

export type Limits = typeof PINECONE_LIMITS;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** The size of a record's metadata as JSON: our measure, since Pinecone does not say how it counts. */
export function metadataBytes(record: Pick<VectorRecord, 'metadata'>): number {
  return utf8(JSON.stringify(record.metadata));
}

/** Throws a permanent error naming the record when it can never be upserted. */
export function checkRecord(record: VectorRecord, limits: Limits = PINECONE_LIMITS): void {
  const refuse = (why: string) => new VectorStoreError(`record ${JSON.stringify(record.id)} refused: ${why}`, VECTOR_ERROR_CODES.limit, { retriable: false, recordId: record.id });
  if (record.id.length === 0) throw refuse('empty id');
  if (record.id.length > limits.idLength) throw refuse(`id is ${record.id.length} characters, over Pinecone's ${limits.idLength}`);
  const bytes = metadataBytes(record);
  if (bytes > limits.metadataBytes) throw refuse(`metadata is ${bytes} bytes, over Pinecone's ${limits.metadataBytes} per record`);
  if (!record.values.some((v) => v !== 0)) throw refuse('a dense vector needs at least one non-zero value');
}

/**
 * Splits records into upsert requests of at most `upsertRecords` records and `upsertBytes` bytes
 * of request body (`{"vectors":[…],"namespace":"…"}`, as the client serializes it), keeping their
 * order. Every record must have passed `checkRecord`; one too big for a request alone is refused.
 */
export function planUpserts(namespace: string, records: readonly VectorRecord[], limits: Limits = PINECONE_LIMITS): VectorRecord[][] {
  const envelope = utf8(JSON.stringify({ vectors: [], namespace }));
  return packBySize(records, {
    maxBytes: limits.upsertBytes,
    maxItems: limits.upsertRecords,
    overhead: envelope,
    sizeOf: (record) => utf8(JSON.stringify({ id: record.id, values: record.values, metadata: record.metadata })) + 1, // + the comma
    tooLarge: (record, bytes) =>
      new VectorStoreError(`record ${JSON.stringify(record.id)} refused: ${bytes - envelope} bytes alone exceed an upsert request's ${limits.upsertBytes}`, VECTOR_ERROR_CODES.limit, { retriable: false, recordId: record.id }),
  });
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
