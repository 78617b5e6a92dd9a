import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { lexicalEmbedder } from './lexicalEmbedder.ts';
import { vectorSink, type VectorSink } from './sink.ts';
import { NAMESPACES } from './store.ts';
import { STORE_KINDS, storeUnderTest } from './testing/testStores.ts';
import { DOC_IDS, EVENTS, PROFILE_IDS } from './testing/testEvents.ts';

const embedder = lexicalEmbedder();

describe.each(STORE_KINDS)('vector sink summary over %s', (kind) => {
  let sink: VectorSink;
  beforeEach(async () => {
    const under = await storeUnderTest(kind, embedder.dimension);
    sink = vectorSink({ store: under.store, embedder, where: `${kind} under test` });
    await sink.init();
  });
  afterEach(() => sink.close());

  test('counts the records of each namespace', async () => {
    expect((await sink.summary()).rows).toEqual({ [NAMESPACES.developerProfiles]: 0, [NAMESPACES.projectDocs]: 0, [NAMESPACES.trashedDocs]: 0 });
    await sink.write(EVENTS);
    const docs = await sink.vectorStore.fetch(NAMESPACES.projectDocs, DOC_IDS);
    // page-draft was deleted: it waits in the trash for an undelete.
    expect(await sink.summary()).toEqual({ rows: { [NAMESPACES.developerProfiles]: PROFILE_IDS.length, [NAMESPACES.projectDocs]: docs.size, [NAMESPACES.trashedDocs]: 1 }, where: `${kind} under test` });
  });
});
