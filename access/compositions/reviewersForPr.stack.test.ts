/**
 * reviewers_for_pr through the service (openAccess: each part asked by name with its guards) with
 * its graph and vector parts real: the repository's contributors from Neo4j (the graph of
 * sinks/neo4j/testing/testScenario.ts, in a label prefix of its own) and the neighbours from the
 * local stack's pgvector (tables of their own). ClickHouse's and PostgreSQL's parts are canned
 * questions here: this test is about the merging across real answers, not those stores.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readSection } from '../../config/spec.ts';
import { neo4jQuestions } from '../../sinks/neo4j/questions.ts';
import { localConfig, useTestGraph } from '../../sinks/neo4j/testing/testGraph.ts';
import { events, organization } from '../../sinks/neo4j/testing/testScenario.ts';
import { vectorStore } from '../../sinks/vectors/index.ts';
import { lexicalVector } from '../../sinks/vectors/lexicalEmbedder.ts';
import { pgvectorStore } from '../../sinks/vectors/pgvector.ts';
import { vectorQuestions } from '../../sinks/vectors/questions.ts';
import { NAMESPACES } from '../../sinks/vectors/store.ts';
import { uniqueIdentifier } from '../../test/support/names.ts';
import { defineQuestion, type AnyQuestion } from '../question.ts';
import { user } from '../schemas.ts';
import { openAccess, type Access } from '../service.ts';
import { reviewersForPr } from './reviewersForPr.ts';

const TITLE = 'Restyle the checkout page buttons';
const TEXTS: Record<string, string> = {
  carol: 'restyle checkout page buttons and colours', // the author: nearest, and left out
  alice: 'checkout page buttons restyle for mobile',
  frank: 'checkout page copy changes',
  bob: 'kubernetes cluster autoscaling for build nodes',
};

/** A canned question of another store (composed: no reader), answering `answer(input)`. */
function canned<S extends z.ZodObject>(name: string, input: S, answer: (input: z.output<S>) => unknown): AnyQuestion {
  return defineQuestion({ name, title: 'stand-in', description: 'stand-in', input, output: z.object({}).passthrough(), stores: ['postgres'], composed: true, run: async (_: undefined, given) => answer(given) as Record<string, unknown> });
}

const person = (id: number, login: string) => ({ id, displayName: login, hourlyRate: null, identities: [{ source: 'github', externalId: login }], teams: [] });
const USERS: Record<string, z.output<typeof user>> = { carol: person(3, 'carol'), alice: person(1, 'alice'), frank: person(6, 'frank') };

const standIns = [
  canned('pull_request', z.object({ repository: z.string(), number: z.number() }), ({ repository, number }) => ({
    pullRequest: repository === 'acme/web' && number === 21 ? { repository, number, title: TITLE, body: null, author: 'carol', state: 'merged', createdAt: '2025-03-03T12:00:00.000Z', mergedAt: '2025-03-03T15:00:00.000Z' } : null,
  })),
  canned('user_by_github_login', z.object({ login: z.string() }), ({ login }) => ({ user: USERS[login] ?? null })),
  canned('identity_lookup', z.object({ source: z.string(), id: z.string() }), ({ source, id }) => ({ user: source === 'email' && id === 'gus@example.com' ? { ...person(7, 'gus'), displayName: 'Gus' } : null })),
  canned('developer_workload', z.object({ login: z.string() }), ({ login }) => ({ login, days: 14, commits: 1, prsOpened: 0, prsMerged: 0, reviews: login === 'gus' ? 0 : 2, issuesCompleted: 0, openIssues: null })),
];

describe('reviewers_for_pr over the real graph and vector store', () => {
  const graph = useTestGraph();
  const tablePrefix = `${uniqueIdentifier('r')}_`;
  const vectors = readSection(vectorStore.config, { VECTOR_STORE: 'pgvector', PGVECTOR_TABLE_PREFIX: tablePrefix, EMBEDDINGS: 'lexical' });
  let access: Access;

  beforeAll(async () => {
    await graph.sink.init();
    await graph.sink.syncOrganization(organization);
    await graph.sink.write(events);
    const pool = new pg.Pool({ connectionString: vectors.store.kind === 'pgvector' ? vectors.store.url : '', max: 1 });
    const store = pgvectorStore({ sql: pool, dimension: 384, namespaces: Object.values(NAMESPACES), tablePrefix, onClose: () => pool.end() });
    try {
      await store.init();
      await store.upsert(NAMESPACES.developerProfiles, Object.entries(TEXTS).map(([login, text]) => ({ id: `github:${login}`, values: lexicalVector(text), metadata: { developer: `github:${login}`, login } })));
    } finally {
      await store.close();
    }
    access = openAccess({
      stores: { neo4j: { ...localConfig(), labelPrefix: graph.sink.labels.prefix }, pinecone: vectors },
      limits: { rowCap: 100, maxTopK: 50, timeoutMs: 10_000 },
      catalogue: [...neo4jQuestions, ...vectorQuestions, ...standIns, reviewersForPr],
    });
  });
  afterAll(async () => {
    await access?.close();
    await vectorStore.isolation.drop(vectors);
  });

  it('merges acme/web’s contributors (carol 2, gus 1, alice 1) with the neighbours of the title, without carol who wrote it', async () => {
    const answer = await access.ask('reviewers_for_pr', { repository: 'acme/web', number: 21 });
    const rows = (answer.candidates as { rows: { developer: string; commits: number; similarity: number | null; user: { id: number } | null; login: string | null }[] }).rows;
    // alice and gus have one commit each: alice's similar work puts her first. frank and bob only resemble it, frank more.
    expect(rows.map((r) => [r.developer, r.commits, r.similarity === null])).toEqual([
      ['github:alice', 1, false],
      ['email:gus@example.com', 1, true],
      ['github:frank', 0, false],
      ['github:bob', 0, false],
    ]);
    expect(rows[2]!.similarity!).toBeGreaterThan(rows[3]!.similarity!);
    // gus is known to the graph by email only: identity_lookup found his user, and the workload its GitHub login.
    expect(rows[1]).toMatchObject({ login: 'gus', user: { id: 7 }, workload: { login: 'gus', reviews: 0 } });
    expect(rows[3]).toMatchObject({ login: 'bob', user: null });
  });

  it('answers no candidates for a pull request it does not know', async () => {
    expect(await access.ask('reviewers_for_pr', { repository: 'acme/web', number: 999 })).toEqual({ pullRequest: null, candidates: { rows: [], truncated: false, limit: 100 } });
  });
});
