/** The vector descriptor's own parts: the local service it points at, redaction, and a run's tables. */
import { describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { readSection } from '../../config/spec.ts';
import { vectorStore } from './index.ts';

describe('vectorStore', () => {
  it('is the Pinecone column, writing the local stack’s pgvector until a Pinecone key is set', () => {
    expect([vectorStore.name, vectorStore.title]).toEqual(['pinecone', 'Pinecone']);
    expect(vectorStore.localServices(readSection(vectorStore.config, {}))).toEqual({ pgvector: localStack.pgvector.url });
    const pinecone = readSection(vectorStore.config, { PINECONE_API_KEY: 'pc-secret-key' });
    expect(vectorStore.localServices(pinecone)).toEqual({});
    expect(vectorStore.redact(pinecone)).toMatchObject({ store: 'pinecone', index: 'engineering-intelligence', apiKey: 'redacted' });
    expect(JSON.stringify(vectorStore.redact(pinecone))).not.toContain('pc-secret-key');
  });

  it('gives a run pgvector tables of its own, never Pinecone', () => {
    expect(vectorStore.isolation.env('chaos1a2b')).toEqual({ PGVECTOR_TABLE_PREFIX: 'chaos1a2b_', VECTOR_STORE: 'pgvector' });
  });
});
