/** The vector reader's guards that need no store: topK clamped, namespaces allowed, writes refused, the key's warning, its setting. */
import { describe, expect, test } from 'vitest';
import { loadVectorConfig, redactedVectorConfig } from './config.ts';
import { clampTopK, readOnly, SERVED_NAMESPACES, vectorReaderWarnings } from './reader.ts';
import type { VectorStore } from './store.ts';

/** A store that records the topK and namespace it was asked for (a stand-in: the guards sit in front of any store). */
function recordingStore(): VectorStore & { readonly asked: { namespace: string; topK: number }[] } {
  const asked: { namespace: string; topK: number }[] = [];
  const unexpected = async (): Promise<never> => { throw new Error('the guard let a write through'); };
  return {
    kind: 'recording',
    asked,
    init: unexpected,
    upsert: unexpected,
    delete: unexpected,
    fetch: async () => new Map(),
    query: async (namespace, _vector, topK) => (asked.push({ namespace, topK }), []),
    describe: async () => ({ kind: 'recording', dimension: 2, namespaces: {}, version: 'test' }),
    close: async () => {},
  };
}

describe('clampTopK', () => {
  test.each([
    [5, 10, 5],
    [50, 10, 10],
    [10_000, 10, 10],
    [0, 10, 1],
    [-3, 10, 1],
    [2.9, 10, 2],
    [Number.NaN, 10, 10],
    [Number.POSITIVE_INFINITY, 10, 10],
  ])('topK %s under a cap of %s → %s', (topK, cap, expected) => {
    expect(clampTopK(topK, cap)).toBe(expected);
  });
});

describe('readOnly', () => {
  test('asks the store for at most maxTopK, and only of the served namespaces', async () => {
    const store = recordingStore();
    const guarded = readOnly(store, { maxTopK: 7 });
    await guarded.query('developer_profiles', [1, 0], 500);
    await guarded.query('project_docs', [1, 0], 3);
    expect(store.asked).toEqual([{ namespace: 'developer_profiles', topK: 7 }, { namespace: 'project_docs', topK: 3 }]);
    await expect(guarded.query('project_docs_trash', [1, 0], 3)).rejects.toMatchObject({ code: 'SWY_ACCESS_REFUSED', message: expect.stringMatching(/project_docs_trash.*not served/) });
    await expect(guarded.fetch('project_docs_trash', ['x'])).rejects.toMatchObject({ code: 'SWY_ACCESS_REFUSED' });
    expect(store.asked).toHaveLength(2);
    expect(SERVED_NAMESPACES).toEqual(['developer_profiles', 'project_docs']);
  });

  test('refuses writes before the store sees them', async () => {
    const guarded = readOnly(recordingStore(), { maxTopK: 7 });
    for (const write of [() => guarded.init(), () => guarded.upsert('developer_profiles', []), () => guarded.delete('developer_profiles', ['a'])]) {
      await expect(write()).rejects.toMatchObject({ code: 'SWY_ACCESS_REFUSED' });
    }
  });

  test('a store failure reaches the access layer as a plain error (so it checks the store: 503), a client timeout as a 504', async () => {
    const failing = (cause: Error): VectorStore => ({ ...recordingStore(), query: async () => { throw Object.assign(new Error(`pgvector query failed: ${cause.message}`), { code: 'SWY_VECTOR_STORE', cause }); } });
    const down = await readOnly(failing(new Error('connect ECONNREFUSED 127.0.0.1:5433')), { maxTopK: 7 }).query('project_docs', [1], 1).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(Error);
    expect((down as { code?: string }).code).toBeUndefined();
    expect((down as Error).message).toMatch(/ECONNREFUSED/);
    await expect(readOnly(failing(new Error('Query read timeout')), { maxTopK: 7 }).query('project_docs', [1], 1)).rejects.toMatchObject({ code: 'SWY_ACCESS_TIMEOUT', status: 504 });
  });
});

describe('PINECONE_READER_API_KEY', () => {
  test('is read for Pinecone, redacted, and silences the warning that the key in use can write', () => {
    const writerOnly = loadVectorConfig({ PINECONE_API_KEY: 'pc-all' });
    expect(vectorReaderWarnings(writerOnly)).toEqual([expect.stringMatching(/PINECONE_READER_API_KEY is unset.*can write/)]);
    const withReader = loadVectorConfig({ PINECONE_API_KEY: 'pc-all', PINECONE_READER_API_KEY: 'pc-readonly' });
    expect(withReader.store).toEqual({ kind: 'pinecone', apiKey: 'pc-all', index: 'engineering-intelligence', readerApiKey: 'pc-readonly' });
    expect(vectorReaderWarnings(withReader)).toEqual([]);
    expect(JSON.stringify(redactedVectorConfig(withReader))).not.toMatch(/pc-readonly|pc-all/);
  });

  test('is refused with pgvector, where it would be ignored', () => {
    expect(() => loadVectorConfig({ PINECONE_READER_API_KEY: 'pc-readonly' })).toThrow(/PINECONE_READER_API_KEY: is for VECTOR_STORE=pinecone/);
    expect(vectorReaderWarnings(loadVectorConfig({}))).toEqual([]);
  });
});
