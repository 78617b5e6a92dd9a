/**
 * The Pinecone adapter through the official client, against `testing/pineconeStandIn.ts`: a local
 * stand-in for Pinecone's data-plane API, because Pinecone's cloud cannot run on this machine.
 * What the stand-in does and does not imitate is in its doc comment.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { VectorStoreError } from './errors.ts';
import { PINECONE_API_VERSION, pineconeStore } from './pinecone.ts';
import { startPineconeStandIn } from './testing/pineconeStandIn.ts';
import type { PineconeStandIn } from './testing/pineconeStandIn.ts';
import type { VectorRecord, VectorStore } from './store.ts';

const DIMENSION = 4;
let standIn: PineconeStandIn;
let store: VectorStore;

const storeFor = (s: PineconeStandIn, options: { dimension?: number; apiKey?: string } = {}) =>
  pineconeStore({ apiKey: options.apiKey ?? 'stand-in-key', indexName: 'engineering-intelligence', indexHost: s.url, dimension: options.dimension ?? DIMENSION });

const record = (id: string, values: number[] = [1, 0, 0, 0], metadata: VectorRecord['metadata'] = {}): VectorRecord => ({ id, values, metadata });

async function failure(promise: Promise<unknown>): Promise<VectorStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VectorStoreError);
  return error as VectorStoreError;
}

beforeEach(async () => {
  standIn = await startPineconeStandIn({ dimension: DIMENSION });
  store = storeFor(standIn);
});
afterEach(async () => {
  await store.close();
  await standIn.close();
});

describe('pineconeStore against the Pinecone stand-in', () => {
  test('init checks the index dimension against the embedder', async () => {
    await store.init();
    const error = await failure(storeFor(standIn, { dimension: 384 }).init());
    expect(error.retriable).toBe(false);
    expect(error.message).toMatch(/dimension 4 but the embedder makes 384/);
  });

  test('upserts, fetches, queries by cosine and deletes, speaking API version 2026-07', async () => {
    await store.upsert('project_docs', [record('a', [1, 0, 0, 0], { title: 'A' }), record('b', [0.7, 0.7, 0, 0], { title: 'B' }), record('c', [0, 0, 1, 0])]);
    const matches = await store.query('project_docs', [1, 0.1, 0, 0], 2);
    expect(matches.map((m) => m.id)).toEqual(['a', 'b']);
    expect(matches[0]!.metadata).toEqual({ title: 'A' });
    expect(matches[0]!.score).toBeGreaterThan(0.99);
    expect([...(await store.fetch('project_docs', ['b', 'missing'])).keys()]).toEqual(['b']);
    await store.delete('project_docs', ['a', 'never-there']);
    expect([...standIn.snapshot('project_docs').keys()].sort()).toEqual(['b', 'c']);
    expect(await store.describe()).toEqual({ kind: 'pinecone', dimension: 4, namespaces: { project_docs: 2 }, version: `Pinecone API ${PINECONE_API_VERSION}` });
    expect(new Set(standIn.requests.map((r) => r.apiVersion))).toEqual(new Set([PINECONE_API_VERSION]));
  });

  test('splits a large write into upserts of at most 1,000 records', async () => {
    const records = Array.from({ length: 2_500 }, (_, i) => record(`r${i}`, [1, i, 0, 0]));
    await store.upsert('developer_profiles', records);
    const upserts = standIn.requests.filter((r) => r.path === '/vectors/upsert');
    expect(upserts.map((r) => [r.status, r.count])).toEqual([
      [200, 1000],
      [200, 1000],
      [200, 500],
    ]);
    expect(standIn.snapshot('developer_profiles').size).toBe(2_500);
  });

  test('splits a large write into upserts of at most 2 MB', async () => {
    const records = Array.from({ length: 150 }, (_, i) => record(`doc-${i}`, [1, 0, 0, 0], { text: 'x'.repeat(30_000) }));
    await store.upsert('project_docs', records);
    const upserts = standIn.requests.filter((r) => r.path === '/vectors/upsert');
    expect(upserts.length).toBe(3);
    for (const r of upserts) {
      expect(r.status).toBe(200);
      expect(r.bodyBytes).toBeLessThanOrEqual(2_000_000);
    }
    expect(upserts.reduce((n, r) => n + r.count, 0)).toBe(150);
  });

  test('deletes in requests of at most 1,000 ids', async () => {
    await store.delete('project_docs', Array.from({ length: 1_500 }, (_, i) => `p${i}`));
    expect(standIn.requests.filter((r) => r.path === '/vectors/delete').map((r) => r.count)).toEqual([1000, 500]);
  });

  test('refuses a record whose metadata is over 40 KB, naming it, and sends nothing', async () => {
    const error = await failure(store.upsert('project_docs', [record('fine'), record('notion-page-1', [1, 0, 0, 0], { text: 'y'.repeat(40_001) })]));
    expect(error.retriable).toBe(false);
    expect(error.recordId).toBe('notion-page-1');
    expect(error.message).toContain('"notion-page-1"');
    expect(error.message).toMatch(/metadata is \d+ bytes, over Pinecone's 40000/);
    expect(standIn.requests).toEqual([]);
  });

  test('refuses an id over 512 characters and an all-zero vector', async () => {
    expect((await failure(store.upsert('project_docs', [record('i'.repeat(513))]))).message).toMatch(/513 characters, over Pinecone's 512/);
    expect((await failure(store.upsert('project_docs', [record('zero', [0, 0, 0, 0])]))).recordId).toBe('zero');
  });

  test('a 429 is a retriable error', async () => {
    standIn.failNext(429);
    const error = await failure(store.upsert('project_docs', [record('a')]));
    expect(error).toMatchObject({ retriable: true, status: 429 });
  });

  test('a rate limit per second answers 429, retriable', async () => {
    const limited = await startPineconeStandIn({ dimension: DIMENSION, requestsPerSecond: 2 });
    const limitedStore = storeFor(limited);
    try {
      await limitedStore.query('project_docs', [1, 0, 0, 0], 1);
      await limitedStore.query('project_docs', [1, 0, 0, 0], 1);
      const error = await failure(limitedStore.query('project_docs', [1, 0, 0, 0], 1));
      expect(error).toMatchObject({ retriable: true, status: 429 });
    } finally {
      await limited.close();
    }
  });

  test('a 5xx is a retriable error (the client does not retry it itself)', async () => {
    standIn.failNext(503);
    expect(await failure(store.query('project_docs', [1, 0, 0, 0], 1))).toMatchObject({ retriable: true, status: 503 });
    standIn.failNext(500);
    expect(await failure(store.upsert('project_docs', [record('a')]))).toMatchObject({ retriable: true, status: 500 });
    expect(standIn.requests.length).toBe(2);
  });

  test('a 400 (a dimension the index does not have) is permanent', async () => {
    const error = await failure(store.upsert('project_docs', [record('short', [1, 0, 0])]));
    expect(error).toMatchObject({ retriable: false, status: 400 });
    expect(error.message).toMatch(/dimension 3 does not match the dimension of the index 4/);
  });

  test('a rejected API key (401) is the setup, not a record: retried, never dead-lettered', async () => {
    const error = await failure(storeFor(standIn, { apiKey: 'wrong' }).describe());
    expect(error).toMatchObject({ retriable: true, classification: 'configuration', status: 401 });
  });

  test('a connection refused is retriable', async () => {
    const gone = await startPineconeStandIn({ dimension: DIMENSION });
    await gone.close();
    expect(await failure(storeFor(gone).describe())).toMatchObject({ retriable: true });
  });
});
