/**
 * The guide's three questions for the vector store ("Pinecone: when other services query it"),
 * as queries any VectorStore answers, for the access layer and for tests:
 *
 * - "Find developers similar to this project requirement": the requirement's text, embedded as
 *   a query, against `developer_profiles`.
 * - "Which documentation is most relevant to this question?": the question against `project_docs`.
 * - "Match me with developers who have worked on similar problems": my own profile's vector
 *   against `developer_profiles`, without me.
 */
import type { Embedder } from './embedder.ts';
import { NAMESPACES } from './store.ts';
import type { VectorMatch, VectorStore } from './store.ts';

export interface Reader {
  readonly store: VectorStore;
  readonly embedder: Embedder;
}

async function byText({ store, embedder }: Reader, namespace: string, text: string, topK: number): Promise<readonly VectorMatch[]> {
  const [vector] = await embedder.embed([text], 'query');
  return store.query(namespace, vector!, topK);
}

export const developersFor = (reader: Reader, requirement: string, topK = 5) => byText(reader, NAMESPACES.developerProfiles, requirement, topK);

export const docsFor = (reader: Reader, question: string, topK = 5) => byText(reader, NAMESPACES.projectDocs, question, topK);

/** Developers whose work is nearest to `developerKey`'s (github:<login>, jira:<accountId>); empty when they have no profile. */
export async function developersLike({ store }: Reader, developerKey: string, topK = 5): Promise<readonly VectorMatch[]> {
  const me = (await store.fetch(NAMESPACES.developerProfiles, [developerKey])).get(developerKey);
  if (!me) return [];
  const matches = await store.query(NAMESPACES.developerProfiles, me.values, topK + 1);
  return matches.filter((m) => m.id !== developerKey).slice(0, topK);
}
