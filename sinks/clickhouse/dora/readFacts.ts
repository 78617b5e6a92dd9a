/**
 * Reads a scope's DORA facts (facts.ts) from ClickHouse: one entity per deployment, run, push,
 * pull request and incident, from `events FINAL` (one row per event id, so a replayed event is
 * read once) and the `incidents` aggregate. The computation is TypeScript (metrics.ts) rather
 * than SQL: walking pushes from one deployment's commit back to the previous one's is a graph
 * walk, which ClickHouse 18.16 cannot express (no recursive queries, no window functions), and
 * the same code then serves hand-built test histories and every ClickHouse version alike.
 *
 * 18.16 has no JSONExtract: what no typed column holds is read from `payload` (the event's Avro
 * payload as JSON) in TypeScript. Rows of older events that lack a field read it as unknown.
 *
 * How much is read: every GitHub Deployment of the scope's repositories and every CI run that can
 * be a deployment (they are few, and each matters: the previous deployment a change set starts
 * from, a repository's first, the one an incident after the range is blamed on, which may itself
 * be after the range); pushes and pull requests from `historyDays` before the range to its end;
 * incidents that started or were resolved from the range's start on (one resolved in the range
 * counts in time to restore however long ago it started; one that starts after the range can
 * still be blamed on a deployment in it, as in DevLake's change failure rate). An issue's events
 * from the range's start on include its latest, which says what it is now.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { KIND } from '../ddl.ts';
import { classifyClickHouseError } from '../errors.ts';
import { identifier, quoteInteger, quoteList } from '../quote.ts';
import type { CiRunFact, DoraFacts, DoraScope, GitHubDeploymentFact, IncidentFact, PullRequestFact, PushFact } from './facts.ts';
import type { Range } from './metrics.ts';
import { githubIssueIsIncident, type DoraRules } from './rules.ts';

type Row = Record<string, unknown>;

const DAY_MS = 86_400_000;
/** Makes a millisecond time a fixed-width string (14 digits until the year 2286), so strings order as times. */
const LATEST_PAD = 10_000_000_000_000;

export async function readFacts(client: ClickHouseClient, database: string, scope: DoraScope, range: Range, rules: DoraRules): Promise<DoraFacts> {
  const db = identifier(database);
  const rows = async (query: string): Promise<Row[]> => {
    try {
      const result = await client.query({ query, format: 'JSONEachRow' });
      return await result.json<Row>();
    } catch (error) {
      throw classifyClickHouseError(error, 'query');
    }
  };
  const repos = inList('repository', scope.repositories);
  const keys = inList('project_key', scope.jiraKeys);
  const historyFrom = quoteInteger(Math.max(0, range.from - rules.historyDays * DAY_MS));
  const from = quoteInteger(Math.max(0, range.from));
  const to = quoteInteger(range.to);
  const events = (kinds: readonly string[], where: string, columns: string) =>
    rows(`SELECT ${columns} FROM ${db}.events FINAL WHERE ${KIND} IN ${quoteList(kinds)} AND ${where}`);

  /**
   * Every run that can be a deployment, whenever it ran: a run or job whose name matches the
   * deployment pattern, and the runs those jobs belong to. Names and run ids are small typed
   * columns, so they are read for all runs and matched here, with the same RegExp that decides
   * later (ClickHouse 18.16's match() ignores `(?i)` in its literal prefilter); only the
   * candidates' payloads are read. Rows written before those columns existed are read whole.
   */
  const ciCandidates = async (): Promise<Row[]> => {
    const pattern = rules.deploymentPattern;
    if (pattern === null) return [];
    const named = await rows(`SELECT DISTINCT ci_run_id, ci_name FROM ${db}.events
WHERE ${KIND} IN ('workflow_run.completed', 'workflow_job.completed') AND ${repos} AND isNotNull(ci_name)`);
    const runIds = [...new Set(named.filter((row) => pattern.test(String(row.ci_name))).map((row) => String(row.ci_run_id)))];
    const candidate = runIds.length === 0 ? 'ci_name IS NULL' : `(ci_name IS NULL OR ci_run_id IN (${runIds.map((id) => quoteInteger(Number(id))).join(', ')}))`;
    return rows(`SELECT ${KIND} AS kind, payload FROM ${db}.events FINAL WHERE ${KIND} IN ('workflow_run.completed', 'workflow_job.completed') AND ${repos} AND ${candidate}`);
  };

  /**
   * The latest version of each issue, chosen by the server: issue events are the busiest kind, and
   * what an issue is now (its labels, type, resolution) is its latest event's. Latest is by
   * occurred_at_ms, a tie broken by the payload itself, so the choice does not depend on the order
   * rows were written. Rows of GitHub issues written before issue_key held `owner/repo#n` stay one
   * group each and are folded by latestBy below.
   */
  const latestIssues = (kinds: readonly string[], where: string) =>
    rows(`SELECT max(occurred_at_ms) AS latest_ms, argMax(payload, concat(toString(occurred_at_ms + ${LATEST_PAD}), payload)) AS payload
FROM ${db}.events FINAL WHERE ${KIND} IN ${quoteList(kinds)} AND ${where}
GROUP BY ifNull(issue_key, event_id)`);

  const [deployments, ciRuns, pushes, pullRequests, alerts, githubIssues, jiraIssues] = await Promise.all([
    events(['deployment.created', 'deployment.status_changed'], repos, 'repository, deployment_id, environment, sha, deployment_state, occurred_at_ms, deployment_created_at_ms, payload'),
    ciCandidates(),
    events(['ref.pushed'], `${repos} AND occurred_at_ms >= ${historyFrom} AND occurred_at_ms < ${to}`, 'payload'),
    events(['pull_request.opened', 'pull_request.updated', 'pull_request.merged', 'pull_request.closed'], `${repos} AND occurred_at_ms >= ${historyFrom} AND occurred_at_ms < ${to}`, `${KIND} AS kind, repository, pr_number, branch, pr_created_at_ms, pr_merged_at_ms, merge_commit_sha, occurred_at_ms, payload`),
    rows(`SELECT * FROM (
  SELECT repository, project_key, fingerprint, starts_at_ms, minIfMerge(resolved_at_ms) AS resolved_ms
  FROM ${db}.incidents GROUP BY repository, project_key, fingerprint, starts_at_ms
) WHERE (${repos} OR ${keys}) AND (starts_at_ms >= ${from} OR resolved_ms >= ${from})`),
    latestIssues(['issue.opened', 'issue.edited', 'issue.closed', 'issue.reopened', 'issue.labeled', 'issue.unlabeled'], `source = 'github' AND ${repos} AND occurred_at_ms >= ${from}`),
    latestIssues(['issue.created', 'issue.updated'], `source = 'jira' AND ${keys} AND occurred_at_ms >= ${from}`),
  ]);

  return {
    deployments: gitHubDeployments(deployments),
    ciRuns: ciRuns.flatMap(ciRun),
    pushes: pushes.flatMap(push),
    pullRequests: pullRequestFacts(pullRequests),
    incidents: [
      ...alerts.map((row): IncidentFact => ({ source: 'alert', key: `${String(row.fingerprint)}@${String(row.starts_at_ms)}`, repository: emptyToNull(row.repository), projectKey: emptyToNull(row.project_key), startedAtMs: Number(row.starts_at_ms), resolvedAtMs: zeroToNull(row.resolved_ms) })),
      ...gitHubIncidents(githubIssues, rules),
      ...jiraIncidents(jiraIssues, rules),
    ],
  };
}

/** `column IN (...)`, or false for an empty list (an empty `IN ()` is a syntax error). */
function inList(column: string, values: readonly string[]): string {
  return values.length === 0 ? '0' : `${column} IN ${quoteList(values)}`;
}

const emptyToNull = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));
const zeroToNull = (value: unknown): number | null => (value === null || value === undefined || Number(value) === 0 ? null : Number(value));
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function payloadOf<T>(schema: z.ZodType<T>, row: Row): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(String(row.payload)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const deploymentPayload = z.looseObject({ workflowRunId: z.number().nullish() });

function gitHubDeployments(rows: readonly Row[]): GitHubDeploymentFact[] {
  const byId = new Map<string, { repository: string; deploymentId: number; environment: string; sha: string; createdAtMs: number; succeededAtMs: number | null; workflowRunId: number | null }>();
  for (const row of rows) {
    const repository = String(row.repository ?? '');
    const deploymentId = Number(row.deployment_id);
    const key = `${repository}#${deploymentId}`;
    const fact = byId.get(key) ?? { repository, deploymentId, environment: String(row.environment ?? ''), sha: String(row.sha ?? ''), createdAtMs: Number(row.deployment_created_at_ms ?? row.occurred_at_ms), succeededAtMs: null, workflowRunId: null };
    const at = Number(row.occurred_at_ms);
    if (row.deployment_state === 'success' && (fact.succeededAtMs === null || at < fact.succeededAtMs)) fact.succeededAtMs = at;
    fact.workflowRunId ??= payloadOf(deploymentPayload, row)?.workflowRunId ?? null;
    byId.set(key, fact);
  }
  return [...byId.values()];
}

const runPayload = z.looseObject({
  repository: z.string(), runId: z.number(), runAttempt: z.number(), name: z.string(), headBranch: z.string().nullish(), headSha: z.string(), conclusion: z.string().nullish(),
  runStartedAt: z.number(), updatedAt: z.number(),
});
const jobPayload = z.looseObject({
  repository: z.string(), jobId: z.number(), runId: z.number(), runAttempt: z.number(), name: z.string(), workflowName: z.string().nullish(), headBranch: z.string().nullish(), headSha: z.string(),
  conclusion: z.string().nullish(), startedAt: z.number(), completedAt: z.number(),
});

function ciRun(row: Row): CiRunFact[] {
  if (row.kind === 'workflow_run.completed') {
    const run = payloadOf(runPayload, row);
    if (run === undefined) return [];
    return [{ kind: 'run', repository: run.repository, id: run.runId, runId: run.runId, attempt: run.runAttempt, name: run.name, workflowName: null, headBranch: run.headBranch ?? null, headSha: run.headSha, conclusion: run.conclusion ?? null, startedAtMs: run.runStartedAt, finishedAtMs: run.updatedAt }];
  }
  const job = payloadOf(jobPayload, row);
  if (job === undefined) return [];
  return [{ kind: 'job', repository: job.repository, id: job.jobId, runId: job.runId, attempt: job.runAttempt, name: job.name, workflowName: job.workflowName ?? null, headBranch: job.headBranch ?? null, headSha: job.headSha, conclusion: job.conclusion ?? null, startedAtMs: job.startedAt, finishedAtMs: job.completedAt }];
}

const pushPayload = z.looseObject({
  repository: z.string(), branch: z.string().nullish(), defaultBranch: z.string().nullish(), before: z.string(), after: z.string(), created: z.boolean(), forced: z.boolean(), pushedAt: z.number(),
  commits: z.array(z.looseObject({ sha: z.string(), authoredAt: z.number() })), commitsTruncated: z.boolean(),
});

function push(row: Row): PushFact[] {
  const p = payloadOf(pushPayload, row);
  if (p === undefined) return [];
  return [{ repository: p.repository, branch: p.branch ?? null, defaultBranch: p.defaultBranch ?? null, before: p.before, after: p.after, created: p.created, forced: p.forced, pushedAtMs: p.pushedAt, commits: p.commits.map((c) => ({ sha: c.sha, authoredAtMs: c.authoredAt })), truncated: p.commitsTruncated }];
}

const pullRequestPayload = z.looseObject({ pullRequest: z.looseObject({ headRepository: z.string().nullish() }) });

function pullRequestFacts(rows: readonly Row[]): PullRequestFact[] {
  const byKey = new Map<string, { repository: string; number: number; headRef: string | null; headRepository: string | null; openedAtMs: number; mergedAtMs: number | null; mergeSha: string | null; closedAtMs: number | null }>();
  for (const row of rows) {
    const repository = String(row.repository ?? '');
    const number = Number(row.pr_number);
    const key = `${repository}#${number}`;
    const opened = Number(row.pr_created_at_ms);
    const fact = byKey.get(key) ?? { repository, number, headRef: emptyToNull(row.branch), headRepository: null, openedAtMs: opened, mergedAtMs: null, mergeSha: null, closedAtMs: null };
    fact.headRepository ??= payloadOf(pullRequestPayload, row)?.pullRequest.headRepository ?? null;
    fact.openedAtMs = Math.min(fact.openedAtMs, opened);
    const merged = numberOrNull(row.pr_merged_at_ms);
    if (merged !== null && (fact.mergedAtMs === null || merged < fact.mergedAtMs)) fact.mergedAtMs = merged;
    fact.mergeSha ??= emptyToNull(row.merge_commit_sha);
    // A merge is a close; a close without a merge is when the closed event occurred.
    const closed = row.kind === 'pull_request.merged' || row.kind === 'pull_request.closed' ? Number(row.occurred_at_ms) : null;
    if (closed !== null && (fact.closedAtMs === null || closed < fact.closedAtMs)) fact.closedAtMs = closed;
    byKey.set(key, fact);
  }
  return [...byKey.values()];
}

const githubIssuePayload = z.looseObject({ repository: z.string(), number: z.number(), state: z.string(), labels: z.array(z.string()), createdAt: z.number(), updatedAt: z.number(), closedAt: z.number().nullish() });

/** A GitHub issue is an incident when its labels, as last seen, say so by DevLake's rule (rules.ts). */
function gitHubIncidents(rows: readonly Row[], rules: DoraRules): IncidentFact[] {
  const latest = latestBy(rows.flatMap((row) => {
    const issue = payloadOf(githubIssuePayload, row);
    return issue === undefined ? [] : [{ key: `${issue.repository}#${issue.number}`, at: Number(row.latest_ms), tie: String(row.payload), issue }];
  }));
  return [...latest.values()]
    .filter(({ issue }) => githubIssueIsIncident(issue.labels, rules))
    .map(({ key, issue }) => ({ source: 'github', key, repository: issue.repository, projectKey: null, startedAtMs: issue.createdAt, resolvedAtMs: issue.state === 'closed' ? (issue.closedAt ?? null) : null }));
}

const jiraIssuePayload = z.looseObject({
  issue: z.looseObject({ issueKey: z.string(), projectKey: z.string(), issueType: z.string(), labels: z.array(z.string()), createdAt: z.number(), updatedAt: z.number(), resolvedAt: z.number().nullish() }),
});

/** A Jira issue is an incident when its type (or a label) says so, as last seen. */
function jiraIncidents(rows: readonly Row[], rules: DoraRules): IncidentFact[] {
  const types = new Set(rules.jiraIncidentTypes.map((type) => type.toLowerCase()));
  const latest = latestBy(rows.flatMap((row) => {
    const parsed = payloadOf(jiraIssuePayload, row);
    return parsed === undefined ? [] : [{ key: parsed.issue.issueKey, at: Number(row.latest_ms), tie: String(row.payload), issue: parsed.issue }];
  }));
  return [...latest.values()]
    .filter(({ issue }) => types.has(issue.issueType.toLowerCase()) || (rules.jiraIncidentLabelPattern !== null && issue.labels.some((label) => rules.jiraIncidentLabelPattern!.test(label))))
    .map(({ key, issue }) => ({ source: 'jira', key, repository: null, projectKey: issue.projectKey, startedAtMs: issue.createdAt, resolvedAtMs: issue.resolvedAt ?? null }));
}

/** The latest version of each entity, by the same order the server's argMax uses (time, then payload). */
function latestBy<T extends { key: string; at: number; tie: string }>(versions: readonly T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const version of versions) {
    const known = latest.get(version.key);
    if (known === undefined || version.at > known.at || (version.at === known.at && version.tie > known.tie)) latest.set(version.key, version);
  }
  return latest;
}
