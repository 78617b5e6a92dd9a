/**
 * When a pull request's first commit was authored, from the pushes to its head branch: the
 * earliest `authoredAt` of the commits pushed to that branch while the pull request was the
 * branch's, leaving out commits that were on the default branch already (a merge of main into the
 * branch brings them along). DevLake takes the earliest authored date of the pull request's
 * commits as the API lists them (`pull_request_commits`); this is the same set for a branch that
 * was pushed here, and an earliest-of is unchanged by a replayed push.
 *
 * "While the pull request was the branch's": a branch name is reused by later pull requests, so
 * pushes up to an earlier pull request's close on the same branch belong to that one, and pushes
 * after this one merged belong to nobody.
 *
 * Unknown (null) for a fork's pull request (its branch is pushed to the fork; a branch of the same
 * name here belongs to someone else), and when no push of the branch was seen: a branch pushed
 * before webhooks were set up, or older than the history read. Lead time then
 * starts at the opening, and the figures count the pull request.
 */
import { appendTo } from './appendTo.ts';
import type { PullRequestFact, PushFact } from './facts.ts';

/** Its branch lives in another repository (a fork): pushes here to a branch of that name are not its. */
const fromFork = (pr: PullRequestFact): boolean => pr.headRepository !== null && pr.headRepository !== pr.repository;

const branchKey = (pr: PullRequestFact): string => `${pr.repository}\u0000${pr.headRef ?? ''}`;

export const pullRequestKey = (pr: Pick<PullRequestFact, 'repository' | 'number'>): string => `${pr.repository}#${pr.number}`;

/** The first commit time of each merged pull request, by pullRequestKey; null where unknown. */
export function firstCommits(pullRequests: readonly PullRequestFact[], pushes: readonly PushFact[]): Map<string, number | null> {
  const found = new Map<string, number | null>();
  const repositories = new Map<string, RepositoryPushes>();
  // Who had each branch before: the closings of this repository's own pull requests, by branch.
  const owners = new Map<string, PullRequestFact[]>();
  for (const pr of pullRequests) if (pr.headRef !== null && !fromFork(pr) && pr.closedAtMs !== null) appendTo(owners, branchKey(pr), pr);
  for (const pr of pullRequests) {
    if (pr.mergedAtMs === null) continue;
    // A fork's branch is pushed to the fork: a branch of the same name here is someone else's.
    if (pr.headRef === null || fromFork(pr)) {
      found.set(pullRequestKey(pr), null);
      continue;
    }
    let history = repositories.get(pr.repository);
    if (history === undefined) {
      history = new RepositoryPushes(pushes.filter((push) => push.repository === pr.repository));
      repositories.set(pr.repository, history);
    }
    found.set(pullRequestKey(pr), history.firstCommitOf(pr, owners.get(branchKey(pr)) ?? []));
  }
  return found;
}

class RepositoryPushes {
  /** When each commit first reached the default branch. */
  private readonly onDefault = new Map<string, number>();
  private readonly byBranch = new Map<string, PushFact[]>();

  constructor(pushes: readonly PushFact[]) {
    for (const push of pushes) {
      if (push.branch === null) continue;
      appendTo(this.byBranch, push.branch, push);
      if (push.branch !== push.defaultBranch) continue;
      for (const commit of push.commits) {
        const known = this.onDefault.get(commit.sha);
        if (known === undefined || push.pushedAtMs < known) this.onDefault.set(commit.sha, push.pushedAtMs);
      }
    }
  }

  /** `owners`: the pull requests of this repository closed on the same branch. */
  firstCommitOf(pr: PullRequestFact, owners: readonly PullRequestFact[]): number | null {
    const mergedAt = pr.mergedAtMs!;
    // The push that merged it: commits on the default branch before that push are not its own.
    const mergedBy = pr.mergeSha === null ? undefined : this.onDefault.get(pr.mergeSha);
    const baseUntil = mergedBy ?? mergedAt;
    let earlierOwner = Number.NEGATIVE_INFINITY;
    for (const other of owners) if (other !== pr && other.closedAtMs! <= pr.openedAtMs) earlierOwner = Math.max(earlierOwner, other.closedAtMs!);
    let first: number | null = null;
    for (const push of this.byBranch.get(pr.headRef!) ?? []) {
      if (push.pushedAtMs <= earlierOwner || push.pushedAtMs > mergedAt) continue;
      for (const commit of push.commits) {
        const reachedDefault = this.onDefault.get(commit.sha);
        if (reachedDefault !== undefined && reachedDefault < baseUntil) continue;
        if (first === null || commit.authoredAtMs < first) first = commit.authoredAtMs;
      }
    }
    return first;
  }
}
