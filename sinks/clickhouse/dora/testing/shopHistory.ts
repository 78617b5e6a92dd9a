/**
 * A hand-built history of one project, "Shop": two repositories (acme/api, acme/web) and two Jira
 * keys (SHOP, OPS), February–March 2025, with a bystander (acme/other, Jira OTHER) that must never
 * count. Every figure the tests expect is worked out on paper from it (metrics.test.ts), from
 * DevLake's published definitions. The same history goes through the real pipeline's ClickHouse
 * in readFacts.stack.test.ts.
 *
 *   acme/api                                           acme/web
 *   Feb 20 12:00 D1 m0 (first deployment of api)       Feb 27 PR#10 merged (w0), pushed from a fork
 *   Feb 28 09:00 a1 authored, pushed to feat-a 09:05   Mar 1 08:00 D20 w0 (first deployment of web)
 *   Mar 1 10:00 PR#1 opened; a2 15:00 pushed 15:01     Mar 9 09:00 f1 authored, pushed to fix-1 10:00
 *   Mar 2 10:00 PR#1 merged: main m0→mc1 [a1 a2 mc1]   Mar 9 11:00 PR#11 opened on fix-1
 *   Mar 2 12:00 D2 mc1 (GitHub Deployment, prod)       Mar 9 16:00 PR#11 merged: main w0→w1 [w1]
 *   Mar 2 20:05 main mc1→m2 [m2 (authored 20:00)]      Mar 10 10:00 D21: job "deploy-production" of run 900
 *   Mar 3 09:00 PR#2 opened on feat-b                  Mar 11 08:00 f2 authored; PR#12 (fix-1 reused) opened
 *   Mar 3 11:05 feat-b created [b1 (11:00)]                 09:00, f2 pushed 10:00
 *   Mar 3 12:00 feat-b b1→bm [m2 bm] (main merged in)  Mar 11 15:00 PR#12 merged: main w1→w2 [w2]
 *   Mar 4 14:00 PR#2 merged: main m2→mc2 [b1 bm mc2]   Mar 12 09:00 D22 w2
 *   Mar 4 15:20 D3: run 500 "Deploy to production"     Mar 12 10:00 PR#13 opened from a fork; merged 12:00:
 *   Mar 5 08:10 c1 (08:00) pushed to feat-c                 main w2→w3 [w3], a capped list
 *   Mar 5 09:00 PR#3 opened                            Mar 12 14:00 D23 w3
 *   Mar 5 10:00 D4 mc2 again: GitHub Deployment 4,     Mar 18 run 901 "Deploy staging", run 902 "Build"
 *        created by run 501 "deploy prod" (counts once) Mar 20 10:00 D24 wx, a commit never pushed here
 *   Mar 5 11:00 D7 failed; D8 staging succeeded
 *   Mar 6 08:00 D5 m2 (a rollback)
 *   Mar 6 09:00 PR#3 merged: main mc2→mc3 [c1 mc3]
 *   Mar 6 11:00 D6 mc3 (Production-EU)
 *
 *   Incidents: GitHub acme/api#50 "incident" Mar 2 13:00–15:00; Jira OPS-7 (Incident) Mar 4
 *   15:20–17:20, the very minute D3 finished; Jira OPS-8 (Incident) Feb 27 10:00 (after D1) to
 *   Mar 3 10:00, across the month's start; alert fp1 (label project=SHOP) Mar 12 15:00–16:00;
 *   GitHub acme/web#60 "Incident" Mar 21 09:00, open. Not incidents: SHOP-9 (a Bug), acme/api#51
 *   (label "bug"). Never counted: OTHER-1 (Incident) and a deployment of acme/other.
 */
import type { CiRunFact, DoraFacts, DoraScope, GitHubDeploymentFact, IncidentFact, PullRequestFact, PushFact } from '../facts.ts';
import { NO_SHA } from '../facts.ts';

export const API = 'acme/api';
export const WEB = 'acme/web';
export const OTHER = 'acme/other';
export const SHOP_SCOPE: DoraScope = { repositories: [API, WEB], jiraKeys: ['SHOP', 'OPS'] };

export const at = (iso: string): number => Date.parse(`${iso}Z`);
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Pushes, each `[sha, authored]` commit oldest first; a feature branch's first push creates it. */
function push(repository: string, branch: string, before: string, after: string, pushedAt: string, commits: readonly (readonly [string, string])[], flags: Partial<Pick<PushFact, 'truncated' | 'forced'>> = {}): PushFact {
  return {
    repository, branch, defaultBranch: 'main', before, after, created: before === NO_SHA, forced: flags.forced ?? false, pushedAtMs: at(pushedAt),
    commits: commits.map(([sha, authored]) => ({ sha, authoredAtMs: at(authored) })), truncated: flags.truncated ?? false,
  };
}

function pr(repository: string, number: number, headRef: string | null, opened: string, merged: string | null, mergeSha: string | null, headRepository = repository): PullRequestFact {
  return { repository, number, headRef, headRepository, openedAtMs: at(opened), mergedAtMs: merged === null ? null : at(merged), mergeSha, closedAtMs: merged === null ? null : at(merged) };
}

function deployment(repository: string, deploymentId: number, environment: string, sha: string, created: string, succeeded: string | null, workflowRunId: number | null = null): GitHubDeploymentFact {
  return { repository, deploymentId, environment, sha, createdAtMs: at(created), succeededAtMs: succeeded === null ? null : at(succeeded), workflowRunId };
}

function ci(kind: 'run' | 'job', repository: string, id: number, runId: number, name: string, sha: string, started: string, finished: string, conclusion = 'success'): CiRunFact {
  return { kind, repository, id, runId, attempt: 1, name, workflowName: kind === 'job' ? 'Release' : null, headBranch: 'main', headSha: sha, conclusion, startedAtMs: at(started), finishedAtMs: at(finished) };
}

function incident(source: IncidentFact['source'], key: string, scope: { repository?: string; projectKey?: string }, started: string, resolved: string | null): IncidentFact {
  return { source, key, repository: scope.repository ?? null, projectKey: scope.projectKey ?? null, startedAtMs: at(started), resolvedAtMs: resolved === null ? null : at(resolved) };
}

export const shopFacts: DoraFacts = {
  deployments: [
    deployment(API, 1, 'production', 'm0', '2025-02-20T11:50', '2025-02-20T12:00'),
    deployment(API, 2, 'production', 'mc1', '2025-03-02T11:50', '2025-03-02T12:00'),
    deployment(API, 4, 'production', 'mc2', '2025-03-05T09:55', '2025-03-05T10:00', 501),
    deployment(API, 7, 'production', 'mc2', '2025-03-05T10:50', null),
    deployment(API, 8, 'staging', 'mc2', '2025-03-05T10:55', '2025-03-05T11:00'),
    deployment(API, 5, 'production', 'm2', '2025-03-06T07:50', '2025-03-06T08:00'),
    deployment(API, 6, 'Production-EU', 'mc3', '2025-03-06T10:50', '2025-03-06T11:00'),
    deployment(WEB, 20, 'production', 'w0', '2025-03-01T07:50', '2025-03-01T08:00'),
    deployment(WEB, 22, 'production', 'w2', '2025-03-12T08:50', '2025-03-12T09:00'),
    deployment(WEB, 23, 'prod', 'w3', '2025-03-12T13:50', '2025-03-12T14:00'),
    deployment(WEB, 24, 'production', 'wx', '2025-03-20T09:50', '2025-03-20T10:00'),
    deployment(OTHER, 90, 'production', 'o1', '2025-03-10T09:50', '2025-03-10T10:00'),
  ],
  ciRuns: [
    ci('run', API, 500, 500, 'Deploy to production', 'mc2', '2025-03-04T15:00', '2025-03-04T15:20'),
    ci('run', API, 501, 501, 'deploy prod', 'mc2', '2025-03-05T09:50', '2025-03-05T10:02'),
    ci('job', WEB, 9001, 900, 'build', 'w1', '2025-03-10T09:30', '2025-03-10T09:40'),
    ci('job', WEB, 9002, 900, 'deploy-production', 'w1', '2025-03-10T09:40', '2025-03-10T10:00'),
    ci('run', WEB, 901, 901, 'Deploy staging', 'w3', '2025-03-18T09:00', '2025-03-18T09:10'),
    ci('run', WEB, 902, 902, 'Build', 'w3', '2025-03-18T09:00', '2025-03-18T09:10'),
  ],
  pushes: [
    push(API, 'feat-a', NO_SHA, 'a1', '2025-02-28T09:05', [['a1', '2025-02-28T09:00']]),
    push(API, 'feat-a', 'a1', 'a2', '2025-03-01T15:01', [['a2', '2025-03-01T15:00']]),
    push(API, 'main', 'm0', 'mc1', '2025-03-02T10:00', [['a1', '2025-02-28T09:00'], ['a2', '2025-03-01T15:00'], ['mc1', '2025-03-02T10:00']]),
    push(API, 'main', 'mc1', 'm2', '2025-03-02T20:05', [['m2', '2025-03-02T20:00']]),
    push(API, 'feat-b', NO_SHA, 'b1', '2025-03-03T11:05', [['b1', '2025-03-03T11:00']]),
    push(API, 'feat-b', 'b1', 'bm', '2025-03-03T12:00', [['m2', '2025-03-02T20:00'], ['bm', '2025-03-03T12:00']]),
    push(API, 'main', 'm2', 'mc2', '2025-03-04T14:00', [['b1', '2025-03-03T11:00'], ['bm', '2025-03-03T12:00'], ['mc2', '2025-03-04T14:00']]),
    push(API, 'feat-c', NO_SHA, 'c1', '2025-03-05T08:10', [['c1', '2025-03-05T08:00']]),
    push(API, 'main', 'mc2', 'mc3', '2025-03-06T09:00', [['c1', '2025-03-05T08:00'], ['mc3', '2025-03-06T09:00']]),
    push(WEB, 'main', NO_SHA, 'w0', '2025-02-27T10:00', [['w0', '2025-02-27T10:00']]),
    push(WEB, 'fix-1', NO_SHA, 'f1', '2025-03-09T10:00', [['f1', '2025-03-09T09:00']]),
    push(WEB, 'main', 'w0', 'w1', '2025-03-09T16:00', [['w1', '2025-03-09T16:00']]),
    push(WEB, 'fix-1', 'f1', 'f2', '2025-03-11T10:00', [['f2', '2025-03-11T08:00']]),
    push(WEB, 'main', 'w1', 'w2', '2025-03-11T15:00', [['w2', '2025-03-11T15:00']]),
    push(WEB, 'main', 'w2', 'w3', '2025-03-12T12:00', [['w3', '2025-03-12T12:00']], { truncated: true }),
  ],
  pullRequests: [
    pr(API, 1, 'feat-a', '2025-03-01T10:00', '2025-03-02T10:00', 'mc1'),
    pr(API, 2, 'feat-b', '2025-03-03T09:00', '2025-03-04T14:00', 'mc2'),
    pr(API, 3, 'feat-c', '2025-03-05T09:00', '2025-03-06T09:00', 'mc3'),
    pr(API, 4, 'feat-d', '2025-03-07T09:00', null, null),
    pr(WEB, 10, 'patch-1', '2025-02-26T10:00', '2025-02-27T10:00', 'w0'),
    pr(WEB, 11, 'fix-1', '2025-03-09T11:00', '2025-03-09T16:00', 'w1'),
    pr(WEB, 12, 'fix-1', '2025-03-11T09:00', '2025-03-11T15:00', 'w2'),
    // From a contributor's fork, on its main: web's own main is not its branch.
    pr(WEB, 13, 'main', '2025-03-12T10:00', '2025-03-12T12:00', 'w3', 'contributor/web'),
  ],
  incidents: [
    incident('github', `${API}#50`, { repository: API }, '2025-03-02T13:00', '2025-03-02T15:00'),
    incident('jira', 'OPS-7', { projectKey: 'OPS' }, '2025-03-04T15:20', '2025-03-04T17:20'),
    incident('jira', 'OPS-8', { projectKey: 'OPS' }, '2025-02-27T10:00', '2025-03-03T10:00'),
    incident('alert', 'fp1@1741791600000', { projectKey: 'SHOP' }, '2025-03-12T15:00', '2025-03-12T16:00'),
    incident('github', `${WEB}#60`, { repository: WEB }, '2025-03-21T09:00', null),
    incident('jira', 'OTHER-1', { projectKey: 'OTHER' }, '2025-03-10T11:00', '2025-03-10T12:00'),
  ],
};
