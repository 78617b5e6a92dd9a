/**
 * PR pickup time (queries.ts prPickupTimeTrend, DevLake's definition: opening → first review
 * activity by someone other than the author, comments included) over a hand-built week and a
 * half in acme/pickup, written twice (a replay) to show the figures do not move:
 *
 *   Mon Mar 4  PR#1 (alice) opened 09:00; alice's own comment 09:10 (not a pickup); bob comments
 *              in the conversation 10:30 (pickup 1.5h); carol's review 12:00
 *   Tue Mar 5  PR#2 (bob) opened 08:00; carol's line comment 11:00 (3h); alice's review 14:00
 *   Wed Mar 6  PR#3 (carol) opened 10:00; review requested of alice 10:05 (not a pickup); bob
 *              comments on issue #3, which is no pull request, 10:10 (not counted); alice's
 *              review 16:00 (6h)
 *   Tue Mar 12 PR#4 (alice) opened 09:00, no activity (no figure); PR#5 (bob) opened 12:00;
 *              carol comments Mar 13 12:00 (24h), and edits it 15:00 (an edit is no pickup)
 *
 * Week of Mar 4: 1.5h, 3h, 6h → count 3, median 3h, mean 3.5h. Week of Mar 11: 24h.
 * Review time over the same history (reviews only): PR#1 3h, PR#2 6h, PR#3 6h → median 6h, mean
 * 5h, and no figure for Mar 11: the comments are what make pickup time differ.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngEvent, EngEventOf, Identity, PullRequest } from '../../avro/generated/types.ts';
import { envelope } from '../testing/envelope.ts';
import { clickhouseQueries, type ClickHouseQueries } from './queries.ts';
import { useTestDatabase } from './testing/testDatabase.ts';

const REPO = 'acme/pickup';
const HOUR = 3_600_000;
const t = (iso: string): number => Date.parse(iso);
const account = (login: string, id: number): Identity => ({ source: 'github', accountId: String(id), login, displayName: login, email: null });
const alice = account('alice', 1);
const bob = account('bob', 2);
const carol = account('carol', 3);

const base = <T extends EngEvent['type'], P>(type: T, id: string, occurredAt: number, payload: P, actor: Identity): EngEventOf<T, P> =>
  envelope(type, `${type}:${id}`, occurredAt, payload, { repository: REPO, actor, deliveryId: `delivery-${id}` });

const pr = (number: number, author: Identity, createdAt: number): PullRequest => ({
  repository: REPO, number, title: `PR ${number}`, author, url: `https://github.com/${REPO}/pull/${number}`, state: 'open', draft: false, baseRef: 'main', headRef: `f${number}`,
  headSha: `h${number}`, createdAt, firstCommitAt: null, commits: 1, additions: 1, deletions: 0, changedFiles: 1, labels: [], jiraKeys: [], headRepository: REPO,
});
const opened = (p: PullRequest) => base('pull_request.opened', `pr${p.number}`, p.createdAt, { pullRequest: p }, p.author);
const review = (p: PullRequest, id: number, reviewer: Identity, at: number) =>
  base('review.submitted', `r${id}`, at, { repository: REPO, pullRequestNumber: p.number, pullRequestAuthor: p.author, reviewId: id, reviewer, state: 'approved', submittedAt: at, commitId: p.headSha, url: 'u' }, reviewer);
const conversation = (type: 'issue_comment.created' | 'issue_comment.edited', number: number, issueAuthor: Identity, id: number, author: Identity, createdAt: number, at: number, isPullRequest = true) =>
  base(type, `c${id}:${at}`, at, { repository: REPO, number, isPullRequest, issueAuthor, commentId: id, author, authorAssociation: 'MEMBER', body: 'looks good', createdAt, updatedAt: at, url: 'u' }, author);
const lineComment = (p: PullRequest, id: number, author: Identity, at: number) =>
  base('review_comment.created', `l${id}`, at, {
    repository: REPO, pullRequestNumber: p.number, pullRequestAuthor: p.author, commentId: id, reviewId: null, inReplyToId: null, path: 'a.ts', line: 1, commitId: p.headSha,
    author, authorAssociation: 'MEMBER', body: 'nit', createdAt: at, updatedAt: at, url: 'u',
  }, author);
const requested = (p: PullRequest, reviewer: Identity, at: number) =>
  base('pull_request.review_requested', `rr${p.number}`, at, { pullRequest: { ...p }, reviewer, team: null }, p.author);

const pr1 = pr(1, alice, t('2024-03-04T09:00:00Z'));
const pr2 = pr(2, bob, t('2024-03-05T08:00:00Z'));
const pr3 = pr(3, carol, t('2024-03-06T10:00:00Z'));
const pr4 = pr(4, alice, t('2024-03-12T09:00:00Z'));
const pr5 = pr(5, bob, t('2024-03-12T12:00:00Z'));

function history(): EngEvent[] {
  return [
    opened(pr1), conversation('issue_comment.created', 1, alice, 101, alice, t('2024-03-04T09:10:00Z'), t('2024-03-04T09:10:00Z')),
    conversation('issue_comment.created', 1, alice, 102, bob, t('2024-03-04T10:30:00Z'), t('2024-03-04T10:30:00Z')), review(pr1, 11, carol, t('2024-03-04T12:00:00Z')),
    opened(pr2), lineComment(pr2, 201, carol, t('2024-03-05T11:00:00Z')), review(pr2, 21, alice, t('2024-03-05T14:00:00Z')),
    opened(pr3), requested(pr3, alice, t('2024-03-06T10:05:00Z')), conversation('issue_comment.created', 3, carol, 301, bob, t('2024-03-06T10:10:00Z'), t('2024-03-06T10:10:00Z'), false),
    review(pr3, 31, alice, t('2024-03-06T16:00:00Z')),
    opened(pr4),
    opened(pr5), conversation('issue_comment.created', 5, bob, 501, carol, t('2024-03-13T12:00:00Z'), t('2024-03-13T12:00:00Z')),
    conversation('issue_comment.edited', 5, bob, 501, carol, t('2024-03-13T12:00:00Z'), t('2024-03-13T15:00:00Z')),
  ];
}

const db = useTestDatabase();
let q: ClickHouseQueries;
const project = { repositories: [REPO] };
const march = { from: t('2024-03-01T00:00:00Z'), to: t('2024-04-01T00:00:00Z') };

beforeAll(async () => {
  await db.sink.write(history());
  await db.sink.write(history());
  q = clickhouseQueries(db.sink.client, db.sink.database);
});

describe('PR pickup time (DevLake: opening → first review activity by someone else, comments included)', () => {
  it('gives, per week of opening, the time to the first comment or review by someone other than the author', async () => {
    expect(await q.prPickupTimeTrend(project, march)).toEqual([
      { week: '2024-03-04', count: 3, medianMs: 3 * HOUR, meanMs: 3.5 * HOUR },
      { week: '2024-03-11', count: 1, medianMs: 24 * HOUR, meanMs: 24 * HOUR },
    ]);
  });

  it('differs from review time, which counts submitted reviews only', async () => {
    expect(await q.prReviewTimeTrend(project, march)).toEqual([{ week: '2024-03-04', count: 3, medianMs: 6 * HOUR, meanMs: 5 * HOUR }]);
  });

  it('is not moved by another repository\'s activity on the same numbers, nor by a deleted account\'s comment', async () => {
    // acme/neighbour's PR#1 and PR#2 are picked up before acme/pickup's (08:30, 06:30): were the
    // inner scan not joined and scoped by repository, they would shorten acme/pickup's spans. A
    // comment by a deleted account (author null) on acme/pickup's PR#2 at 09:00 is nobody's pickup.
    const NEIGHBOUR = 'acme/neighbour';
    const dave = account('dave', 4);
    const other = (p: PullRequest): PullRequest => ({ ...p, repository: NEIGHBOUR, url: `https://github.com/${NEIGHBOUR}/pull/${p.number}` });
    const n1 = other(pr(1, alice, t('2024-03-04T08:00:00Z')));
    const n2 = other(pr(2, bob, t('2024-03-05T06:00:00Z')));
    const inNeighbour = <T extends EngEvent['type'], P>(type: T, id: string, at: number, payload: P, actor: Identity) =>
      envelope(type, `${type}:n${id}`, at, payload, { repository: NEIGHBOUR, actor, deliveryId: `delivery-n${id}` });
    const neighbourComment = (p: PullRequest, id: number, at: number) =>
      inNeighbour('issue_comment.created', `c${id}`, at, { repository: NEIGHBOUR, number: p.number, isPullRequest: true, issueAuthor: p.author, commentId: id, author: dave, authorAssociation: 'MEMBER', body: 'early', createdAt: at, updatedAt: at, url: 'u' }, dave);
    const deleted = base('issue_comment.created', 'c299', t('2024-03-05T09:00:00Z'), {
      repository: REPO, number: 2, isPullRequest: true, issueAuthor: bob, commentId: 299, author: null, authorAssociation: 'NONE', body: 'ghost', createdAt: t('2024-03-05T09:00:00Z'), updatedAt: t('2024-03-05T09:00:00Z'), url: 'u',
    }, bob);
    await db.sink.write([
      inNeighbour('pull_request.opened', 'pr1', n1.createdAt, { pullRequest: n1 }, alice), neighbourComment(n1, 9001, t('2024-03-04T08:30:00Z')),
      inNeighbour('pull_request.opened', 'pr2', n2.createdAt, { pullRequest: n2 }, bob), neighbourComment(n2, 9002, t('2024-03-05T06:30:00Z')),
      deleted,
    ]);
    expect(await q.prPickupTimeTrend(project, march)).toEqual([
      { week: '2024-03-04', count: 3, medianMs: 3 * HOUR, meanMs: 3.5 * HOUR },
      { week: '2024-03-11', count: 1, medianMs: 24 * HOUR, meanMs: 24 * HOUR },
    ]);
    expect(await q.prPickupTimeTrend({ repositories: [NEIGHBOUR] }, march)).toEqual([{ week: '2024-03-04', count: 2, medianMs: 0.5 * HOUR, meanMs: 0.5 * HOUR }]);
  });

  it('keeps to its range and scope', async () => {
    expect(await q.prPickupTimeTrend(project, { from: t('2024-03-11T00:00:00Z'), to: march.to })).toEqual([{ week: '2024-03-11', count: 1, medianMs: 24 * HOUR, meanMs: 24 * HOUR }]);
    expect(await q.prPickupTimeTrend({ repositories: ['acme/elsewhere'] }, march)).toEqual([]);
  });
});
