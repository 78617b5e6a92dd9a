/**
 * "Who could review this PR?": an answer no single store gives. ClickHouse has the pull request,
 * the vector store knows whose recent work reads like its text, the graph knows who commits to its
 * repository, and PostgreSQL knows who each of them is and how busy they are.
 *
 * 1. `pull_request` (ClickHouse): its title, body and author. Unknown → `pullRequest: null`, no candidates.
 * 2. At once: `similar_developers` (vectors) on its title and body, `repository_contributors`
 *    (graph) of its repository, and the author's own user (`user_by_github_login`).
 * 3. Candidates are both lists merged by identity key, without the author (by login, and by
 *    PostgreSQL user, so the author's Jira or email identity is left out too).
 * 4. For each of the leading candidates: who they are (`user_by_github_login` for github:<login>,
 *    `identity_lookup` for jira:/email: keys) and their availability (`developer_workload`, needing
 *    a GitHub login: the key's, or their user's github identity).
 *
 * The ranking rule, in order:
 * - commits to the repository, more first: someone who works in this code reviews it best;
 * - then similarity of their recent work to the PR's text (0 when not among the neighbours);
 * - then lighter workload: open Jira issues assigned + reviews given + PRs opened in the last
 *   `days` (unknown workload after every known one);
 * - then the identity key, so the order is stable.
 * `score` is commits + similarity: it orders as the first two rules do (similarity is below 1).
 * Each candidate's `reasons` say which of these put them there.
 */
import { z } from 'zod';
import { capRows, defineQuestion, listOf, type QuestionContext } from '../question.ts';
import { repository, topK, user } from '../schemas.ts';
import { askAs } from './askAs.ts';

const NAME = 'reviewers_for_pr';
/** Characters of title and body embedded; similar_developers takes up to 8,000. */
const TEXT_LIMIT = 8_000;
/** When many tie with the last wanted candidate, at most this many times `topK` more are looked up (each costs two PostgreSQL questions). */
const TIE_ROOM = 2;

const pullRequest = z.object({
  repository: z.string(),
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable(),
  author: z.string().nullable().describe('the author’s GitHub login'),
  state: z.string(),
  createdAt: z.string(),
  mergedAt: z.string().nullable(),
});

const workload = z.object({
  login: z.string(),
  days: z.number().int(),
  commits: z.number(),
  prsOpened: z.number(),
  prsMerged: z.number(),
  reviews: z.number(),
  issuesCompleted: z.number(),
  openIssues: z.number().nullable(),
});

type User = z.output<typeof user>;
type Workload = z.output<typeof workload>;

const candidate = z.object({
  developer: z.string().describe('identity key: github:<login>, jira:<accountId> or email:<address>'),
  login: z.string().nullable().describe('their GitHub login, when known'),
  displayName: z.string().nullable(),
  user: user.nullable().describe('who they are in PostgreSQL; null when no identity there matches'),
  commits: z.number().int().describe('their commits to the repository (0: not a contributor)'),
  similarity: z.number().nullable().describe('cosine similarity of their recent work to the PR’s text; null when not among the nearest'),
  workload: workload.nullable().describe('recent activity and open Jira issues (PostgreSQL); null without a GitHub login'),
  score: z.number().describe('commits + similarity: orders as the ranking does before workload breaks ties'),
  reasons: z.array(z.string()).describe('why they are here, one sentence each'),
});

const input = z.object({
  repository,
  number: z.number().int().min(1).describe('the pull request’s number'),
  topK: topK.describe('how many candidates to return (1–50)'),
});

const output = z.object({
  pullRequest: pullRequest.nullable().describe('the pull request as ClickHouse has it; null when it has never seen it'),
  candidates: listOf(candidate),
});

/** A candidate before the PostgreSQL lookups. */
interface Pooled {
  developer: string;
  login: string | null;
  displayName: string | null;
  commits: number;
  lastCommitAt: string | null;
  similarity: number | null;
}

type Candidate = z.output<typeof candidate>;

const similarShape = z.object({ rows: z.array(z.object({ id: z.string(), score: z.number(), metadata: z.record(z.string(), z.unknown()) })) });
const contributorsShape = z.object({ rows: z.array(z.object({ key: z.string(), login: z.string().nullable(), displayName: z.string().nullable(), commits: z.number(), lastAt: z.string() })) });
const userShape = z.object({ user: user.nullable() });

const loginOfKey = (key: string): string | null => (key.startsWith('github:') ? key.slice('github:'.length) : null);
const same = (a: string | null, b: string | null): boolean => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Contributors and neighbours merged by identity key. */
export function poolOf(contributors: z.output<typeof contributorsShape>['rows'], similar: z.output<typeof similarShape>['rows']): Pooled[] {
  const pool = new Map<string, Pooled>();
  for (const c of contributors) pool.set(c.key, { developer: c.key, login: c.login ?? loginOfKey(c.key), displayName: c.displayName, commits: c.commits, lastCommitAt: c.lastAt, similarity: null });
  for (const s of similar) {
    const known = pool.get(s.id);
    if (known !== undefined) known.similarity = s.score;
    else pool.set(s.id, { developer: s.id, login: textOf(s.metadata.login) ?? loginOfKey(s.id), displayName: textOf(s.metadata.displayName), commits: 0, lastCommitAt: null, similarity: s.score });
  }
  return [...pool.values()];
}

/** Open issues assigned + reviews + PRs opened in the window: what "lighter" compares. */
export const loadOf = (w: Workload): number => (w.openIssues ?? 0) + w.reviews + w.prsOpened;

const byEvidence = (a: Pooled, b: Pooled): number => b.commits - a.commits || (b.similarity ?? 0) - (a.similarity ?? 0);
const byKey = (a: { developer: string }, b: { developer: string }): number => (a.developer < b.developer ? -1 : a.developer > b.developer ? 1 : 0);

/** The ranking rule of the header: commits, similarity, lighter workload (unknown last), key. */
export function byRank(a: Candidate, b: Candidate): number {
  const evidence = b.commits - a.commits || (b.similarity ?? 0) - (a.similarity ?? 0);
  if (evidence !== 0) return evidence;
  const load = (c: Candidate) => (c.workload === null ? Number.POSITIVE_INFINITY : loadOf(c.workload));
  return load(a) - load(b) || byKey(a, b);
}

/**
 * The candidates worth looking up: the first `wanted` by commits and similarity, plus those tied
 * with the last of them (workload may lift them), at most `TIE_ROOM × wanted` beyond.
 */
export function leading(pool: readonly Pooled[], wanted: number): Pooled[] {
  const sorted = [...pool].sort((a, b) => byEvidence(a, b) || byKey(a, b));
  const last = sorted[wanted - 1];
  if (last === undefined) return sorted;
  let end = wanted;
  while (end < sorted.length && end < wanted * (1 + TIE_ROOM) && byEvidence(sorted[end]!, last) === 0) end += 1;
  return sorted.slice(0, end);
}

function reasonsFor(c: Omit<Candidate, 'reasons' | 'score'>, repositoryName: string, lastCommitAt: string | null): string[] {
  const reasons: string[] = [];
  if (c.commits > 0) reasons.push(`committed to ${repositoryName} ${c.commits} time${c.commits === 1 ? '' : 's'}${lastCommitAt === null ? '' : `, latest ${lastCommitAt.slice(0, 10)}`}`);
  if (c.similarity !== null) reasons.push(`their recent work is similar to this pull request (similarity ${c.similarity.toFixed(2)})`);
  if (c.workload !== null) {
    const w = c.workload;
    reasons.push(`availability over the last ${w.days} days: ${w.reviews} reviews, ${w.prsOpened} pull requests opened, ${w.openIssues === null ? 'open Jira issues unknown' : `${w.openIssues} open Jira issues assigned`}`);
  } else {
    reasons.push('availability unknown: no GitHub login known for them');
  }
  if (c.user === null) reasons.push(`not linked to a person in PostgreSQL (${c.developer})`);
  else if (c.user.teams.length > 0) reasons.push(`member of ${c.user.teams.join(', ')}`);
  return reasons;
}

async function userOf(context: QuestionContext, key: string): Promise<User | null> {
  const [source, ...rest] = key.split(':');
  const id = rest.join(':');
  if (id.length === 0) return null;
  const asked = source === 'github' ? (['user_by_github_login', { login: id }] as const) : source === 'jira' || source === 'email' ? (['identity_lookup', { source, id }] as const) : undefined;
  if (asked === undefined) return null;
  return (await askAs(context, NAME, asked[0], asked[1], userShape)).user;
}

export const reviewersForPr = defineQuestion({
  name: NAME,
  title: 'Who could review this pull request',
  description:
    'Who could review this PR? Candidates from the repository’s contributors (Neo4j) and the developers whose recent work is nearest to the PR’s title and body (vector search), without its author; each with who they are and their availability (PostgreSQL: recent activity, open Jira issues). Ranked by commits to the repository, then similarity, then lighter workload; `reasons` say why for each.',
  input,
  output,
  stores: ['clickhouse', 'pinecone', 'neo4j', 'postgres'],
  composed: true,
  run: async (_none: undefined, { repository: repositoryName, number, topK: wanted }, context) => {
    const { pullRequest: pr } = await askAs(context, NAME, 'pull_request', { repository: repositoryName, number }, z.object({ pullRequest: pullRequest.nullable() }));
    if (pr === null) return { pullRequest: null, candidates: capRows([], context.limits.rowCap) };
    const text = [pr.title, pr.body ?? ''].join('\n\n').trim().slice(0, TEXT_LIMIT);
    const [similar, contributors, author] = await Promise.all([
      // One more neighbour than wanted: the author is usually the nearest to their own PR.
      text.length === 0 ? { rows: [] } : askAs(context, NAME, 'similar_developers', { text, topK: Math.min(50, wanted + 1) }, similarShape),
      askAs(context, NAME, 'repository_contributors', { repository: repositoryName }, contributorsShape),
      pr.author === null ? null : askAs(context, NAME, 'user_by_github_login', { login: pr.author }, userShape).then((a) => a.user),
    ]);
    const pool = poolOf(contributors.rows, similar.rows).filter((p) => !same(p.login, pr.author) && !same(p.developer, pr.author === null ? null : `github:${pr.author}`));
    // One more than wanted: the author may still be among them under another identity.
    const looked = await Promise.all(
      leading(pool, wanted + 1).map(async (p): Promise<Candidate | null> => {
        const found = await userOf(context, p.developer);
        if (found !== null && author !== null && found.id === author.id) return null;
        const login = p.login ?? found?.identities.find((i) => i.source === 'github')?.externalId ?? null;
        const load = login === null ? null : await askAs(context, NAME, 'developer_workload', { login }, workload);
        const partial = { developer: p.developer, login, displayName: p.displayName ?? found?.displayName ?? null, user: found, commits: p.commits, similarity: p.similarity, workload: load };
        return { ...partial, score: p.commits + (p.similarity ?? 0), reasons: reasonsFor(partial, repositoryName, p.lastCommitAt) };
      }),
    );
    const ranked = looked.filter((c): c is Candidate => c !== null).sort(byRank).slice(0, wanted);
    return { pullRequest: pr, candidates: capRows(ranked, context.limits.rowCap) };
  },
});
