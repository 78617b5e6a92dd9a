import { describe, expect, test } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { loadVectorConfig, redactedVectorConfig } from './config.ts';
import { embedderFor } from './connect.ts';

function catching(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected it to throw');
}

describe('loadVectorConfig', () => {
  test('with nothing set: the local stack’s pgvector and the offline lexical embedder, saying why', () => {
    const config = loadVectorConfig({});
    expect(config.store).toEqual({ kind: 'pgvector', url: localStack.pgvector.url, poolMax: 1, tablePrefix: 'vectors_' });
    expect(config.embeddings).toEqual({ provider: 'lexical', reason: 'no embedding provider configured: the offline lexical default' });
    expect(embedderFor(config.embeddings).name).toMatch(/^lexical .*shared words, not meaning/);
  });

  test('a Pinecone key picks Pinecone with the guide’s index name; an OpenAI key picks OpenAI', () => {
    const config = loadVectorConfig({ PINECONE_API_KEY: 'pc-secret', OPENAI_API_KEY: 'sk-secret' });
    expect(config.store).toEqual({ kind: 'pinecone', apiKey: 'pc-secret', index: 'engineering-intelligence' });
    expect(config.embeddings).toMatchObject({ provider: 'openai', reason: 'OPENAI_API_KEY is set', apiKey: 'sk-secret' });
    expect(JSON.stringify(redactedVectorConfig(config))).not.toMatch(/secret/);
  });

  test('an explicit EMBEDDINGS wins over a key', () => {
    expect(loadVectorConfig({ OPENAI_API_KEY: 'sk', EMBEDDINGS: 'lexical' }).embeddings).toEqual({ provider: 'lexical', reason: 'EMBEDDINGS=lexical' });
  });

  test.each([
    [{ VECTOR_STORE: 'pinecone' }, /PINECONE_API_KEY: required when VECTOR_STORE=pinecone/],
    [{ VECTOR_STORE: 'chroma' }, /VECTOR_STORE/],
    [{ EMBEDDINGS: 'openai' }, /OPENAI_API_KEY: required when EMBEDDINGS=openai/],
    [{ EMBEDDINGS: 'pinecone' }, /PINECONE_API_KEY: required when EMBEDDINGS=pinecone/],
    [{ PINECONE_INDEX_HOST: 'not a url' }, /PINECONE_INDEX_HOST/],
    [{ PGVECTOR_URL: 'mysql://x' }, /PGVECTOR_URL/],
    [{ EMBEDDINGS_DIMENSION: 'many' }, /EMBEDDINGS_DIMENSION/],
    [{ PGVECTOR_POOL_MAX: '0' }, /PGVECTOR_POOL_MAX: must be at least 1/],
    [{ PGVECTOR_POOL_MAX: '1.5' }, /PGVECTOR_POOL_MAX: must be a whole number/],
    [{ PINECONE_INDEX: 'Engineering Intelligence' }, /PINECONE_INDEX/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => loadVectorConfig(env)).toThrow(message);
  });

  test('PGVECTOR_TABLE_PREFIX names the tables; a prefix that is no identifier is refused', () => {
    expect(loadVectorConfig({ PGVECTOR_TABLE_PREFIX: 'chaos_1_' }).store).toMatchObject({ kind: 'pgvector', tablePrefix: 'chaos_1_' });
    expect(loadVectorConfig({}).store).toMatchObject({ tablePrefix: 'vectors_' });
    expect(() => loadVectorConfig({ PGVECTOR_TABLE_PREFIX: 'x; drop' })).toThrow(/PGVECTOR_TABLE_PREFIX/);
  });

  test('PGVECTOR_URL points pgvector elsewhere; its password is never shown', () => {
    expect(loadVectorConfig({ PGVECTOR_URL: 'postgres://u@localhost:5432/db' }).store).toEqual({ kind: 'pgvector', url: 'postgres://u@localhost:5432/db', poolMax: 1, tablePrefix: 'vectors_' });
    const config = loadVectorConfig({ PGVECTOR_URL: 'postgres://u:pg-secret@db.example:5432/vectors' });
    expect(redactedVectorConfig(config)).toMatchObject({ store: 'pgvector', url: 'postgres://db.example:5432/vectors' });
    expect(JSON.stringify(redactedVectorConfig(config))).not.toMatch(/secret/);
    const error = catching(() => loadVectorConfig({ PGVECTOR_URL: 'mysql://u:pg-secret@db.example/x' }));
    expect(error.message).toMatch(/PGVECTOR_URL: must be a postgres/);
    expect(error.message).not.toContain('pg-secret');
  });

  test('PGVECTOR_POOL_MAX sizes the pool for a PostgreSQL that takes more than one session', () => {
    expect(loadVectorConfig({ PGVECTOR_POOL_MAX: '8' }).store).toMatchObject({ kind: 'pgvector', poolMax: 8 });
  });
});
