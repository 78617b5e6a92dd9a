/**
 * The questions ClickHouse answers: the guide's, and the DORA metrics. Definitions follow Apache
 * DevLake's; README.md says how, and where they still differ.
 *
 * The DORA figures are computed in TypeScript (dora/metrics.ts) from facts read back from the
 * store (dora/readFacts.ts): the walk from one deployment's commit back to the previous one's
 * through the pushes between them is a graph walk that ClickHouse 18.16 cannot express. The other
 * questions are SQL over the schema of ddl.ts.
 *
 * Exact under replay: aggregates are read with -Merge grouped by their entity key (one pull
 * request per group however many times it was written), events are counted with uniqExact of a
 * natural key (a commit's sha) or read with FINAL, and sprint velocity reads a view over
 * `events FINAL`. Nothing here counts raw rows.
 *
 * Every literal goes through quote.ts (18.16 has no query parameters). Times are epoch
 * milliseconds or Dates; a range is half-open [from, to) in UTC. 18.16 has no
 * quantileExactLow/-High, so SQL medians come from a sorted array; 64-bit integers come back as
 * JSON strings.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { KIND } from './ddl.ts';
import type { DoraScope } from './dora/facts.ts';
import { durationStats, type DurationStats } from './dora/median.ts';
import { doraMetrics, type ChangeFailureRate, type DeploymentFrequency, type DoraMetrics, type TimeToRestore } from './dora/metrics.ts';
import { readFacts } from './dora/readFacts.ts';
import { doraRules, type DoraRules } from './dora/rules.ts';
import { identifier, quoteInteger, quoteList } from './quote.ts';
import { selectRows } from './selectRows.ts';

export type { ChangeFailureRate, DeploymentFrequency, DoraMetrics, DurationStats, TimeToRestore };

/**
 * Which work a question is about: a project's repositories (GitHub) and Jira project keys; a row
 * of either counts. An organization file's project gives both (scopes.ts).
 */
export interface Scope {
  readonly repositories?: readonly string[];
  readonly jiraKeys?: readonly string[];
}

/** [from, to), epoch milliseconds or Dates. */
export interface TimeRange {
  readonly from: number | Date;
  readonly to: number | Date;
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
  /** What counts as a deployment, production and an incident, when a call does not say (DevLake's defaults). */
  readonly rules?: DoraRules;
  /** The clock: a period not over yet is counted up to today. */
  readonly now?: () => number;
}

export interface ClickHouseQueries {
  /** All DORA figures of a scope at once: one read of its facts. */
  dora(scope: Scope, range: TimeRange, rules?: DoraRules): Promise<DoraMetrics>;
  deploymentFrequency(scope: Scope, range: TimeRange, rules?: DoraRules): Promise<DeploymentFrequency>;
  leadTimeForChanges(scope: Scope, range: TimeRange, rules?: DoraRules): Promise<DoraMetrics['leadTimeForChanges']>;
  changeFailureRate(scope: Scope, range: TimeRange, rules?: DoraRules): Promise<ChangeFailureRate>;
  timeToRestore(scope: Scope, range: TimeRange, rules?: DoraRules): Promise<TimeToRestore>;
  failedDeploymentRecoveryTime(scope: Scope, range: TimeRange, rules?: DoraRules): Promise<DoraMetrics['failedDeploymentRecoveryTime']>;
  prReviewTimeTrend(scope: Scope, range: TimeRange): Promise<ReviewTimeWeek[]>;
  topCommitters(scope: Scope, range: TimeRange, limit?: number): Promise<Committer[]>;
  sprintVelocity(boardId: number, range: TimeRange): Promise<SprintVelocity>;
}

export function clickhouseQueries(client: ClickHouseClient, database: string, options: QueryOptions = {}): ClickHouseQueries {
  const db = identifier(database);
  const defaultRules = options.rules ?? doraRules();
  const now = options.now ?? Date.now;

  const rows = (query: string) => selectRows(client, query);

  async function dora(scope: Scope, range: TimeRange, rules = defaultRules): Promise<DoraMetrics> {
    const [from, to] = bounds(range).map(Number) as [number, number];
    const doraScope: DoraScope = { repositories: scope.repositories ?? [], jiraKeys: scope.jiraKeys ?? [] };
    return doraMetrics(await readFacts(client, database, doraScope, { from, to }, rules), doraScope, { from, to }, rules, now());
  }

  const pullRequestFacts = (scope: Scope) => `
SELECT * FROM (
  SELECT repository, pr_number,
    maxMerge(project_key) AS pr_project_key,
    minIfMerge(opened_at_ms) AS opened_ms,
    minIfMerge(first_review_at_ms) AS first_review_ms
  FROM ${db}.pull_requests
  GROUP BY repository, pr_number
) WHERE ${scopeCondition(scope, 'repository', 'pr_project_key')}`;

  return {
    dora,
    deploymentFrequency: async (scope, range, rules) => (await dora(scope, range, rules)).deploymentFrequency,
    leadTimeForChanges: async (scope, range, rules) => (await dora(scope, range, rules)).leadTimeForChanges,
    changeFailureRate: async (scope, range, rules) => (await dora(scope, range, rules)).changeFailureRate,
    timeToRestore: async (scope, range, rules) => (await dora(scope, range, rules)).timeToRestore,
    failedDeploymentRecoveryTime: async (scope, range, rules) => (await dora(scope, range, rules)).failedDeploymentRecoveryTime,

    async prReviewTimeTrend(scope, range) {
      const [from, to] = bounds(range);
      // Review time: from opening to the first review submitted by someone other than the author.
      // A review before the opening (a pull request reopened from an old branch, clock skew) is a
      // negative span, which DevLake's computeTimeSpan drops; so do we.
      const spans = await rows(`
SELECT toString(toMonday(toDateTime(intDiv(opened_ms, 1000), 'UTC'))) AS week, toInt64(first_review_ms) - toInt64(opened_ms) AS span_ms
FROM (${pullRequestFacts(scope)})
WHERE first_review_ms > 0 AND first_review_ms >= opened_ms AND opened_ms >= ${from} AND opened_ms < ${to}`);
      const byWeek = new Map<string, number[]>();
      for (const row of spans) byWeek.set(String(row.week), [...(byWeek.get(String(row.week)) ?? []), Number(row.span_ms)]);
      return [...byWeek].sort(([a], [b]) => a.localeCompare(b)).map(([week, values]) => ({ week, ...durationStats(values, defaultRules.median) }));
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

/** SQL: `(repository IN (...) OR project_key IN (...))`; a scope that names nothing matches everything. */
export function scopeCondition(scope: Scope, repositoryColumn: string, projectColumn: string): string {
  const parts: string[] = [];
  if (scope.repositories !== undefined && scope.repositories.length > 0) parts.push(`${repositoryColumn} IN ${quoteList(scope.repositories)}`);
  if (scope.jiraKeys !== undefined && scope.jiraKeys.length > 0) parts.push(`${projectColumn} IN ${quoteList(scope.jiraKeys)}`);
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

const emptyToNull = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));
