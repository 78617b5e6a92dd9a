/**
 * What turns text into vectors for the vector sink: a provider with a fixed dimension (the
 * store's index or table must have it) and a name for health output. Three implement it:
 *
 * - `lexicalEmbedder.ts`: offline and deterministic, no key; shared words, not meaning. The default.
 * - `openAiEmbedder.ts`: OpenAI's embeddings endpoint (text-embedding-3-small).
 * - `pineconeInference.ts`: Pinecone Inference's hosted models.
 *
 * `purpose` says whether texts are stored documents or a search query: some models (Pinecone's
 * hosted ones) embed them differently, and the others ignore it.
 */
export type EmbeddingPurpose = 'passage' | 'query';

export interface Embedder {
  /** Provider and model, e.g. `lexical (unigram+bigram hashing, 384)`, for health detail. */
  readonly name: string;
  readonly dimension: number;
  /** One vector per text, in order. */
  embed(texts: readonly string[], purpose?: EmbeddingPurpose): Promise<number[][]>;
}
