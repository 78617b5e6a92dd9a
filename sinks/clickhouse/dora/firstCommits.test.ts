import { describe, expect, it } from 'vitest';
import { NO_SHA, type PullRequestFact, type PushFact } from './facts.ts';
import { firstCommits } from './firstCommits.ts';

const REPO = 'acme/web';
const at = (iso: string) => Date.parse(`${iso}Z`);
const push = (branch: string, before: string, after: string, pushedAt: string, commits: [string, string][]): PushFact => ({
  repository: REPO, branch, defaultBranch: 'main', before, after, created: before === NO_SHA, forced: false, pushedAtMs: at(pushedAt), commits: commits.map(([sha, authored]) => ({ sha, authoredAtMs: at(authored) })), truncated: false,
});
const pr = (number: number, headRepository: string, opened: string, merged: string | null, mergeSha: string | null): PullRequestFact => ({
  repository: REPO, number, headRef: 'patch-1', headRepository, openedAtMs: at(opened), mergedAtMs: merged === null ? null : at(merged), mergeSha, closedAtMs: merged === null ? null : at(merged),
});

describe('firstCommits', () => {
  const pushes = [push('patch-1', NO_SHA, 'p1', '2025-03-02T09:05', [['p1', '2025-03-02T09:00']]), push('main', 'm0', 'm1', '2025-03-11T15:00', [['p1', '2025-03-02T09:00'], ['m1', '2025-03-11T15:00']])];

  it("a fork's pull request on a branch named like one here has an unknown first commit, and owns nothing here", () => {
    // #5 comes from a fork's patch-1 (open Mar 1–10); #6 is this repository's own patch-1, pushed Mar 2.
    const fork = pr(5, 'contributor/web', '2025-03-01T10:00', '2025-03-10T10:00', 'f9');
    const own = pr(6, REPO, '2025-03-11T09:00', '2025-03-11T15:00', 'm1');
    const found = firstCommits([fork, own], pushes);
    expect(found.get(`${REPO}#5`)).toBeNull();
    expect(found.get(`${REPO}#6`)).toBe(at('2025-03-02T09:00'));
  });

  it('a pull request of this repository that owned the branch before keeps its pushes', () => {
    const earlier = pr(4, REPO, '2025-03-01T10:00', '2025-03-10T10:00', 'e1');
    const own = pr(6, REPO, '2025-03-11T09:00', '2025-03-11T15:00', 'm1');
    expect(firstCommits([earlier, own], pushes).get(`${REPO}#6`)).toBeNull();
  });
});
