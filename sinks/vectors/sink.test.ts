/**
 * The vector sink over both stores (pgvector in PGlite; Pinecone via the official client against
 * a local stand-in, since Pinecone's cloud cannot run here), with the offline lexical embedder:
 * the guide's three questions answered from events, idempotent replays, deletes, health.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Sink } from '../sink.ts';
import { lexicalEmbedder } from './lexicalEmbedder.ts';
import { profileFromRecord } from './profiles.ts';
import { developersFor, developersLike, docsFor } from './queries.ts';
import { vectorSink } from './sink.ts';
import { NAMESPACES } from './store.ts';
import { STORE_KINDS, storeUnderTest } from './testing/testStores.ts';
import type { StoreUnderTest } from './testing/testStores.ts';
import { DOC_IDS, EVENTS, PROFILE_IDS, T0, hour, notionPage } from './testing/testEvents.ts';

const embedder = lexicalEmbedder();

describe.each(STORE_KINDS)('vectorSink over %s', (kind) => {
  let under: StoreUnderTest;
  let sink: Sink;
  const reader = () => ({ store: under.store, embedder });
  const state = async () => ({ profiles: await under.dump(NAMESPACES.developerProfiles), docs: await under.dump(NAMESPACES.projectDocs) });

  beforeEach(async () => {
    under = await storeUnderTest(kind, embedder.dimension);
    sink = vectorSink({ store: under.store, embedder, embedderReason: 'no embedding provider configured: the offline lexical default' });
    await sink.init();
  });
  afterEach(() => sink.close());

  test('"Find developers similar to this project requirement"', async () => {
    await sink.write(EVENTS);
    const top = async (text: string) => (await developersFor(reader(), text, 2)).map((m) => m.id);
    expect(await top('We need someone to fix Kafka consumer rebalancing in the ingestion service')).toEqual(['github:alice', 'github:dave']);
    expect((await top('ClickHouse materialized views for deployment analytics'))[0]).toBe('github:bob');
    expect((await top('A React dashboard with charts per team'))[0]).toBe('jira:5b10ac8d82e05b22cc7d4ef5');
  });

  test('"Which documentation is most relevant to this question?"', async () => {
    await sink.write(EVENTS);
    const first = async (question: string) => (await docsFor(reader(), question, 3))[0];
    const oncall = await first('What should I do when an alert fires and I am on call?');
    expect(oncall).toMatchObject({ id: 'page-oncall', metadata: { title: 'On-call runbook', url: 'https://www.notion.so/page-oncall', parentType: 'database' } });
    expect((await first('How is change failure rate defined in the DORA metrics?'))?.id).toBe('page-dora');
  });

  test('"Match me with developers who have worked on similar problems"', async () => {
    await sink.write(EVENTS);
    expect((await developersLike(reader(), 'github:alice', 1)).map((m) => m.id)).toEqual(['github:dave']);
    expect(await developersLike(reader(), 'github:nobody')).toEqual([]);
  });

  test('profiles hold what routing sends: substantial commits, merged PRs, completed assigned issues', async () => {
    await sink.write(EVENTS);
    const stored = await under.store.fetch(NAMESPACES.developerProfiles, PROFILE_IDS);
    expect([...stored.keys()].sort()).toEqual([...PROFILE_IDS].sort());
    const bob = profileFromRecord(stored.get('github:bob')!);
    expect(bob.counts).toEqual({ commit: 1, pull_request: 1, jira_issue: 0 }); // the merge commit is not work
    const carol = stored.get('jira:5b10ac8d82e05b22cc7d4ef5')!.metadata;
    expect(carol).toMatchObject({ displayName: 'Carol Chen', jiraIssues: 2, sources: ['jira'], workedIn: ['WEB'] }); // WEB-16 is only In Review
    expect(stored.get('github:alice')!.metadata).toMatchObject({ login: 'alice', commits: 2, pullRequests: 1, workedIn: ['acme/ingest'] });
  });

  test('a deleted page loses its vector; an update Notion could not fetch keeps the page', async () => {
    await sink.write(EVENTS);
    const docs = await under.store.fetch(NAMESPACES.projectDocs, DOC_IDS);
    expect([...docs.keys()].sort()).toEqual(['page-dora', 'page-oncall', 'page-style']);
    expect(docs.get('page-dora')!.metadata.title).toBe('DORA metrics definitions');
    expect([...(await under.store.fetch(NAMESPACES.trashedDocs, DOC_IDS)).keys()]).toEqual(['page-draft']);
  });

  test('a page deleted then undeleted is back as it was, from the trash, though the undelete has no text', async () => {
    await sink.write(EVENTS);
    const undelete = notionPage('page.undeleted', 'page-draft', null, null, T0 + 13 * hour);
    await sink.write([undelete]);
    const back = (await under.store.fetch(NAMESPACES.projectDocs, ['page-draft'])).get('page-draft');
    expect(back?.metadata).toMatchObject({ title: 'Scratch notes', excerpt: 'temporary notes', lastEditedAt: T0 + 10 * hour });
    expect((await docsFor(reader(), 'temporary scratch notes', 1))[0]?.id).toBe('page-draft');
    expect(await under.dump(NAMESPACES.trashedDocs)).toEqual([]);
    const restored = await state();
    await sink.write([...EVENTS, undelete]);
    expect(await state()).toEqual(restored);
  });

  test('a moved page is re-filed under its new parent, its text and vector unchanged', async () => {
    await sink.write(EVENTS);
    const before = (await under.store.fetch(NAMESPACES.projectDocs, ['page-oncall'])).get('page-oncall')!;
    const moved = notionPage('page.moved', 'page-oncall', null, null, T0 + 14 * hour, { type: 'page', id: 'page-handbook' });
    await sink.write([moved]);
    const after = (await under.store.fetch(NAMESPACES.projectDocs, ['page-oncall'])).get('page-oncall')!;
    expect(after.values).toEqual(before.values);
    expect(after.metadata).toEqual({ ...before.metadata, parentType: 'page', parentId: 'page-handbook', lastEditedAt: T0 + 14 * hour });
    await sink.write(EVENTS); // the page's creation, replayed, is older than the move: still re-filed
    expect((await under.store.fetch(NAMESPACES.projectDocs, ['page-oncall'])).get('page-oncall')!.metadata).toEqual(after.metadata);
    const toWorkspace = notionPage('page.moved', 'page-oncall', null, null, T0 + 15 * hour, { type: 'workspace', id: null });
    await sink.write([toWorkspace, moved]); // an older move after a newer one in the batch changes nothing
    const top = (await under.store.fetch(NAMESPACES.projectDocs, ['page-oncall'])).get('page-oncall')!.metadata;
    expect(top).toMatchObject({ parentType: 'workspace', lastEditedAt: T0 + 15 * hour });
    expect(top).not.toHaveProperty('parentId');
  });

  test('a move of a page never stored (or in the trash) stores nothing', async () => {
    await sink.write([...EVENTS, notionPage('page.moved', 'page-draft', null, null, T0 + 13 * hour), notionPage('page.moved', 'page-unknown', null, null, T0 + 13 * hour)]);
    expect([...(await under.store.fetch(NAMESPACES.projectDocs, ['page-draft', 'page-unknown'])).keys()]).toEqual([]);
  });

  test('deleted and undeleted within one batch, or one at a time, the page ends the same', async () => {
    const draft = (type: 'page.deleted' | 'page.undeleted', hours: number) => notionPage(type, 'page-draft', null, null, T0 + hours * hour);
    const sequence = [...EVENTS, draft('page.undeleted', 13), draft('page.deleted', 14), draft('page.undeleted', 15)];
    await sink.write(sequence);
    const batched = { ...(await state()), trash: await under.dump(NAMESPACES.trashedDocs) };
    expect((await under.store.fetch(NAMESPACES.projectDocs, ['page-draft'])).has('page-draft')).toBe(true);
    const fresh = await storeUnderTest(kind, embedder.dimension);
    try {
      const oneByOne = vectorSink({ store: fresh.store, embedder });
      for (const event of sequence) await oneByOne.write([event]);
      expect({ profiles: await fresh.dump(NAMESPACES.developerProfiles), docs: await fresh.dump(NAMESPACES.projectDocs), trash: await fresh.dump(NAMESPACES.trashedDocs) }).toEqual(batched);
    } finally {
      await fresh.close();
    }
  });

  test('replaying the same events leaves identical store state, however they are batched', async () => {
    await sink.write(EVENTS);
    const first = await state();
    await sink.write(EVENTS);
    expect(await state()).toEqual(first);
    for (const event of EVENTS) await sink.write([event]);
    expect(await state()).toEqual(first);
  });

  test('the same events in one batch or one at a time give the same state', async () => {
    for (const event of EVENTS) await sink.write([event]);
    const oneByOne = await state();
    const fresh = await storeUnderTest(kind, embedder.dimension);
    try {
      await vectorSink({ store: fresh.store, embedder }).write(EVENTS);
      expect({ profiles: await fresh.dump(NAMESPACES.developerProfiles), docs: await fresh.dump(NAMESPACES.projectDocs) }).toEqual(oneByOne);
    } finally {
      await fresh.close();
    }
  });

  test('an older page update replayed after a newer one does not undo it', async () => {
    await sink.write(EVENTS);
    const page = notionPage('page.updated', 'page-style', 'Frontend style guide v2', 'Buttons, colours and spacing for React components.', Date.UTC(2025, 2, 4));
    await sink.write([page]);
    await sink.write(EVENTS);
    expect((await under.store.fetch(NAMESPACES.projectDocs, ['page-style'])).get('page-style')!.metadata.title).toBe('Frontend style guide v2');
  });

  test('health names the store, its version and the embedder, and why it was chosen', async () => {
    await sink.write(EVENTS);
    const health = await sink.health();
    expect(health.healthy).toBe(true);
    expect(health.version).toMatch(kind === 'pgvector' ? /pgvector 0\.8\./ : /Pinecone API 2026-07/);
    expect(health.detail).toContain('lexical');
    expect(health.detail).toContain('offline lexical default');
    expect(health.detail).toContain('developer_profiles=4');
  });
});
