/**
 * The successful production deployments of a scope, from both places DevLake finds them:
 *
 * - GitHub Deployments (the API objects): one per deployment id whose environment matches the
 *   environment pattern and that reported `success`.
 * - CI (DevLake's `deployment_generator`): a GitHub Actions run is one deployment when the
 *   deployment pattern matches its name or the name of one of its jobs that ran (not skipped),
 *   however many jobs match. It is in production when the production pattern matches the run's
 *   name or branch, or the name of one of its jobs that ran. Its result is the run's conclusion, and it finished at the run's
 *   `updated_at`. A re-run keeps the run id, so a run counts once, as its latest attempt. Seen
 *   through `workflow_job` events alone (no `workflow_run` subscription), the run succeeded when
 *   every job of its latest attempt that matched the deployment pattern did, and finished with
 *   the last of its jobs.
 *
 * A deployment seen both ways counts once (DevLake counts it twice; README.md says so): a GitHub
 * Deployment created by an Actions run (the webhook's `workflow_run.id`), or one of the same
 * repository and commit created while a deploying run ran, is that run's deployment, and the
 * GitHub Deployment is kept (its environment is explicit).
 */
import { appendTo } from './appendTo.ts';
import type { CiRunFact, DoraFacts, GitHubDeploymentFact } from './facts.ts';
import type { DoraRules } from './rules.ts';

export interface Deployment {
  /** `<repository>#<deployment id>` or `<repository>#run<run id>`. */
  readonly key: string;
  readonly source: 'github-deployment' | 'ci';
  readonly repository: string;
  readonly environment: string | null;
  readonly sha: string;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}

/** Every successful production deployment in the facts, oldest finish first. */
export function productionDeployments(facts: Pick<DoraFacts, 'deployments' | 'ciRuns'>, rules: DoraRules): Deployment[] {
  const fromApi = facts.deployments.filter((d) => d.succeededAtMs !== null && (rules.environmentPattern === null || rules.environmentPattern.test(d.environment)));
  const fromCi = ciDeployments(facts.ciRuns, rules).filter((run) => !fromApi.some((d) => sameDeployment(d, run)));
  const all: Deployment[] = [
    ...fromApi.map((d) => ({ key: `${d.repository}#${d.deploymentId}`, source: 'github-deployment' as const, repository: d.repository, environment: d.environment, sha: d.sha, startedAtMs: d.createdAtMs, finishedAtMs: d.succeededAtMs! })),
    ...fromCi.map((run) => ({ key: `${run.repository}#run${run.runId}`, source: 'ci' as const, repository: run.repository, environment: null, sha: run.sha, startedAtMs: run.startedAtMs, finishedAtMs: run.finishedAtMs })),
  ];
  return all.sort(byFinish);
}

/** Job conclusions DevLake reads as SUCCESS or FAILURE (its GitHub plugin's result rule); the others mean the job did not run. */
const RAN = new Set(['success', 'failure', 'cancelled', 'timed_out', 'startup_failure']);

export const byFinish = (a: Deployment, b: Deployment): number => a.finishedAtMs - b.finishedAtMs || a.key.localeCompare(b.key);

interface CiDeployment {
  readonly repository: string;
  readonly runId: number;
  readonly sha: string;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}

function ciDeployments(facts: readonly CiRunFact[], rules: DoraRules): CiDeployment[] {
  const deploys = (name: string) => rules.deploymentPattern !== null && rules.deploymentPattern.test(name);
  const production = (text: string | null) => rules.productionPattern === null || (text !== null && rules.productionPattern.test(text));
  const byRun = new Map<string, CiRunFact[]>();
  for (const fact of facts) appendTo(byRun, `${fact.repository}#${fact.runId}`, fact);
  const found: CiDeployment[] = [];
  for (const ofRun of byRun.values()) {
    const attempt = Math.max(...ofRun.map((f) => f.attempt));
    const latest = ofRun.filter((f) => f.attempt === attempt);
    const run = latest.find((f) => f.kind === 'run');
    // A job that did not run (skipped: a deploy job gated to main in a pull request's run) says
    // nothing, as in DevLake, where only jobs that succeeded or failed take part.
    const jobs = latest.filter((f) => f.kind === 'job' && f.conclusion !== null && RAN.has(f.conclusion));
    const deployingJobs = jobs.filter((job) => deploys(job.name));
    if (!(run !== undefined && deploys(run.name)) && deployingJobs.length === 0) continue;
    const inProduction = (run !== undefined && (production(run.name) || production(run.headBranch))) || jobs.some((job) => production(job.name));
    if (!inProduction) continue;
    const succeeded = run !== undefined ? run.conclusion === 'success' : deployingJobs.every((job) => job.conclusion === 'success');
    if (!succeeded) continue;
    const first = latest[0]!;
    found.push({
      repository: first.repository,
      runId: first.runId,
      sha: first.headSha,
      startedAtMs: run?.startedAtMs ?? Math.min(...latest.map((f) => f.startedAtMs)),
      finishedAtMs: run?.finishedAtMs ?? Math.max(...latest.map((f) => f.finishedAtMs)),
    });
  }
  return found;
}

function sameDeployment(api: GitHubDeploymentFact, run: CiDeployment): boolean {
  if (api.repository !== run.repository) return false;
  if (api.workflowRunId !== null) return api.workflowRunId === run.runId;
  return api.sha === run.sha && api.createdAtMs >= run.startedAtMs && api.createdAtMs <= run.finishedAtMs;
}
