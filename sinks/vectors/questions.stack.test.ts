/**
 * The vector questions, asked through the access layer (openAccess: schemas, the read-only reader
 * with its topK clamp, the row cap) of the local stack's pgvector, in tables of their own. The
 * records are embedded with the offline lexical embedder the reader uses too, so each score is
 * the cosine of two vectors this file can compute itself.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccess, type Access } from '../../access/service.ts';
import { readSection } from '../../config/spec.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { vectorStore } from './index.ts';
import { lexicalVector } from './lexicalEmbedder.ts';
import { pgvectorStore } from './pgvector.ts';
import { vectorQuestions } from './questions.ts';
import { NAMESPACES } from './store.ts';

const ALICE = 'retry checkout payment on gateway timeout';
// Alice's words and more: near her, below 1.
const CAROL = 'retry checkout payment on gateway timeout, then restyle the checkout page';
const BOB = 'kubernetes cluster autoscaling for build nodes';
const RUNBOOK = 'Runbook: restart the payment service after a gateway outage';
const ONBOARDING = 'Onboarding guide for new engineers joining the team';

const cosine = (a: string, b: string): number => {
  const [x, y] = [lexicalVector(a), lexicalVector(b)];
  return x.reduce((sum, v, i) => sum + v * y[i]!, 0);
};

/** A profile's metadata as profiles.ts writes it: the ledger is bookkeeping the answer replaces by recentWork. */
function profile(login: string, texts: string[]) {
  const ledger = texts.map((text, i) => ({ eventId: `e-${login}-${i}`, kind: 'commit', at: Date.UTC(2026, 2, 1 + i), text, where: 'acme/web' }));
  return { developer: `github:${login}`, login, displayName: login.toUpperCase(), sources: ['github'], commits: texts.length, pullRequests: 0, jiraIssues: 0, lastActivityAt: Date.UTC(2026, 2, 1), workedIn: ['acme/web'], contributions: JSON.stringify(ledger), watermark: '' };
}

const shown = (login: string, texts: string[]) => {
  const { contributions: _c, watermark: _w, ...rest } = profile(login, texts);
  return { ...rest, recentWork: texts };
};

describe('vector questions through the access layer', () => {
  const tablePrefix = `${uniqueIdentifier('q')}_`;
  const config = readSection(vectorStore.config, { VECTOR_STORE: 'pgvector', PGVECTOR_TABLE_PREFIX: tablePrefix, EMBEDDINGS: 'lexical' });
  let access: Access;
  /** Row cap 1: answers cut. */
  let capped: Access;
  /** SWITCHYARD_ACCESS_MAX_TOPK 2: topK clamped. */
  let narrow: Access;

  beforeAll(async () => {
    const pool = new pg.Pool({ connectionString: config.store.kind === 'pgvector' ? config.store.url : '', max: 1 });
    const store = pgvectorStore({ sql: pool, dimension: 384, namespaces: Object.values(NAMESPACES), tablePrefix, onClose: () => pool.end() });
    try {
      await store.init();
      await store.upsert(NAMESPACES.developerProfiles, [
        { id: 'github:alice', values: lexicalVector(ALICE), metadata: profile('alice', [ALICE]) },
        { id: 'github:bob', values: lexicalVector(BOB), metadata: profile('bob', [BOB]) },
        { id: 'github:carol', values: lexicalVector(CAROL), metadata: profile('carol', [CAROL]) },
      ]);
      await store.upsert(NAMESPACES.projectDocs, [
        { id: 'page-runbook', values: lexicalVector(RUNBOOK), metadata: { pageId: 'page-runbook', title: 'Runbook', url: 'https://notion.so/runbook', lastEditedAt: Date.UTC(2026, 2, 2) } },
        { id: 'page-onboarding', values: lexicalVector(ONBOARDING), metadata: { pageId: 'page-onboarding', title: 'Onboarding' } },
      ]);
      // A deleted page's vector: in the trash, which no question serves.
      await store.upsert(NAMESPACES.trashedDocs, [{ id: 'page-trashed', values: lexicalVector(RUNBOOK), metadata: { pageId: 'page-trashed' } }]);
    } finally {
      await store.close();
    }
    const catalogue = vectorQuestions;
    access = openAccess({ stores: { pinecone: config }, limits: { rowCap: 100, maxTopK: 50, timeoutMs: 10_000 }, catalogue });
    capped = openAccess({ stores: { pinecone: config }, limits: { rowCap: 1, maxTopK: 50, timeoutMs: 10_000 }, catalogue });
    narrow = openAccess({ stores: { pinecone: config }, limits: { rowCap: 100, maxTopK: 2, timeoutMs: 10_000 }, catalogue });
  });
  afterAll(async () => {
    await access?.close();
    await capped?.close();
    await narrow?.close();
    await vectorStore.isolation.drop(config);
  });

  it('similar_developers: nearest recent work first, scores the cosine, the ledger shown as recentWork', async () => {
    const answer = await access.ask('similar_developers', { text: ALICE });
    expect(answer).toMatchObject({ truncated: false, limit: 100, topK: 5 });
    const rows = answer.rows as { id: string; score: number; metadata: unknown }[];
    expect(rows.map((r) => r.id)).toEqual(['github:alice', 'github:carol', 'github:bob']);
    expect(rows[0]!.score).toBeCloseTo(1, 5);
    expect(rows[1]!.score).toBeCloseTo(cosine(ALICE, CAROL), 5);
    expect(rows[1]!.score).toBeLessThan(0.95);
    expect(rows[2]!.score).toBeCloseTo(cosine(ALICE, BOB), 5);
    expect(rows[0]!.metadata).toEqual(shown('alice', [ALICE]));
  });

  it('relevant_docs: the nearest pages with their metadata; never the trash', async () => {
    const answer = await access.ask('relevant_docs', { question: 'how do I restart the payment service?', topK: 10 });
    expect(answer).toMatchObject({ truncated: false, limit: 100, topK: 10 });
    const rows = answer.rows as { id: string; score: number; metadata: unknown }[];
    expect(rows.map((r) => r.id)).toEqual(['page-runbook', 'page-onboarding']);
    expect(rows[0]!.score).toBeCloseTo(cosine('how do I restart the payment service?', RUNBOOK), 5);
    expect(rows[0]!.metadata).toEqual({ pageId: 'page-runbook', title: 'Runbook', url: 'https://notion.so/runbook', lastEditedAt: Date.UTC(2026, 2, 2) });
  });

  it('developers_like: the nearest to their own profile, without them; none without a profile', async () => {
    const answer = await access.ask('developers_like', { developer: 'github:alice' });
    expect((answer.rows as { id: string }[]).map((r) => r.id)).toEqual(['github:carol', 'github:bob']);
    expect((answer.rows as { score: number }[])[0]!.score).toBeCloseTo(cosine(ALICE, CAROL), 5);
    expect(await access.ask('developers_like', { developer: 'github:nobody' })).toEqual({ rows: [], truncated: false, limit: 100, topK: 5 });
    await expect(access.ask('developers_like', { developer: 'alice' })).rejects.toMatchObject({ code: ErrorCodes.accessBadInput, details: { problems: [{ path: 'input.developer' }] } });
  });

  it('cuts at the row cap and says so', async () => {
    const answer = await capped.ask('similar_developers', { text: ALICE, topK: 3 });
    expect(answer).toMatchObject({ truncated: true, limit: 1, topK: 3 });
    expect((answer.rows as { id: string }[]).map((r) => r.id)).toEqual(['github:alice']);
    expect(await capped.ask('relevant_docs', { question: 'payment gateway runbook', topK: 1 })).toMatchObject({ rows: [{ id: 'page-runbook' }], truncated: false, limit: 1, topK: 1 });
  });

  it('topK: the schema’s 1–50, then the server’s cap, and the answer says which was used', async () => {
    const answer = await narrow.ask('similar_developers', { text: ALICE, topK: 50 });
    expect(answer).toMatchObject({ topK: 2, truncated: false });
    expect((answer.rows as { id: string }[]).map((r) => r.id)).toEqual(['github:alice', 'github:carol']);
    for (const topK of [0, 51, 1.5]) {
      await expect(access.ask('relevant_docs', { question: 'runbook', topK })).rejects.toMatchObject({ code: ErrorCodes.accessBadInput, details: { problems: [{ path: 'input.topK' }] } });
    }
  });
});
