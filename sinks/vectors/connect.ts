/**
 * Builds the vector sink from configuration: the embedder it names (embedder.ts), the store it
 * names (Pinecone through the official client, or pgvector through a `pg.Pool` on PGVECTOR_URL),
 * and the sink over both. Tests build sinks directly with a stand-in or PGlite instead.
 */
import pg from 'pg';
import { applicationName, watchPool } from '../postgres/connectionErrors.ts';
import { addressOf } from '../sink.ts';
import type { VectorConfig } from './config.ts';
import type { Embedder } from './embedder.ts';
import { lexicalEmbedder } from './lexicalEmbedder.ts';
import { openAiEmbedder } from './openAiEmbedder.ts';
import { pgvectorStore } from './pgvector.ts';
import { pineconeStore } from './pinecone.ts';
import { pineconeInferenceFromKey } from './pineconeInference.ts';
import { vectorSink, type VectorSink } from './sink.ts';
import { NAMESPACES } from './store.ts';
import type { VectorStore } from './store.ts';

export function embedderFor(config: VectorConfig['embeddings']): Embedder {
  const model = config.model === undefined ? {} : { model: config.model };
  switch (config.provider) {
    case 'lexical':
      return lexicalEmbedder(config.dimension);
    case 'openai':
      return openAiEmbedder({ apiKey: config.apiKey!, ...model, ...(config.dimension === undefined ? {} : { dimensions: config.dimension }) });
    case 'pinecone':
      return pineconeInferenceFromKey(config.apiKey!, { ...model, ...(config.dimension === undefined ? {} : { dimension: config.dimension }) });
  }
}

export function storeFor(config: VectorConfig['store'], dimension: number): VectorStore {
  if (config.kind === 'pinecone') {
    return pineconeStore({ apiKey: config.apiKey, indexName: config.index, ...(config.indexHost === undefined ? {} : { indexHost: config.indexHost }), dimension });
  }
  // Its connections' errors are reported, never thrown (connectionErrors.ts): a dropped one must not kill the worker.
  const pool = watchPool(new pg.Pool({ connectionString: config.url, max: config.poolMax, fallback_application_name: applicationName(`sink:vectors ${config.tablePrefix}`) }), 'pgvector sink:vectors');
  return pgvectorStore({ sql: pool, dimension, namespaces: Object.values(NAMESPACES), tablePrefix: config.tablePrefix, onClose: () => pool.end() });
}

/** Where the configured store is, without credentials (the API key is never part of it). */
export function whereIs(config: VectorConfig['store']): string {
  if (config.kind === 'pinecone') return `pinecone index ${config.index}${config.indexHost === undefined ? '' : ` at ${addressOf(config.indexHost)}`}`;
  return `pgvector at ${addressOf(config.url)}`;
}

export function vectorSinkFromConfig(config: VectorConfig): VectorSink {
  const embedder = embedderFor(config.embeddings);
  return vectorSink({ store: storeFor(config.store, embedder.dimension), embedder, embedderReason: config.embeddings.reason, where: whereIs(config.store) });
}
