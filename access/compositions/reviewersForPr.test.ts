/**
 * reviewers_for_pr's merging, exclusion and ranking, on canned answers of its parts (a fake
 * `ask`: the parts themselves are tested against the stores in their own stack tests).
 */
import { describe, expect, it } from 'vitest';
import { reviewersForPr } from './reviewersForPr.ts';
import { cannedContext, type Canned } from './testing/cannedContext.ts';

const PR = { repository: 'acme/web', number: 7, title: 'Retry checkout payment on timeout', body: 'The payment call times out under load.', author: 'alice', state: 'open', createdAt: '2026-03-10T09:00:00.000Z', mergedAt: null };

const contributor = (key: string, commits: number, lastAt = '2026-03-01T10:00:00.000Z') => ({ key, login: key.startsWith('github:') ? key.slice(7) : null, displayName: key.split(/[:@]/)[1]!, commits, firstAt: '2026-01-05T10:00:00.000Z', lastAt });
const neighbour = (id: string, score: number) => ({ id, score, metadata: { developer: id, commits: 4, workedIn: ['acme/web'] } });
const list = <T>(rows: T[]) => ({ rows, truncated: false, limit: 100 });
const user = (id: number, name: string, identities: [string, string][], teams: string[] = []) => ({ id, displayName: name, hourlyRate: null, identities: identities.map(([source, externalId]) => ({ source, externalId })), teams });
const workload = (login: string, openIssues: number | null, reviews: number, prsOpened: number) => ({ login, days: 14, commits: 5, prsOpened, prsMerged: 1, reviews, issuesCompleted: 2, openIssues });

const USERS: Record<string, ReturnType<typeof user>> = {
  alice: user(1, 'Alice', [['github', 'alice'], ['jira', 'acc-alice']], ['Web']),
  carol: user(3, 'Carol', [['github', 'carol']], ['Web']),
  dave: user(4, 'Dave', [['github', 'dave']]),
  erin: user(5, 'Erin', [['github', 'erin']], ['Payments']),
};
const LOADS: Record<string, ReturnType<typeof workload>> = {
  carol: workload('carol', 3, 1, 1), // load 5
  gus: workload('gus', 0, 1, 0), // load 1
  dave: workload('dave', 2, 2, 2),
  erin: workload('erin', null, 0, 0),
};

/** acme/web#7 by alice; contributors alice (10), carol (3), gus by email (3), dave (1); neighbours alice, erin, alice's Jira account, dave. */
function parts(overrides: Canned = {}): Canned {
  return {
    pull_request: ({ repository, number }) => ({ pullRequest: repository === 'acme/web' && number === 7 ? PR : null }),
    repository_contributors: () => list([contributor('github:alice', 10), contributor('github:carol', 3), contributor('email:gus@example.com', 3, '2026-02-20T08:00:00.000Z'), contributor('github:dave', 1)]),
    similar_developers: ({ topK }) => list([neighbour('github:alice', 0.9), neighbour('github:erin', 0.8), neighbour('jira:acc-alice', 0.5), neighbour('github:dave', 0.4)].slice(0, topK as number)),
    user_by_github_login: ({ login }) => ({ user: USERS[login as string] ?? null }),
    identity_lookup: ({ source, id }) => ({ user: source === 'jira' && id === 'acc-alice' ? USERS.alice : source === 'email' && id === 'gus@example.com' ? user(6, 'Gus', [['email', 'gus@example.com'], ['github', 'gus']]) : null }),
    developer_workload: ({ login }) => LOADS[login as string] ?? workload(login as string, 0, 0, 0),
    ...overrides,
  };
}

async function ask(input: Record<string, unknown>, canned: Canned = parts(), limits = {}) {
  const context = cannedContext(canned, limits);
  const answer = reviewersForPr.output.parse(await reviewersForPr.run(undefined, reviewersForPr.input.parse(input), context));
  return { answer, asked: context.asked };
}

describe('reviewers_for_pr', () => {
  it('ranks contributors by commits, then similarity, then lighter workload, without the author under any identity', async () => {
    const { answer } = await ask({ repository: 'acme/web', number: 7 });
    expect(answer.pullRequest).toEqual(PR);
    // gus and carol tie on 3 commits and no similarity: gus's lighter load (1 < 5) puts him first.
    // alice wrote the PR; jira:acc-alice is her too (same PostgreSQL user), so both are out.
    expect(answer.candidates.rows.map((c) => [c.developer, c.score])).toEqual([
      ['email:gus@example.com', 3],
      ['github:carol', 3],
      ['github:dave', 1.4],
      ['github:erin', 0.8],
    ]);
    expect(answer.candidates.truncated).toBe(false);
  });

  it('says why for each candidate, and reads the login for the workload from the user when the key has none', async () => {
    const { answer, asked } = await ask({ repository: 'acme/web', number: 7 });
    const [gus, carol, dave, erin] = answer.candidates.rows;
    expect(gus).toMatchObject({ login: 'gus', user: { id: 6 }, commits: 3, similarity: null, workload: LOADS.gus });
    expect(gus!.reasons).toEqual(['committed to acme/web 3 times, latest 2026-02-20', 'availability over the last 14 days: 1 reviews, 0 pull requests opened, 0 open Jira issues assigned']);
    expect(carol!.reasons).toContain('member of Web');
    expect(dave!.reasons.slice(0, 2)).toEqual(['committed to acme/web 1 time, latest 2026-03-01', 'their recent work is similar to this pull request (similarity 0.40)']);
    expect(erin!.reasons).toContain('availability over the last 14 days: 0 reviews, 0 pull requests opened, open Jira issues unknown');
    expect(asked.filter((a) => a.name === 'similar_developers')).toEqual([{ name: 'similar_developers', input: { text: `${PR.title}\n\n${PR.body}`, topK: 6 } }]);
    expect(asked.filter((a) => a.name === 'developer_workload').map((a) => a.input.login).sort()).toEqual(['carol', 'dave', 'erin', 'gus']);
  });

  it('answers topK candidates, looking up only the leading ones', async () => {
    const { answer, asked } = await ask({ repository: 'acme/web', number: 7, topK: 2 });
    expect(answer.candidates.rows.map((c) => c.developer)).toEqual(['email:gus@example.com', 'github:carol']);
    // Leading 3 by evidence (carol, gus, dave): erin and alice's Jira account are never looked up.
    expect(asked.filter((a) => a.name === 'developer_workload').map((a) => a.input.login).sort()).toEqual(['carol', 'dave', 'gus']);
    expect(asked.some((a) => a.name === 'identity_lookup' && a.input.source === 'jira')).toBe(false);
  });

  it('looks up everyone tied with the last wanted, so a lighter workload can lift one from beyond it', async () => {
    const canned = parts({
      pull_request: () => ({ pullRequest: { ...PR, author: null } }),
      repository_contributors: () => list([contributor('github:xavier', 2), contributor('github:yann', 2), contributor('github:zoe', 2)]),
      similar_developers: () => list([]),
      developer_workload: ({ login }) => workload(login as string, login === 'zoe' ? 0 : 4, 0, 0),
    });
    const { answer } = await ask({ repository: 'acme/web', number: 7, topK: 1 }, canned);
    expect(answer.candidates.rows.map((c) => c.developer)).toEqual(['github:zoe']);
  });

  it('puts an unknown workload after every known one among ties', async () => {
    const canned = parts({
      pull_request: () => ({ pullRequest: { ...PR, author: null } }),
      repository_contributors: () => list([contributor('email:ann@example.com', 2), contributor('github:yann', 2)]),
      similar_developers: () => list([]),
      identity_lookup: () => ({ user: null }),
      developer_workload: ({ login }) => workload(login as string, 9, 9, 9),
    });
    const { answer } = await ask({ repository: 'acme/web', number: 7 }, canned);
    expect(answer.candidates.rows.map((c) => [c.developer, c.workload === null])).toEqual([['github:yann', false], ['email:ann@example.com', true]]);
    expect(answer.candidates.rows[1]!.reasons).toEqual(['committed to acme/web 2 times, latest 2026-03-01', 'availability unknown: no GitHub login known for them', 'not linked to a person in PostgreSQL (email:ann@example.com)']);
  });

  it('answers no candidates for a pull request ClickHouse has never seen, asking nothing else', async () => {
    const { answer, asked } = await ask({ repository: 'acme/web', number: 999 });
    expect(answer).toEqual({ pullRequest: null, candidates: { rows: [], truncated: false, limit: 100 } });
    expect(asked.map((a) => a.name)).toEqual(['pull_request']);
  });

  it('cuts the candidates at the row cap and says so', async () => {
    const { answer } = await ask({ repository: 'acme/web', number: 7, topK: 3 }, parts(), { rowCap: 2 });
    expect(answer.candidates).toMatchObject({ truncated: true, limit: 2 });
    expect(answer.candidates.rows.map((c) => c.developer)).toEqual(['email:gus@example.com', 'github:carol']);
  });

  it('names the part and field when a part answers a shape it cannot read', async () => {
    await expect(ask({ repository: 'acme/web', number: 7 }, parts({ repository_contributors: () => ({ rows: [{ key: 'github:x' }] }) }))).rejects.toThrow(/reviewers_for_pr cannot read the answer of repository_contributors \(a bug\): repository_contributors\.rows\.0\.login/);
  });
});
