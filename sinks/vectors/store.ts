/**
 * What the vector sink needs from a vector store, and no more: upsert records into a namespace,
 * fetch them back by id (a developer profile is folded from its previous state), delete by id,
 * query the nearest neighbours of a vector, and describe the store for health.
 *
 * Two adapters implement it: `pinecone.ts` (the managed service, through the official client) and
 * `pgvector.ts` (self-hosted PostgreSQL; Aurora supports pgvector). Both measure similarity as
 * cosine and report `score` as cosine similarity (1 is identical), so a caller reads the same
 * numbers from either.
 */

/** Pinecone's metadata value types (no null, no nested objects), which pgvector's jsonb also holds. */
export type MetadataValue = string | number | boolean | readonly string[];
export type Metadata = Readonly<Record<string, MetadataValue>>;

export interface VectorRecord {
  readonly id: string;
  readonly values: readonly number[];
  readonly metadata: Metadata;
}

export interface VectorMatch {
  readonly id: string;
  /** Cosine similarity to the query vector: 1 for the same direction, 0 for unrelated. */
  readonly score: number;
  readonly metadata: Metadata;
}

export interface StoreDescription {
  /** pinecone or pgvector. */
  readonly kind: string;
  /** The vectors' dimension as the store knows it, when it says. */
  readonly dimension: number | undefined;
  /** Record count per namespace the store has. */
  readonly namespaces: Readonly<Record<string, number>>;
  /** Server and extension versions, or the API version spoken. */
  readonly version: string;
}

export interface VectorStore {
  readonly kind: string;
  /** Create what the store needs (extension, tables, indexes) or check it exists; idempotent. */
  init(): Promise<void>;
  /** Insert or replace records by id. Replacing with the same record changes nothing. */
  upsert(namespace: string, records: readonly VectorRecord[]): Promise<void>;
  /** The records with these ids that exist, by id. */
  fetch(namespace: string, ids: readonly string[]): Promise<ReadonlyMap<string, VectorRecord>>;
  /** Delete these ids; ids that do not exist are no error. */
  delete(namespace: string, ids: readonly string[]): Promise<void>;
  /** The `topK` records most similar to `vector`, most similar first, with their metadata. */
  query(namespace: string, vector: readonly number[], topK: number): Promise<readonly VectorMatch[]>;
  describe(): Promise<StoreDescription>;
  close(): Promise<void>;
}

/**
 * The guide's two namespaces (DESIGN.md "Stores"), and the trash of deleted pages that an
 * undelete brings back (projectDocs.ts); no question reads the trash.
 */
export const NAMESPACES = { developerProfiles: 'developer_profiles', projectDocs: 'project_docs', trashedDocs: 'project_docs_trash' } as const;
export type Namespace = (typeof NAMESPACES)[keyof typeof NAMESPACES];
