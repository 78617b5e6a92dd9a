/**
 * A Notion page deleted, then undeleted, through the vector sink into the local stack's pgvector
 * service over the wire: the undelete carries no text, and the page comes back from the trash.
 */
import pg from 'pg';
import { describe, expect, onTestFinished, test } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { docsFor } from './queries.ts';
import { lexicalEmbedder } from './lexicalEmbedder.ts';
import { pgvectorStore } from './pgvector.ts';
import { vectorSink } from './sink.ts';
import { NAMESPACES } from './store.ts';
import { T0, hour, notionPage } from './testing/testEvents.ts';

describe('project docs in the stack’s pgvector', () => {
  test('a page deleted leaves project_docs for the trash, and comes back when undeleted', async () => {
    const embedder = lexicalEmbedder();
    // Pool of one, as PGVECTOR_POOL_MAX defaults to: the service is PGlite, one session.
    const pool = new pg.Pool({ connectionString: localStack.pgvector.url, max: 1 });
    const tablePrefix = `${uniqueIdentifier('trash')}_`;
    const store = pgvectorStore({ sql: pool, dimension: embedder.dimension, namespaces: Object.values(NAMESPACES), tablePrefix, onClose: () => pool.end() });
    const sink = vectorSink({ store, embedder });
    onTestFinished(async () => {
      await pool.query(Object.values(NAMESPACES).map((namespace) => `DROP TABLE IF EXISTS ${tablePrefix}${namespace}`).join('; '));
      await sink.close();
    });
    await sink.init();
    const reader = { store, embedder };
    const ids = async (namespace: string) => [...(await store.fetch(namespace, ['page-runbook'])).keys()];

    await sink.write([notionPage('page.created', 'page-runbook', 'Release runbook', 'How we cut, tag and roll back a release.', T0)]);
    await sink.write([notionPage('page.deleted', 'page-runbook', null, null, T0 + hour)]);
    expect([await ids(NAMESPACES.projectDocs), await ids(NAMESPACES.trashedDocs)]).toEqual([[], ['page-runbook']]);
    expect(await docsFor(reader, 'how do we roll back a release?')).toEqual([]);

    await sink.write([notionPage('page.undeleted', 'page-runbook', null, null, T0 + 2 * hour)]);
    expect([await ids(NAMESPACES.projectDocs), await ids(NAMESPACES.trashedDocs)]).toEqual([['page-runbook'], []]);
    expect((await docsFor(reader, 'how do we roll back a release?'))[0]).toMatchObject({ id: 'page-runbook', metadata: { title: 'Release runbook' } });
  });
});
