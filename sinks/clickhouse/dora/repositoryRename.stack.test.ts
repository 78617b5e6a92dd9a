/**
 * A renamed repository keeps its history in the DORA read and the SQL questions
 * (repositoryNames.ts): a project naming the new name counts what was stored under the old one,
 * but only from before the rename (sinks/testing/repositoryRename.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Identity, PullRequest } from '../../../avro/generated/types.ts';
import { envelope } from '../../testing/envelope.ts';
import { afterRename, beforeRename, commit, created, deployed, renamed, renameScenario, T0 } from '../../testing/repositoryRename.ts';
import { clickhouseQueries } from '../queries.ts';
import { useTestDatabase } from '../testing/testDatabase.ts';
import { readFacts } from './readFacts.ts';
import { doraRules } from './rules.ts';

const db = useTestDatabase();
const range = { from: T0, to: T0 + 30 * 86_400_000 };
const DAY = 86_400_000;
const HOUR = 3_600_000;
const queries = () => clickhouseQueries(db.sink.client, db.sink.database, { now: () => range.to });
const facts = (repository: string) => readFacts(db.sink.client, db.sink.database, { repositories: [repository], jiraKeys: [] }, range, doraRules());

describe('clickhouse DORA: a renamed repository', () => {
  it('counts the deployments under the old name for a project naming the new one, as the new one', async () => {
    await db.sink.write([...beforeRename(), ...afterRename()]);
    // Before the rename is known, the names are two repositories.
    expect((await queries().deploymentFrequency({ repositories: ['acme/new'] }, range)).deployments).toBe(1);
    await db.sink.write([renamed()]);
    expect((await queries().deploymentFrequency({ repositories: ['acme/new'] }, range)).deployments).toBe(2);
    expect((await facts('acme/new')).deployments.map((d) => [d.deploymentId, d.repository])).toEqual([[1, 'acme/new'], [2, 'acme/new']]);
    // A scope naming the old name reads it alone: renames lead forward.
    expect((await queries().deploymentFrequency({ repositories: ['acme/old'] }, range)).deployments).toBe(1);
    // Commits under both names are the new repository's.
    expect((await queries().topCommitters({ repositories: ['acme/new'] }, range)).map((c) => c.commits)).toEqual([2]);
  });

  it('follows a rename of a rename, and a replay counts nothing twice', async () => {
    await db.sink.write([...renameScenario(), renamed('acme/new', 'acme/newest', 6)]);
    await db.sink.write(renameScenario());
    expect((await queries().deploymentFrequency({ repositories: ['acme/newest'] }, range)).deployments).toBe(2);
  });

  it('a name used again: the old name counts for the renamed repository only before the rename', async () => {
    // acme/api (42) → acme/api-legacy on day 3; a new repository 77 is created as acme/api on day 4 and deploys on day 7.
    await db.sink.write([commit('acme/api', 'o1', 1), ...deployed('acme/api', 11, 'o1', 2), renamed('acme/api', 'acme/api-legacy', 3), created('acme/api', 77, 4), commit('acme/api', 'n1', 6), ...deployed('acme/api', 12, 'n1', 7)]);
    expect((await queries().deploymentFrequency({ repositories: ['acme/api-legacy'] }, range)).deployments).toBe(1);
    expect((await facts('acme/api-legacy')).deployments.map((d) => [d.deploymentId, d.repository])).toEqual([[11, 'acme/api-legacy']]);
    expect((await queries().topCommitters({ repositories: ['acme/api-legacy'] }, range)).map((c) => c.commits)).toEqual([1]);
  });

  it('a → b → a: a scope naming a counts a at all times and b between the renames, once', async () => {
    await db.sink.write([
      commit('acme/a', 'x1', 1), ...deployed('acme/a', 21, 'x1', 2), renamed('acme/a', 'acme/b', 3), commit('acme/b', 'x2', 4), ...deployed('acme/b', 22, 'x2', 5),
      renamed('acme/b', 'acme/a', 6), commit('acme/a', 'x3', 7), ...deployed('acme/a', 23, 'x3', 8),
      // Someone else's acme/b, after the rename back.
      created('acme/b', 88, 9), commit('acme/b', 'y1', 10), ...deployed('acme/b', 24, 'y1', 11),
    ]);
    await db.sink.write([renamed('acme/b', 'acme/a', 6)]); // a replay
    expect((await facts('acme/a')).deployments.map((d) => [d.deploymentId, d.repository]).sort()).toEqual([[21, 'acme/a'], [22, 'acme/a'], [23, 'acme/a']]);
    expect((await queries().topCommitters({ repositories: ['acme/a'] }, range)).map((c) => c.commits)).toEqual([3]);
  });

  it('a pull request opened under the old name and reviewed under the new one is one pull request', async () => {
    const alice: Identity = { source: 'github', accountId: '1', login: 'alice', displayName: null, email: null };
    const bob: Identity = { source: 'github', accountId: '2', login: 'bob', displayName: null, email: null };
    const opened = T0 + DAY + 3 * HOUR;
    const pr = (repository: string): PullRequest => ({
      repository, number: 5, title: 'PR 5', author: alice, url: `https://github.com/${repository}/pull/5`, state: 'open', draft: false, baseRef: 'main', headRef: 'f5',
      headSha: 'h5', createdAt: opened, firstCommitAt: null, commits: 1, additions: 1, deletions: 0, changedFiles: 1, labels: [], jiraKeys: [], headRepository: repository,
    });
    const comment = T0 + 3 * DAY + 2 * HOUR; // after the rename (day 3, 00:00)
    const reviewed = T0 + 3 * DAY + 6 * HOUR;
    const merged = T0 + 3 * DAY + 8 * HOUR;
    await db.sink.write([
      envelope('pull_request.opened', 'pr5:opened', opened, { pullRequest: pr('acme/old') }, { repository: 'acme/old', actor: alice }),
      renamed(),
      envelope('issue_comment.created', 'pr5:c1', comment, { repository: 'acme/new', number: 5, isPullRequest: true, issueAuthor: alice, commentId: 1, author: bob, authorAssociation: 'MEMBER', body: 'looking', createdAt: comment, updatedAt: comment, url: 'u' }, { repository: 'acme/new', actor: bob }),
      envelope('review.submitted', 'pr5:r1', reviewed, { repository: 'acme/new', pullRequestNumber: 5, pullRequestAuthor: alice, reviewId: 1, reviewer: bob, state: 'approved', submittedAt: reviewed, commitId: 'h5', url: 'u' }, { repository: 'acme/new', actor: bob }),
      envelope('pull_request.merged', 'pr5:merged', merged, { pullRequest: { ...pr('acme/new'), state: 'closed' }, mergedAt: merged, mergedBy: bob, mergeCommitSha: 'm5' }, { repository: 'acme/new', actor: bob }),
    ]);
    const scope = { repositories: ['acme/new'] };
    expect((await queries().prReviewTimeTrend(scope, range)).map((w) => [w.count, (w.medianMs ?? 0) / HOUR])).toEqual([[1, 51]]);
    expect((await queries().prPickupTimeTrend(scope, range)).map((w) => [w.count, (w.medianMs ?? 0) / HOUR])).toEqual([[1, 47]]);
    const prs = (await facts('acme/new')).pullRequests;
    expect(prs.map((p) => [p.repository, p.number, p.openedAtMs, p.mergedAtMs])).toEqual([['acme/new', 5, opened, merged]]);
  });
});
