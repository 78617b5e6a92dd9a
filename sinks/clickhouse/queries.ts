/**
 * The questions ClickHouse answers (the guide's, and the four DORA metrics), as functions over
 * the schema of ddl.ts. Definitions follow Apache DevLake's DORA metrics; README.md says how.
 *
 * Exact under replay: aggregates are read with -Merge grouped by their entity key (one
 * deployment, pull request or incident per group however many times it was written), events
 * are counted with uniqExact of a natural key (a commit's sha), and sprint velocity reads a view
 * over `events FINAL`. Nothing here counts raw rows.
 *
 * Every literal goes through quote.ts (18.16 has no query parameters). Times are epoch
 * milliseconds or Dates; a range is half-open [from, to) in UTC.
 *
 * 18.16 constraints that shaped the SQL: no window functions (an incident is attributed to the
 * latest deployment before it with a join on a constant and argMax), joins must say ALL/ANY and
 * join USING equal columns (other conditions go in WHERE), no quantileExactLow/-High (the
 * median is computed from a sorted array, the mean of the two middle values for an even
 * count, the same on every version), and 64-bit integers come back as JSON strings.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { KIND } from './ddl.ts';
import { classifyClickHouseError } from './errors.ts';
import { identifier, quoteInteger, quoteList, quoteString } from './quote.ts';

/** Which work a metric is about: repositories (GitHub) and/or a Jira project key; either matches. */
export interface Scope {
  readonly repositories?: readonly string[];
  readonly projectKey?: string;
}

/** [from, to), epoch milliseconds or Dates. */
export interface TimeRange {
  readonly from: number | Date;
  readonly to: number | Date;
}

export interface DurationStats {
  /** How many durations the statistics are over. */
  readonly count: number;
  /** Median in milliseconds; null when count is 0. */
  readonly medianMs: number | null;
  readonly meanMs: number | null;
}

export interface DeploymentFrequency {
  readonly deployments: number;
  /** Distinct UTC days with at least one deployment: what DevLake's benchmarks count. */
  readonly deploymentDays: number;
  readonly byDay: readonly { readonly day: string; readonly deployments: number }[];
}

export interface ChangeFailureRate {
  readonly deployments: number;
  /** Deployments that caused at least one incident. */
  readonly failedDeployments: number;
  /** failedDeployments / deployments; null without deployments. */
  readonly rate: number | null;
}

export interface TimeToRestore extends DurationStats {
  /** Incidents that started in the range, resolved or not. */
  readonly incidents: number;
  /** Of those, the resolved ones: what the durations are over. */
  readonly resolved: number;
}

export interface ReviewTimeWeek extends DurationStats {
  /** Monday of the week (UTC), YYYY-MM-DD, of the pull requests opened that week. */
  readonly week: string;
}

export interface Committer {
  /**
   * The person's key as every store has it (sinks/identity.ts): `<source>:<login>` when the source
   * matched the commit's email to an account, else `email:<email>`, lower-cased.
   */
  readonly developer: string;
  readonly login: string | null;
  readonly email: string | null;
  readonly commits: number;
}

export interface SprintVelocity {
  readonly sprints: readonly { readonly sprintId: number; readonly name: string; readonly completedAtMs: number; readonly committedPoints: number | null; readonly completedPoints: number | null }[];
  /** Mean completed points over the sprints that report them; null when none do. */
  readonly averageCompletedPoints: number | null;
}

export interface QueryOptions {
  /** Environment names that count as production, case-insensitive (DevLake's production pattern). */
  readonly productionEnvironments?: readonly string[];
}

export const DEFAULT_PRODUCTION_ENVIRONMENTS = ['production', 'prod'] as const;

export interface ClickHouseQueries {
  deploymentFrequency(scope: Scope, range: TimeRange): Promise<DeploymentFrequency>;
  leadTimeForChanges(scope: Scope, range: TimeRange): Promise<DurationStats>;
  changeFailureRate(scope: Scope, range: TimeRange): Promise<ChangeFailureRate>;
  timeToRestore(scope: Scope, range: TimeRange): Promise<TimeToRestore>;
  prReviewTimeTrend(scope: Scope, range: TimeRange): Promise<ReviewTimeWeek[]>;
  topCommitters(scope: Scope, range: TimeRange, limit?: number): Promise<Committer[]>;
  sprintVelocity(boardId: number, range: TimeRange): Promise<SprintVelocity>;
}

type Row = Record<string, unknown>;

export function clickhouseQueries(client: ClickHouseClient, database: string, options: QueryOptions = {}): ClickHouseQueries {
  const db = identifier(database);
  const production = quoteList((options.productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS).map((name) => name.toLowerCase()));

  async function rows(query: string): Promise<Row[]> {
    try {
      const result = await client.query({ query, format: 'JSONEachRow' });
      return await result.json<Row>();
    } catch (error) {
      throw classifyClickHouseError(error, 'query');
    }
  }

  /** Successful production deployments, one row per deployment, whatever their time. */
  const deploymentFacts = (scope: Scope) => `
SELECT * FROM (
  SELECT repository, environment, deployment_id,
    concat(repository, '#', toString(deployment_id)) AS deployment_key,
    maxMerge(project_key) AS d_project_key,
    maxMerge(sha) AS deployed_sha,
    minIfMerge(created_at_ms) AS created_ms,
    minIfMerge(succeeded_at_ms) AS succeeded_ms
  FROM ${db}.deployments
  GROUP BY repository, environment, deployment_id
) WHERE succeeded_ms > 0 AND lower(environment) IN ${production} AND ${scopeCondition(scope, 'repository', 'd_project_key')}`;

  const pullRequestFacts = (scope: Scope) => `
SELECT * FROM (
  SELECT repository, pr_number,
    maxMerge(project_key) AS pr_project_key,
    minIfMerge(opened_at_ms) AS opened_ms,
    minIfMerge(first_commit_at_ms) AS first_commit_ms,
    minIfMerge(merged_at_ms) AS merged_ms,
    maxMerge(merge_commit_sha) AS merge_sha,
    minIfMerge(first_review_at_ms) AS first_review_ms
  FROM ${db}.pull_requests
  GROUP BY repository, pr_number
) WHERE ${scopeCondition(scope, 'repository', 'pr_project_key')}`;

  const incidentFacts = (scope: Scope) => `
SELECT * FROM (
  SELECT repository, project_key, fingerprint, starts_at_ms,
    concat(fingerprint, '@', toString(starts_at_ms)) AS incident_key,
    minIfMerge(resolved_at_ms) AS resolved_ms
  FROM ${db}.incidents
  GROUP BY repository, project_key, fingerprint, starts_at_ms
) WHERE ${scopeCondition(scope, 'repository', 'project_key')}`;

  return {
    async deploymentFrequency(scope, range) {
      const [from, to] = bounds(range);
      const byDay = await rows(`
SELECT toString(toDate(toDateTime(intDiv(succeeded_ms, 1000), 'UTC'))) AS day, count() AS deployments
FROM (${deploymentFacts(scope)})
WHERE succeeded_ms >= ${from} AND succeeded_ms < ${to}
GROUP BY day ORDER BY day`);
      const days = byDay.map((row) => ({ day: String(row.day), deployments: Number(row.deployments) }));
      return { deployments: days.reduce((sum, d) => sum + d.deployments, 0), deploymentDays: days.length, byDay: days };
    },

    async leadTimeForChanges(scope, range) {
      const [from, to] = bounds(range);
      // A merged pull request ships with the first successful production deployment of its
      // repository that deploys its merge commit or was created after it merged; its lead time
      // runs from its first commit (else its opening) to that deployment's success.
      const [row] = await rows(`
SELECT count() AS count, ${durationStats('arraySort(groupArray(toInt64(deployed_ms) - toInt64(start_ms)))')}
FROM (
  SELECT repository, pr_number, any(start_ms) AS start_ms, min(succeeded_ms) AS deployed_ms
  FROM (
    SELECT repository, pr_number, merged_ms, merge_sha, if(first_commit_ms > 0, first_commit_ms, opened_ms) AS start_ms
    FROM (${pullRequestFacts(scope)}) WHERE merged_ms > 0
  ) ALL INNER JOIN (
    SELECT repository, deployed_sha, created_ms, succeeded_ms FROM (${deploymentFacts({})})
  ) USING repository
  WHERE deployed_sha = merge_sha OR created_ms >= merged_ms
  GROUP BY repository, pr_number
  HAVING deployed_ms >= ${from} AND deployed_ms < ${to}
)`);
      return durations(row);
    },

    async changeFailureRate(scope, range) {
      const [from, to] = bounds(range);
      // Each incident of the scope is caused by the scope's latest successful production
      // deployment at or before its start (DevLake: the project's last deployment before it).
      const [row] = await rows(`
SELECT count() AS deployments, sum(caused) AS failed
FROM (
  SELECT deployment_key FROM (${deploymentFacts(scope)}) WHERE succeeded_ms >= ${from} AND succeeded_ms < ${to}
) ANY LEFT JOIN (
  SELECT deployment_key, toUInt8(1) AS caused FROM (
    SELECT incident_key, argMax(deployment_key, succeeded_ms) AS deployment_key
    FROM (SELECT incident_key, starts_at_ms, 1 AS j FROM (${incidentFacts(scope)}))
    ALL INNER JOIN (SELECT deployment_key, succeeded_ms, 1 AS j FROM (${deploymentFacts(scope)})) USING j
    WHERE succeeded_ms <= starts_at_ms
    GROUP BY incident_key
  ) GROUP BY deployment_key
) USING deployment_key`);
      const deployments = Number(row?.deployments ?? 0);
      const failedDeployments = Number(row?.failed ?? 0);
      return { deployments, failedDeployments, rate: deployments === 0 ? null : failedDeployments / deployments };
    },

    async timeToRestore(scope, range) {
      const [from, to] = bounds(range);
      const [row] = await rows(`
SELECT count() AS incidents, countIf(resolved_ms > 0) AS resolved, countIf(resolved_ms > 0) AS count,
  ${durationStats('arraySort(groupArrayIf(toInt64(resolved_ms) - toInt64(starts_at_ms), resolved_ms > 0))')}
FROM (${incidentFacts(scope)})
WHERE starts_at_ms >= ${from} AND starts_at_ms < ${to}`);
      return { incidents: Number(row?.incidents ?? 0), resolved: Number(row?.resolved ?? 0), ...durations(row) };
    },

    async prReviewTimeTrend(scope, range) {
      const [from, to] = bounds(range);
      // Review time: from opening to the first review submitted by someone other than the author.
      const weeks = await rows(`
SELECT toString(toMonday(toDateTime(intDiv(opened_ms, 1000), 'UTC'))) AS week, count() AS count,
  ${durationStats('arraySort(groupArray(toInt64(first_review_ms) - toInt64(opened_ms)))')}
FROM (${pullRequestFacts(scope)})
WHERE first_review_ms > 0 AND opened_ms >= ${from} AND opened_ms < ${to}
GROUP BY week ORDER BY week`);
      return weeks.map((row) => ({ week: String(row.week), ...durations(row) }));
    },

    async topCommitters(scope, range, limit = 10) {
      const [from, to] = bounds(range);
      // uniqExact(sha): a commit pushed again (another branch, a replay) counts once, FINAL or not.
      const found = await rows(`
SELECT if(ifNull(commit_author_login, '') != '', concat(source, ':', lower(assumeNotNull(commit_author_login))), concat('email:', lower(ifNull(commit_author_email, '')))) AS developer,
  max(ifNull(commit_author_login, '')) AS login, max(ifNull(commit_author_email, '')) AS email, uniqExact(sha) AS commits
FROM ${db}.events
WHERE ${KIND} = 'commit.pushed'
  AND occurred_at >= toDateTime(intDiv(${from}, 1000), 'UTC') AND occurred_at_ms >= ${from} AND occurred_at_ms < ${to}
  AND ${scopeCondition(scope, 'repository', 'project_key')}
GROUP BY developer
ORDER BY commits DESC, developer ASC
LIMIT ${quoteInteger(limit)}`);
      return found.map((row) => ({ developer: String(row.developer), login: emptyToNull(row.login), email: emptyToNull(row.email), commits: Number(row.commits) }));
    },

    async sprintVelocity(boardId, range) {
      const [from, to] = bounds(range);
      const found = await rows(`
SELECT sprint_id, name, completed_at_ms, committed_points, completed_points
FROM ${db}.sprint_velocity_v2
WHERE board_id = ${quoteInteger(boardId)} AND completed_at_ms >= ${from} AND completed_at_ms < ${to}
ORDER BY completed_at_ms, sprint_id`);
      const sprints = found.map((row) => ({
        sprintId: Number(row.sprint_id),
        name: String(row.name),
        completedAtMs: Number(row.completed_at_ms),
        committedPoints: row.committed_points === null ? null : Number(row.committed_points),
        completedPoints: row.completed_points === null ? null : Number(row.completed_points),
      }));
      const reported = sprints.flatMap((s) => (s.completedPoints === null ? [] : [s.completedPoints]));
      return { sprints, averageCompletedPoints: reported.length === 0 ? null : reported.reduce((a, b) => a + b, 0) / reported.length };
    },
  };
}

/** SQL: `(repository IN (...) OR project_key = '...')`; a scope must name something. */
export function scopeCondition(scope: Scope, repositoryColumn: string, projectColumn: string): string {
  const parts: string[] = [];
  if (scope.repositories !== undefined && scope.repositories.length > 0) parts.push(`${repositoryColumn} IN ${quoteList(scope.repositories)}`);
  if (scope.projectKey !== undefined) parts.push(`${projectColumn} = ${quoteString(scope.projectKey)}`);
  return parts.length === 0 ? '1' : `(${parts.join(' OR ')})`;
}

/** Validated [from, to) as integer-millisecond SQL literals. */
export function bounds(range: TimeRange): [string, string] {
  const ms = (t: number | Date) => (t instanceof Date ? t.getTime() : t);
  const from = ms(range.from);
  const to = ms(range.to);
  if (!(from < to)) throw new RangeError(`time range: from (${String(from)}) must be before to (${String(to)})`);
  return [quoteInteger(Math.max(0, from)), quoteInteger(to)];
}

/** Median (mean of the two middle values when even) and mean of a sorted array, in SQL. */
function durationStats(sortedArray: string): string {
  return `(arrayElement(s, intDiv(length(s) + 1, 2)) + arrayElement(s, intDiv(length(s) + 2, 2))) / 2 AS median_ms,
  if(length(s) = 0, 0, arrayReduce('avg', s)) AS mean_ms, ${sortedArray} AS s`;
}

function durations(row: Row | undefined): DurationStats {
  const count = Number(row?.count ?? 0);
  return { count, medianMs: count === 0 ? null : Number(row?.median_ms), meanMs: count === 0 ? null : Number(row?.mean_ms) };
}

const emptyToNull = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));
