/**
 * What the DORA figures are computed from, as read back from ClickHouse (readFacts.ts) or built
 * by hand in tests. Each fact is one entity however many times its events were written, so the
 * figures are exact under replay. Times are epoch milliseconds.
 */

/** Which work a figure is about: every repository and every Jira project key of a project. */
export interface DoraScope {
  readonly repositories: readonly string[];
  readonly jiraKeys: readonly string[];
}

/** A GitHub Deployment (the API object), with its first success or failure. */
export interface GitHubDeploymentFact {
  readonly repository: string;
  readonly deploymentId: number;
  readonly environment: string;
  readonly sha: string;
  readonly createdAtMs: number;
  readonly succeededAtMs: number | null;
  /** The Actions run that created it, when one did (deduplicates it with that run). */
  readonly workflowRunId: number | null;
}

/** A finished GitHub Actions run or job: a deployment when its name says so. */
export interface CiRunFact {
  readonly kind: 'run' | 'job';
  readonly repository: string;
  /** The run's id for a run, the job's for a job. */
  readonly id: number;
  readonly runId: number;
  readonly attempt: number;
  readonly name: string;
  /** The workflow's name, for a job. */
  readonly workflowName: string | null;
  readonly headBranch: string | null;
  readonly headSha: string;
  readonly conclusion: string | null;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}

/** One push: a ref moved from `before` to `after`, with the commits GitHub listed. */
export interface PushFact {
  readonly repository: string;
  readonly branch: string | null;
  readonly defaultBranch: string | null;
  readonly before: string;
  readonly after: string;
  readonly created: boolean;
  readonly forced: boolean;
  readonly pushedAtMs: number;
  /** Oldest first. */
  readonly commits: readonly { readonly sha: string; readonly authoredAtMs: number }[];
  /** The list hit GitHub's cap: commits can be missing. */
  readonly truncated: boolean;
}

export interface PullRequestFact {
  readonly repository: string;
  readonly number: number;
  readonly headRef: string | null;
  /** The repository the head branch lives in: another one for a fork's pull request; null when unknown. */
  readonly headRepository: string | null;
  readonly openedAtMs: number;
  readonly mergedAtMs: number | null;
  readonly mergeSha: string | null;
  /** Merged or closed without merging; null while open. */
  readonly closedAtMs: number | null;
}

/** An incident from any source: an alert firing, a GitHub issue, a Jira issue. */
export interface IncidentFact {
  readonly source: 'alert' | 'github' | 'jira';
  /** Unique within its source: fingerprint@start, repository#number, issue key. */
  readonly key: string;
  readonly repository: string | null;
  readonly projectKey: string | null;
  readonly startedAtMs: number;
  readonly resolvedAtMs: number | null;
}

export interface DoraFacts {
  readonly deployments: readonly GitHubDeploymentFact[];
  readonly ciRuns: readonly CiRunFact[];
  readonly pushes: readonly PushFact[];
  readonly pullRequests: readonly PullRequestFact[];
  /** Already filtered by the rules: only issues and alerts that are incidents. */
  readonly incidents: readonly IncidentFact[];
}

export const NO_SHA = '0000000000000000000000000000000000000000';
