/**
 * What each deployment shipped: the commits between it and the previous successful production
 * deployment of the same repository. DevLake computes this diff from the git graph
 * (`commits_diffs` between a deployment's commit and `prev_success_deployment_commit_id`); we have
 * no clone, but every push says which commits moved a ref from `before` to `after`. Walking pushes
 * back from the deployed commit, through each push's `before`, until the previous deployment's
 * commit is reached, gives the same set for the usual history (a branch that only moves forward).
 *
 * A change set is
 * - `first`: the repository's first deployment; DevLake credits no pull request to it, since it
 *   has no previous deployment to diff against;
 * - `known`: the walk reached the previous deployment's commit;
 * - `partial`: it did, but through a push whose commit list hit GitHub's cap, or a forced push
 *   (whose list is relative to the rewritten history): commits can be missing or extra;
 * - `unknown`: the walk could not connect the two (a push never delivered, history older than
 *   what was read, a deployment of a commit never pushed here). No pull request is credited to it.
 */
import { NO_SHA, type PushFact } from './facts.ts';
import { appendTo } from './appendTo.ts';
import { byFinish, type Deployment } from './deployments.ts';

export type ChangeSet =
  | { readonly status: 'first' }
  | { readonly status: 'known' | 'partial'; readonly shas: ReadonlySet<string> }
  | { readonly status: 'unknown'; readonly reason: string };

/** A walk longer than this is taken for a cycle of force pushes and called unknown. */
const MAX_PUSHES_PER_WALK = 10_000;

/** The change set of every deployment, by its key. `deployments` may span repositories. */
export function changeSets(deployments: readonly Deployment[], pushes: readonly PushFact[]): Map<string, ChangeSet> {
  const sets = new Map<string, ChangeSet>();
  const history = new Map<string, PushHistory>();
  const previous = new Map<string, Deployment>();
  for (const deployment of [...deployments].sort(byFinish)) {
    const before = previous.get(deployment.repository);
    previous.set(deployment.repository, deployment);
    if (before === undefined) {
      sets.set(deployment.key, { status: 'first' });
      continue;
    }
    let repoHistory = history.get(deployment.repository);
    if (repoHistory === undefined) {
      repoHistory = new PushHistory(pushes.filter((push) => push.repository === deployment.repository));
      history.set(deployment.repository, repoHistory);
    }
    sets.set(deployment.key, repoHistory.between(before.sha, deployment.sha));
  }
  return sets;
}

interface Segment {
  readonly push: PushFact;
  /** The segment is the push's commits up to and including this index. */
  readonly end: number;
}

/** A repository's pushes, indexed for walking back from a commit. */
class PushHistory {
  private readonly byAfter = new Map<string, PushFact[]>();
  private readonly byCommit = new Map<string, Segment[]>();

  constructor(pushes: readonly PushFact[]) {
    for (const push of pushes) {
      appendTo(this.byAfter, push.after, push);
      push.commits.forEach((commit, end) => appendTo(this.byCommit, commit.sha, { push, end }));
    }
  }

  /**
   * The commits after `from` up to and including `to`. A deployment of an older commit (a
   * rollback) ships nothing new: when the walk back from `to` misses `from` but the walk back
   * from `from` passes `to`, the set is empty, as git's diff of the two would be.
   */
  between(from: string, to: string): ChangeSet {
    if (from === to) return { status: 'known', shas: new Set() };
    const forward = this.walk(to, from);
    if (forward.status !== 'unknown' || this.walk(from, to).status === 'unknown') return forward;
    return { status: 'known', shas: new Set() };
  }

  /** Walks pushes back from `head` until `stop` is passed, collecting the commits on the way. */
  private walk(head: string, stop: string): ChangeSet {
    const shas = new Set<string>();
    const seen = new Set<PushFact>();
    let partial = false;
    let segment = this.locate(head, seen);
    if (segment === undefined) return { status: 'unknown', reason: `no push of ${head} was seen` };
    for (let steps = 0; steps < MAX_PUSHES_PER_WALK; steps += 1) {
      const { push, end } = segment;
      seen.add(push);
      partial ||= push.truncated || push.forced;
      const commits = push.commits.slice(0, end + 1);
      const reached = commits.findIndex((commit) => commit.sha === stop);
      for (const commit of commits.slice(reached + 1)) shas.add(commit.sha);
      if (reached >= 0 || push.before === stop) return { status: partial ? 'partial' : 'known', shas };
      if (push.created || push.before === NO_SHA) return { status: 'unknown', reason: `the pushes before ${head} reach the creation of ${push.branch ?? 'its ref'} without passing ${stop}` };
      const next = this.locate(push.before, seen);
      if (next === undefined) return { status: 'unknown', reason: `no push of ${push.before} (before ${head}) was seen, or only ones already walked` };
      segment = next;
    }
    return { status: 'unknown', reason: `more than ${MAX_PUSHES_PER_WALK} pushes between ${stop} and ${head}` };
  }

  /**
   * Where `sha` came from, among pushes not walked yet, best first: the default branch before other
   * refs (deployments ship the mainline); an ordinary push before a forced one (a branch forced
   * back to a commit, or away and back, still has the push that first brought it); a push that
   * moved a ref to it before one that listed it among its commits; the latest first. A push that created a ref at a
   * commit it did not bring (a tag, a new branch) lists no commits and leads nowhere: skipped.
   */
  private locate(sha: string, seen: ReadonlySet<PushFact>): Segment | undefined {
    const candidates = [
      ...(this.byAfter.get(sha) ?? []).filter((push) => !(push.created && push.commits.length === 0)).map((push) => ({ push, end: push.commits.length - 1, moved: true })),
      ...(this.byCommit.get(sha) ?? []).map((segment) => ({ ...segment, moved: false })),
    ].filter((candidate) => !seen.has(candidate.push));
    candidates.sort((a, b) => Number(onDefault(b.push)) - Number(onDefault(a.push)) || Number(a.push.forced) - Number(b.push.forced) || Number(b.moved) - Number(a.moved) || b.push.pushedAtMs - a.push.pushedAtMs);
    return candidates[0];
  }
}

const onDefault = (push: PushFact): boolean => push.branch !== null && push.branch === push.defaultBranch;
