/**
 * The vector audit over both stores (pgvector in PGlite; Pinecone's client against the local
 * stand-in): OK after the sink wrote the events twice, including a profile whose ledger has
 * overflowed, and a lost profile, a double-counted contribution, a ledger entry twice and a lost
 * doc each reported with the id.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { auditVectors } from './audit.ts';
import { lexicalEmbedder } from './lexicalEmbedder.ts';
import { LEDGER_SIZE } from './profiles.ts';
import { vectorSink, type VectorSink } from './sink.ts';
import { NAMESPACES } from './store.ts';
import { STORE_KINDS, storeUnderTest } from './testing/testStores.ts';
import { EVENTS, T0, alice, commit, github, hour, notionPage } from './testing/testEvents.ts';

const embedder = lexicalEmbedder();

describe.each(STORE_KINDS)('auditVectors over %s', (kind) => {
  let sink: VectorSink;
  const profile = async (id: string) => (await sink.vectorStore.fetch(NAMESPACES.developerProfiles, [id])).get(id)!;

  beforeEach(async () => {
    sink = vectorSink({ store: (await storeUnderTest(kind, embedder.dimension)).store, embedder });
    await sink.init();
    await sink.write(EVENTS);
    await sink.write(EVENTS);
  });
  afterEach(() => sink.close());

  test('passes after a replay', async () => {
    const result = await auditVectors(sink, EVENTS);
    expect(result.expected).toBeGreaterThan(5);
    expect(result).toMatchObject({ store: 'pinecone', present: result.expected, missing: 0, duplicated: 0, mismatched: 0, ok: true });
  });

  test('expects an undeleted page back, and reports it missing if the undelete was lost', async () => {
    const events = [...EVENTS, notionPage('page.undeleted', 'page-draft', null, null, T0 + 13 * hour)];
    const lost = await auditVectors(sink, events);
    expect(lost).toMatchObject({ ok: false, missing: 3 }); // the page's create, delete and undelete
    expect(lost.details.every((line) => line.endsWith('no project doc page-draft'))).toBe(true);
    await sink.write(events);
    expect(await auditVectors(sink, events)).toMatchObject({ ok: true, present: (await auditVectors(sink, EVENTS)).expected + 1 });
  });

  test('passes for a profile whose ledger overflowed, checking the dropped ones through the counts', async () => {
    const busy = github('busy', 'Busy Bee');
    const commits = Array.from({ length: LEDGER_SIZE + 5 }, (_, i) => commit(`busy${i}`, busy, 'acme/hive', `Refactor the hive scheduler part ${i}`, Date.UTC(2025, 3, 1) + i * 60_000));
    await sink.write(commits.slice(0, 40));
    await sink.write(commits); // a replay of the first 40 and the rest
    const result = await auditVectors(sink, commits);
    expect(result).toMatchObject({ ok: true, expected: commits.length, present: commits.length });
    expect(result.notes.join('\n')).toContain('profile github:busy: 5 contribution(s) are below its watermark');
  });

  test('reports a lost profile by event id', async () => {
    await sink.vectorStore.delete(NAMESPACES.developerProfiles, ['github:alice']);
    const result = await auditVectors(sink, EVENTS);
    expect(result.ok).toBe(false);
    expect(result.missing).toBeGreaterThan(0);
    expect(result.details[0]).toMatch(/^missing: github:commit:.*: no profile github:alice$/);
  });

  test('reports a contribution counted twice, and an event twice in the ledger', async () => {
    const record = await profile('github:alice');
    const ledger = JSON.parse(String(record.metadata.contributions)) as { eventId: string }[];
    await sink.vectorStore.upsert(NAMESPACES.developerProfiles, [
      { ...record, metadata: { ...record.metadata, commits: Number(record.metadata.commits) + 1, contributions: JSON.stringify([...ledger, ledger[0]]) } },
    ]);
    const result = await auditVectors(sink, EVENTS);
    expect(result).toMatchObject({ ok: false, duplicated: 1, mismatched: 1 });
    expect(result.details.join('\n')).toContain(`duplicated: ${ledger[0]!.eventId}: profile github:alice holds it 2 times in its ledger`);
    expect(result.details.join('\n')).toContain('mismatched: profile github:alice counts 3 commit(s), the events give 2 (over-counted)');
  });

  test('reports a lost doc, and notes a profile holding events outside the audit instead of failing it', async () => {
    await sink.vectorStore.delete(NAMESPACES.projectDocs, ['page-dora']);
    await sink.write([commit('zz9', alice, 'acme/ingest', 'Tune the consumer fetch sizes', Date.UTC(2025, 5, 1))]);
    const result = await auditVectors(sink, EVENTS);
    expect(result).toMatchObject({ ok: false, missing: 1, mismatched: 0 });
    expect(result.details[0]).toMatch(/^missing: notion:.*: no project doc page-dora$/);
    expect(result.notes.join('\n')).toContain('profile github:alice also holds 1 contribution(s) of events outside this audit');
  });
});
