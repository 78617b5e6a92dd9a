/**
 * The vector store's entries of the question catalogue (access/question.ts): the guide's three
 * Pinecone questions, over queries.ts through the store's reader (reader.ts: namespaces fixed by
 * the query, one statement each).
 *
 * How many neighbours: the input's `topK` (1–50), then the server's SWITCHYARD_ACCESS_MAX_TOPK, so
 * an agent asking for 50 on a server capped at 10 gets 10 and the answer says `topK: 10`. The list
 * is then capped by the row cap like every other answer.
 *
 * Metadata is passed through as the store holds it (strings, numbers, booleans, string lists: all
 * JSON), except a developer profile's bookkeeping: its ledger of contributions (up to 30 KB of
 * JSON text, for idempotency, profiles.ts) is replaced by `recentWork`, the latest few of its
 * texts, and its watermark is left out.
 */
import { z } from 'zod';
import { capRows, defineQuestion, listOf, type QuestionContext } from '../../access/question.ts';
import { topK } from '../../access/schemas.ts';
import { developersFor, developersLike, docsFor, type Reader } from './queries.ts';
import type { Metadata, VectorMatch } from './store.ts';

/** Texts of a profile's ledger shown as `recentWork`. */
const RECENT_WORK = 5;
/** Longest text a similarity question embeds: a PR body or a requirement, not a book. */
const MAX_TEXT = 8_000;

const metadataValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const match = z.object({
  id: z.string().describe('the record’s id: a developer’s identity key (github:<login>, jira:<accountId>, email:<address>) or a Notion page id'),
  score: z.number().describe('cosine similarity to the query: 1 is the same direction, 0 unrelated'),
  metadata: z.record(z.string(), metadataValue).describe('what the store keeps with the record (a developer: login, displayName, commits, workedIn, recentWork…; a page: title, url, excerpt…)'),
});

const matches = listOf(match).extend({ topK: z.number().int().describe('the neighbours asked of the store: the input’s topK, capped by SWITCHYARD_ACCESS_MAX_TOPK') });

/** The neighbours to ask for: the input's, within the server's cap. */
export const topKUsed = (asked: number, context: QuestionContext): number => Math.min(asked, context.limits.maxTopK);

/** A developer profile's metadata without its bookkeeping (see the header); a page's unchanged. */
export function shownMetadata(metadata: Metadata): Record<string, z.output<typeof metadataValue>> {
  if (typeof metadata.contributions !== 'string') return { ...metadata } as Record<string, z.output<typeof metadataValue>>;
  const { contributions, watermark: _watermark, ...rest } = metadata;
  return { ...(rest as Record<string, z.output<typeof metadataValue>>), recentWork: recentWork(contributions) };
}

function recentWork(ledger: string): string[] {
  try {
    const parsed: unknown = JSON.parse(ledger);
    return Array.isArray(parsed) ? parsed.slice(0, RECENT_WORK).flatMap((c: unknown) => (c !== null && typeof c === 'object' && typeof (c as { text?: unknown }).text === 'string' ? [(c as { text: string }).text] : [])) : [];
  } catch {
    return [];
  }
}

function answer(found: readonly VectorMatch[], used: number, context: QuestionContext): z.input<typeof matches> {
  return { ...capRows(found.map((m) => ({ id: m.id, score: m.score, metadata: shownMetadata(m.metadata) })), context.limits.rowCap), topK: used };
}

/** How many to ask the store for: the topK used, and no more than the row cap needs to say it truncated. */
const asked = (used: number, context: QuestionContext): number => Math.min(used, context.limits.rowCap + 1);

export const similarDevelopers = defineQuestion({
  name: 'similar_developers',
  title: 'Developers similar to a requirement',
  description:
    '"Find developers similar to this project requirement" (the guide, Pinecone). The developers whose recent work (commits, merged pull requests, completed issues) is nearest to the text, most similar first.',
  input: z.object({ text: z.string().trim().min(1).max(MAX_TEXT).describe('the requirement, or any text describing the work (a PR’s title and body)'), topK }),
  output: matches,
  stores: ['pinecone'],
  run: async (reader: Reader, input, context) => {
    const used = topKUsed(input.topK, context);
    return answer(await developersFor(reader, input.text, asked(used, context)), used, context);
  },
});

export const relevantDocs = defineQuestion({
  name: 'relevant_docs',
  title: 'Documentation relevant to a question',
  description: '"Which documentation is most relevant to this question?" (the guide, Pinecone). The Notion pages nearest to the question, most relevant first, with title, url and an excerpt.',
  input: z.object({ question: z.string().trim().min(1).max(MAX_TEXT).describe('the question, in plain words'), topK }),
  output: matches,
  stores: ['pinecone'],
  run: async (reader: Reader, input, context) => {
    const used = topKUsed(input.topK, context);
    return answer(await docsFor(reader, input.question, asked(used, context)), used, context);
  },
});

export const developersLikeQuestion = defineQuestion({
  name: 'developers_like',
  title: 'Developers who worked on similar problems',
  description:
    '"Match me with developers who have worked on similar problems" (the guide, Pinecone). The developers whose recent work is nearest to this developer’s own, without them; empty when they have no profile yet.',
  input: z.object({
    developer: z
      .string()
      .trim()
      .regex(/^(github|jira|email):\S+$/, 'must be an identity key: github:<login>, jira:<accountId> or email:<address>')
      .max(300)
      .describe('the developer, as an identity key: github:<login>, jira:<accountId> or email:<address>'),
    topK,
  }),
  output: matches,
  stores: ['pinecone'],
  run: async (reader: Reader, input, context) => {
    const used = topKUsed(input.topK, context);
    return answer(await developersLike(reader, input.developer, asked(used, context)), used, context);
  },
});

export const vectorQuestions = [similarDevelopers, relevantDocs, developersLikeQuestion] as const;
