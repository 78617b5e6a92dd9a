/**
 * Reads a scope's DORA facts (facts.ts) from ClickHouse: one entity per deployment, run, push,
 * pull request and incident, from `events` (one row per event id, its latest version, so a
 * replayed event is read once) and the `incidents` aggregate.
 *
 * Not `events FINAL`: on 18.16 FINAL merges every part of the table at read time on one thread,
 * 40–190 ms a query however few rows match (a dashboard view asks four such reads at once). FINAL
 * picks each event's latest version and then filters; so does this, in two steps: every version of
 * each event one of whose versions matches is read, with whether that version matches (`_match`),
 * and an event counts only when its latest version does (latestVersions). A replay through a fixed
 * normalizer that moves an event out of the scope (another environment, project key) is obeyed
 * before any merge. The issue queries, which aggregate on the server, pick each event's latest
 * version there (argMax by version) and keep it only if it matches, before aggregating. The event
 * ids are a PREWHERE: the other columns (payload among them) are read for those events' rows only,
 * which halves the read (150 to 90 ms on the bench corner's 34,000 events). The computation is TypeScript (metrics.ts) rather
 * than SQL: walking pushes from one deployment's commit back to the previous one's is a graph
 * walk, which ClickHouse 18.16 cannot express (no recursive queries, no window functions), and
 * the same code then serves hand-built test histories and every ClickHouse version alike.
 *
 * 18.16 has no JSONExtract: what no typed column holds is read from `payload` (the event's Avro
 * payload as JSON) in TypeScript. Rows of older events that lack a field read it as unknown.
 *
 * How much is read: every GitHub Deployment to a production environment and every CI run that can
 * be a deployment, whenever they ran (each matters: the previous deployment a change set starts
 * from, a repository's first, the one an incident after the range is blamed on, which may itself be
 * after the range); they are picked by name on the server, so preview deployments and ordinary
 * builds are never read. Pushes and pull requests from `historyDays` before the range to its end.
 * Incidents that started or were resolved from the range's start on (one resolved in the range
 * counts in time to restore however long ago it started; one that starts after the range can
 * still be blamed on a deployment in it, as in DevLake's change failure rate), each issue as its
 * latest event says.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { KIND, kindIn } from '../ddl.ts';
import { identifier, quoteInteger, quoteList, quoteString } from '../quote.ts';
import { selectRows } from '../selectRows.ts';
import type { CiRunFact, DoraFacts, DoraScope, GitHubDeploymentFact, IncidentFact, PullRequestFact, PushFact } from './facts.ts';
import type { Range } from './metrics.ts';
import { githubIssueIsIncident, type DoraRules } from './rules.ts';
import { namesCondition, repositoryNames, type RepositoryNames } from '../repositoryNames.ts';

type Row = Record<string, unknown>;

const DAY_MS = 86_400_000;
/** Makes a millisecond time a fixed-width string (14 digits until the year 2286), so strings order as times. */
const LATEST_PAD = 10_000_000_000_000;

export async function readFacts(client: ClickHouseClient, database: string, scope: DoraScope, range: Range, rules: DoraRules): Promise<DoraFacts> {
  const db = identifier(database);
  const rows = (query: string) => selectRows(client, query);
  // A renamed repository's history under its former names counts as its own, each former name
  // only while the repository had it (repositoryNames.ts).
  const names = await repositoryNames(client, database, scope.repositories);
  const repos = namesCondition(names, 'repository', 'occurred_at_ms');
  const keys = inList('project_key', scope.jiraKeys);
  const historyFrom = quoteInteger(Math.max(0, range.from - rules.historyDays * DAY_MS));
  const from = quoteInteger(Math.max(0, range.from));
  const to = quoteInteger(range.to);
  /** Each matching event once, its latest version (what FINAL would read), with `columns`. */
  const events = async (kinds: readonly string[], where: string, columns: string) =>
    latestVersions(await rows(`SELECT event_id AS _event_id, version AS _version, ${matches(where)} AS _match, ${columns}
FROM ${db}.events PREWHERE event_id IN (SELECT event_id FROM ${db}.events WHERE ${kindIn(kinds)} AND ${where}) WHERE ${kindIn(kinds)}`));

  const CI_KINDS = ['workflow_run.completed', 'workflow_job.completed'];
  const DEPLOYMENT_KINDS = ['deployment.created', 'deployment.status_changed'];

  /**
   * Names first, then rows: the few distinct names of runs and jobs (or environments) are read and
   * matched here, with the same RegExp that decides later (ClickHouse 18.16's match() ignores
   * `(?i)` in its literal prefilter), and the server is asked only for the rows of the names that
   * matched. Preview environments and pull-request builds, the bulk, never leave the server.
   */
  const matchingNames = async (column: string, kinds: readonly string[], pattern: RegExp | null): Promise<string[] | 'all'> => {
    if (pattern === null) return 'all';
    const names = await rows(`SELECT DISTINCT ${column} AS name FROM ${db}.events WHERE ${kindIn(kinds)} AND ${repos} AND isNotNull(${column})`);
    return names.map((row) => String(row.name)).filter((name) => pattern.test(name));
  };

  /**
   * Every run that can be a deployment, whenever it ran: each run or job whose name matches the
   * deployment pattern, and every event of the runs those belong to (the run's conclusion, its other
   * jobs). Rows written before ci_name existed (an older release) have only their payload to go by:
   * those are read from `historyDays` before the range.
   */
  const ciCandidates = async (hasCiColumns: boolean): Promise<Row[]> => {
    if (rules.deploymentPattern === null) return [];
    const legacy = `(${hasCiColumns ? 'ci_name IS NULL AND ' : ''}occurred_at_ms >= ${historyFrom})`;
    if (!hasCiColumns) return events(CI_KINDS, `${repos} AND ${legacy}`, `${KIND} AS kind, payload`);
    const names = await matchingNames('ci_name', CI_KINDS, rules.deploymentPattern);
    const runs = names === 'all' || names.length === 0 ? '0' : `ci_run_id IN (SELECT ci_run_id FROM ${db}.events WHERE ${kindIn(CI_KINDS)} AND ${repos} AND ci_name IN ${quoteList(names)})`;
    return events(CI_KINDS, `${repos} AND (${runs} OR ${legacy})`, `${KIND} AS kind, payload`);
  };

  /** Every GitHub Deployment to a production environment (by the pattern), whenever it ran. */
  const productionDeploymentEvents = async (): Promise<Row[]> => {
    const environments = await matchingNames('environment', DEPLOYMENT_KINDS, rules.environmentPattern);
    if (environments !== 'all' && environments.length === 0) return [];
    const inProduction = environments === 'all' ? '1' : `environment IN ${quoteList(environments)}`;
    return events(DEPLOYMENT_KINDS, `${repos} AND ${inProduction}`, 'repository, deployment_id, environment, sha, deployment_state, occurred_at_ms, deployment_created_at_ms, payload');
  };

  /** Whether `events` has the columns of this release (an older release's table gets them when a sink starts). */
  const ciColumnsExist = async (): Promise<boolean> => {
    const found = await rows(`SELECT count() AS n FROM system.columns WHERE database = ${quoteString(database)} AND table = 'events' AND name = 'ci_run_id'`);
    return Number(found[0]?.n ?? 0) > 0;
  };

  /**
   * The latest version of each issue, chosen by the server: issue events are the busiest kind, and
   * what an issue is now (its labels, type, resolution) is its latest event's. Latest is by
   * occurred_at_ms; in one millisecond (GitHub's times are whole seconds: an issue opened and
   * labelled at once) an opening comes before anything else, and then the payload itself decides,
   * so the pick does not depend on the order rows were written. `latest` is that order as one
   * string (padded time, rank, payload), so max() picks it. Rows of GitHub issues written before
   * issue_key held `owner/repo#n` are a group each, folded by latestBy below. A Jira deletion
   * ranks above everything in its millisecond: nothing follows it.
   */
  const latestIssues = (kinds: readonly string[], where: string) =>
    // The inner aliases are new names: 18.16 lets an alias shadow a column in the same query's WHERE.
    // argMax skips NULLs, so a Nullable column goes in as a plain value ('' for none).
    rows(`SELECT max(concat(toString(latest_at_ms + ${LATEST_PAD}), multiIf(${KIND} IN ('issue.opened', 'issue.created'), '0', ${KIND} = 'issue.deleted', '2', '1'), latest_payload)) AS latest
FROM (
  SELECT event_id, type, argMax(ifNull(issue_key, ''), version) AS latest_issue_key, argMax(occurred_at_ms, version) AS latest_at_ms,
    argMax(payload, version) AS latest_payload, argMax(${matches(where)}, version) AS latest_match
  FROM ${db}.events PREWHERE event_id IN (SELECT event_id FROM ${db}.events WHERE ${kindIn(kinds)} AND ${where}) WHERE ${kindIn(kinds)}
  GROUP BY event_id, type
)
WHERE latest_match = 1
GROUP BY if(latest_issue_key = '', event_id, latest_issue_key)`);

  const hasCiColumns = await ciColumnsExist();
  const [deployments, ciRuns, pushes, pullRequests, alerts, githubIssues, jiraIssues] = await Promise.all([
    productionDeploymentEvents(),
    ciCandidates(hasCiColumns),
    events(['ref.pushed'], `${repos} AND occurred_at_ms >= ${historyFrom} AND occurred_at_ms < ${to}`, 'payload'),
    events(['pull_request.opened', 'pull_request.updated', 'pull_request.merged', 'pull_request.closed'], `${repos} AND occurred_at_ms >= ${historyFrom} AND occurred_at_ms < ${to}`, `${KIND} AS kind, repository, pr_number, branch, pr_created_at_ms, pr_merged_at_ms, merge_commit_sha, occurred_at_ms, payload`),
    rows(`SELECT * FROM (
  SELECT repository, project_key, fingerprint, starts_at_ms, minIfMerge(resolved_at_ms) AS resolved_ms
  FROM ${db}.incidents GROUP BY repository, project_key, fingerprint, starts_at_ms
) WHERE (${namesCondition(names, 'repository', 'starts_at_ms')} OR ${keys}) AND (starts_at_ms >= ${from} OR resolved_ms >= ${from})`),
    latestIssues(['issue.opened', 'issue.edited', 'issue.closed', 'issue.reopened', 'issue.labeled', 'issue.unlabeled'], `source = 'github' AND ${repos} AND occurred_at_ms >= ${from}`),
    // A deletion is the issue's last version (it wins a tie): its payload is no issue, so a deleted incident counts no more.
    latestIssues(['issue.created', 'issue.updated', 'issue.deleted'], `source = 'jira' AND ${keys} AND occurred_at_ms >= ${from}`),
  ]);

  return underCurrentNames(
    {
      deployments: gitHubDeployments(deployments, names),
      ciRuns: ciRuns.flatMap(ciRun),
      pushes: pushes.flatMap(push),
      pullRequests: pullRequestFacts(pullRequests, names),
      incidents: [
        ...alerts.map((row): IncidentFact => ({ source: 'alert', key: `${String(row.fingerprint)}@${String(row.starts_at_ms)}`, repository: emptyToNull(row.repository), projectKey: emptyToNull(row.project_key), startedAtMs: Number(row.starts_at_ms), resolvedAtMs: zeroToNull(row.resolved_ms) })),
        ...gitHubIncidents(githubIssues, rules),
        ...jiraIncidents(jiraIssues, rules),
      ],
    },
    names,
  );
}

/**
 * The facts with each former repository name replaced by the scope name it became, at the fact's
 * time. Deployments and pull requests are keyed by it already (one fact across a rename).
 */
function underCurrentNames(facts: DoraFacts, names: RepositoryNames): DoraFacts {
  const current = <F extends { readonly repository: string | null }>(at: (fact: F) => number) => (fact: F): F => {
    const name = fact.repository === null ? null : names.currentOf(fact.repository, at(fact));
    return name === null || name === fact.repository ? fact : { ...fact, repository: name };
  };
  return {
    ...facts,
    ciRuns: facts.ciRuns.map(current((run) => run.startedAtMs)),
    pushes: facts.pushes.map(current((p) => p.pushedAtMs)),
    incidents: facts.incidents.map(current((incident) => incident.startedAtMs)),
  };
}

/** `column IN (...)`, or false for an empty list (an empty `IN ()` is a syntax error). */
function inList(column: string, values: readonly string[]): string {
  return values.length === 0 ? '0' : `${column} IN ${quoteList(values)}`;
}

const emptyToNull = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));
const zeroToNull = (value: unknown): number | null => (value === null || value === undefined || Number(value) === 0 ? null : Number(value));
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A latestIssues row: its `latest` string split back into the payload, ordered as the server ordered it. */
function latestPayload(row: Row): Row {
  const latest = String(row.latest);
  return { payload: latest.slice(String(LATEST_PAD).length + 1), order: latest.slice(0, String(LATEST_PAD).length + 1) };
}

function payloadOf<T>(schema: z.ZodType<T>, row: Row): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(String(row.payload)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const deploymentPayload = z.looseObject({ workflowRunId: z.number().nullish() });

function gitHubDeployments(rows: readonly Row[], names: RepositoryNames): GitHubDeploymentFact[] {
  const byId = new Map<string, { repository: string; deploymentId: number; environment: string; sha: string; createdAtMs: number; succeededAtMs: number | null; workflowRunId: number | null }>();
  for (const row of rows) {
    const repository = names.currentOf(String(row.repository ?? ''), Number(row.occurred_at_ms));
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

/** One fact per pull request under its current name: opened as acme/old#5 and merged as acme/new#5 is one. */
function pullRequestFacts(rows: readonly Row[], names: RepositoryNames): PullRequestFact[] {
  const byKey = new Map<string, { repository: string; number: number; headRef: string | null; headRepository: string | null; openedAtMs: number; mergedAtMs: number | null; mergeSha: string | null; closedAtMs: number | null }>();
  for (const row of rows) {
    const repository = names.currentOf(String(row.repository ?? ''), Number(row.occurred_at_ms));
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
    const issue = payloadOf(githubIssuePayload, latestPayload(row));
    return issue === undefined ? [] : [{ key: `${issue.repository}#${issue.number}`, order: String(row.latest), issue }];
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
    const parsed = payloadOf(jiraIssuePayload, latestPayload(row));
    return parsed === undefined ? [] : [{ key: parsed.issue.issueKey, order: String(row.latest), issue: parsed.issue }];
  }));
  return [...latest.values()]
    .filter(({ issue }) => types.has(issue.issueType.toLowerCase()) || (rules.jiraIncidentLabelPattern !== null && issue.labels.some((label) => rules.jiraIncidentLabelPattern!.test(label))))
    .map(({ key, issue }) => ({ source: 'jira', key, repository: null, projectKey: issue.projectKey, startedAtMs: issue.createdAt, resolvedAtMs: issue.resolvedAt ?? null }));
}

/**
 * Each event's row of its latest version (ReplacingMergeTree's rule, which FINAL applies), kept
 * only when that version matches the query (`_match` 1): rows read with `_event_id`, `_version` and
 * `_match`, all three dropped from what is returned. Before a background merge, a replayed event
 * has a row per write.
 */
export function latestVersions(rows: readonly Row[]): Row[] {
  const latest = new Map<string, { version: number; match: boolean; row: Row }>();
  for (const { _event_id: id, _version: version, _match: match, ...row } of rows) {
    const key = String(id);
    const at = Number(version);
    const known = latest.get(key);
    // A tie is two writes of one batch (its one version): the later row read wins, as the later insert does.
    if (known === undefined || at >= known.version) latest.set(key, { version: at, match: Number(match) === 1, row });
  }
  return [...latest.values()].filter((found) => found.match).map((found) => found.row);
}

/** Whether a row passes `where`, as 0 or 1 (a comparison with a NULL column is NULL: no). */
const matches = (where: string): string => `ifNull(toUInt8((${where})), 0)`;

/** The latest version of each entity, in the order latestIssues gives the server (the `latest` strings compare as it does). */
function latestBy<T extends { key: string; order: string }>(versions: readonly T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const version of versions) {
    const known = latest.get(version.key);
    if (known === undefined || version.order > known.order) latest.set(version.key, version);
  }
  return latest;
}
