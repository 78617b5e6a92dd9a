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
import { z } from 'zod';
import { KIND, kindIn } from './ddl.ts';
import type { DoraScope } from './dora/facts.ts';
import { durationStats, type DurationStats } from './dora/median.ts';
import { doraMetrics, inRange, type ChangeFailureRate, type DeploymentFrequency, type DoraMetrics, type TimeToRestore } from './dora/metrics.ts';
import { readFacts } from './dora/readFacts.ts';
import { sharedFacts } from './dora/sharedFacts.ts';
import { scopedFacts } from './dora/scoped.ts';
import { leadTimeStages, type LeadTimeStages } from './dora/stages.ts';
import { deliveryTimeline, type DeliveryTimeline } from './dora/timeline.ts';
import { currentNameSql, namesCondition, repositoryNames, type RepositoryNames } from './repositoryNames.ts';
import { doraRules, type DoraRules } from './dora/rules.ts';
import { identifier, quoteInteger, quoteList, quoteString } from './quote.ts';
import { selectRows } from './selectRows.ts';

export type { ChangeFailureRate, DeliveryTimeline, DeploymentFrequency, DoraMetrics, DurationStats, LeadTimeStages, TimeToRestore };

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

/** A pull request as its latest event describes it (pullRequest). */
export interface PullRequestSummary {
  readonly repository: string;
  readonly number: number;
  readonly title: string;
  /** Its description: not collected (the normalized pull request carries no body), so always null for now. */
  readonly body: string | null;
  /** The author's GitHub login. */
  readonly author: string | null;
  /** open, closed or merged. */
  readonly state: 'open' | 'closed' | 'merged';
  readonly createdAtMs: number;
  readonly mergedAtMs: number | null;
}

export interface ScopeActivity {
  /** null when the scope has no event. */
  readonly firstAtMs: number | null;
  readonly lastAtMs: number | null;
  readonly events: number;
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
  prPickupTimeTrend(scope: Scope, range: TimeRange): Promise<ReviewTimeWeek[]>;
  /** Lead time's four PR stages (dora/stages.ts) over the pull requests the range's lead time counts. */
  leadTimeBreakdown(scope: Scope, range: TimeRange, rules?: DoraRules): Promise<LeadTimeStages>;
  /** The range's deployments and incidents (dora/timeline.ts), from one read of the facts. */
  deliveryTimeline(scope: Scope, range: TimeRange, rules?: DoraRules): Promise<DeliveryTimeline>;
  /** The earliest and latest event of the scope, and how many events it has (a replayed event once). */
  activity(scope: Scope): Promise<ScopeActivity>;
  topCommitters(scope: Scope, range: TimeRange, limit?: number): Promise<Committer[]>;
  sprintVelocity(boardId: number, range: TimeRange): Promise<SprintVelocity>;
  /** The DORA figures of each range (a trend's weeks) from one read of the facts over their span, rather than one read per range. */
  doraEach(scope: Scope, ranges: readonly TimeRange[], rules?: DoraRules): Promise<DoraMetrics[]>;
  /** The pull request `number` of `repository` (case-insensitive) as its latest event says; null when no event names it. */
  pullRequest(repository: string, number: number): Promise<PullRequestSummary | null>;
}

export function clickhouseQueries(client: ClickHouseClient, database: string, options: QueryOptions = {}): ClickHouseQueries {
  const db = identifier(database);
  const defaultRules = options.rules ?? doraRules();
  const now = options.now ?? Date.now;

  const rows = (query: string) => selectRows(client, query);
  const facts = sharedFacts((scope, range, rules) => readFacts(client, database, scope, range, rules));

  async function dora(scope: Scope, range: TimeRange, rules = defaultRules): Promise<DoraMetrics> {
    const [from, to] = bounds(range).map(Number) as [number, number];
    const doraScope: DoraScope = { repositories: scope.repositories ?? [], jiraKeys: scope.jiraKeys ?? [] };
    return doraMetrics(await facts(doraScope, { from, to }, rules), doraScope, { from, to }, rules, now());
  }

  /** Rows of (week, span_ms) as the weeks' duration statistics, oldest week first. */
  const weekly = (spans: readonly Record<string, unknown>[]): ReviewTimeWeek[] => {
    const byWeek = new Map<string, number[]>();
    for (const row of spans) byWeek.set(String(row.week), [...(byWeek.get(String(row.week)) ?? []), Number(row.span_ms)]);
    return [...byWeek].sort(([a], [b]) => a.localeCompare(b)).map(([week, values]) => ({ week, ...durationStats(values, defaultRules.median) }));
  };

  /**
   * The scope with the former names of its repositories (repositoryNames.ts): a renamed
   * repository's pull requests and commits under its old name count, each old name only while the
   * repository had it. (dora() expands in readFacts.)
   */
  const withFormerNames = async (scope: Scope): Promise<NamedScope> =>
    ({ ...scope, names: scope.repositories === undefined || scope.repositories.length === 0 ? null : await repositoryNames(client, database, scope.repositories) });

  /**
   * One row per pull request under its current name: the `pull_requests` rows of its names (a
   * former name's by the time it was opened, or else first reviewed) are merged, so a pull request
   * opened as acme/old#5 and reviewed as acme/new#5 is one, with both times. 0 is "none".
   */
  const pullRequestFacts = (scope: NamedScope) => `
SELECT repository, pr_number, max(pr_project_key) AS pr_project_key, minIf(stored_opened_ms, stored_opened_ms > 0) AS opened_ms, minIf(stored_review_ms, stored_review_ms > 0) AS first_review_ms
FROM (
  SELECT ${scope.names === null ? 'stored_repository' : currentNameSql(scope.names, 'stored_repository', 'stored_at_ms')} AS repository, pr_number, pr_project_key, stored_opened_ms, stored_review_ms
  FROM (
    SELECT repository AS stored_repository, pr_number,
      maxMerge(project_key) AS pr_project_key,
      minIfMerge(opened_at_ms) AS stored_opened_ms,
      minIfMerge(first_review_at_ms) AS stored_review_ms,
      if(stored_opened_ms > 0, stored_opened_ms, stored_review_ms) AS stored_at_ms
    FROM ${db}.pull_requests
    GROUP BY repository, pr_number
  ) WHERE ${namedScopeCondition(scope, 'stored_repository', 'stored_at_ms', 'pr_project_key')}
) GROUP BY repository, pr_number`;

  /**
   * Each pull request opened in `range` that someone other than its author picked up, with its
   * opening and that first pickup (the pull request under its current name); the rows also carry
   * the opening's week and the span, for the trend.
   */
  const pickups = async (scope: Scope, range: TimeRange): Promise<Record<string, unknown>[]> => {
    const [from, to] = bounds(range);
    // PR pickup time as Apache DevLake defines it (change_lead_time_calculator.go): from the
    // opening to the first review activity by someone other than the author. DevLake's "first
    // review" is the earliest of the pull request's comments, and its comments are submitted
    // reviews, comments in the conversation and comments on lines alike; so here: review.submitted,
    // issue_comment.created on a pull request and review_comment.created. A review request, a
    // label or an assignment is no pickup. A comment deleted later still counts: someone picked
    // the pull request up. min() is the same however often a row was written, so no FINAL.
    // Negative spans are dropped, as in prReviewTimeTrend.
    // The inner scan reads only what can be a pickup of a pull request in the answer: from `from`
    // on (a pickup follows the opening, which is in [from, to)), in partitions from that month,
    // and in the scope's repositories under every name they had, as the outer side. A scope with
    // Jira keys is bounded by time alone: activity rows carry no project key (a pull request's
    // keys are on pull_requests), and the join keeps that scope's pull requests.
    const named = await withFormerNames(scope);
    const activityScope = named.jiraKeys !== undefined && named.jiraKeys.length > 0 ? '1' : namedScopeCondition(named, 'repository', 'occurred_at_ms', 'project_key');
    const spans = await rows(`
SELECT repository, pr_number, opened_ms, first_pickup_ms, toString(toMonday(toDateTime(intDiv(opened_ms, 1000), 'UTC'))) AS week, toInt64(first_pickup_ms) - toInt64(opened_ms) AS span_ms
FROM (SELECT repository, pr_number, opened_ms FROM (${pullRequestFacts(named)}))
ALL INNER JOIN (SELECT ${named.names === null ? 'stored_repository' : currentNameSql(named.names, 'stored_repository', 'stored_pickup_ms')} AS repository, pr_number, min(stored_pickup_ms) AS first_pickup_ms
FROM (SELECT repository AS stored_repository, pr_number, first_pickup_ms AS stored_pickup_ms FROM (
  SELECT ifNull(repository, '') AS repository, assumeNotNull(pr_number) AS pr_number,
    min(if(${KIND} = 'review.submitted', ifNull(review_submitted_at_ms, occurred_at_ms), occurred_at_ms)) AS first_pickup_ms
  FROM ${db}.events
  WHERE ${kindIn(['review.submitted', 'issue_comment.created', 'review_comment.created'])}
    AND occurred_at >= toDateTime(intDiv(${from}, 1000), 'UTC') AND occurred_at_ms >= ${from} AND ${activityScope}
    AND isNotNull(pr_number) AND ifNull(reviewer_login, '') != '' AND ifNull(pr_author_login, '') != '' AND reviewer_login != pr_author_login
  GROUP BY repository, pr_number
)) GROUP BY repository, pr_number) USING (repository, pr_number)
WHERE opened_ms > 0 AND first_pickup_ms >= opened_ms AND opened_ms >= ${from} AND opened_ms < ${to}`);
    return spans;
  };

  async function doraEach(scope: Scope, ranges: readonly TimeRange[], rules = defaultRules): Promise<DoraMetrics[]> {
    if (ranges.length === 0) return [];
    const each = ranges.map((range) => bounds(range).map(Number) as [number, number]);
    // The facts of the span are a superset of each range's (readFacts reads history before a range's
    // start and incidents from its start on), and doraMetrics filters by range: the same figures as one dora() per range.
    const span = { from: Math.min(...each.map(([from]) => from)), to: Math.max(...each.map(([, to]) => to)) };
    const doraScope: DoraScope = { repositories: scope.repositories ?? [], jiraKeys: scope.jiraKeys ?? [] };
    const read = await facts(doraScope, span, rules);
    const at = now();
    return each.map(([from, to]) => doraMetrics(read, doraScope, { from, to }, rules, at));
  }

  return {
    dora,
    doraEach,
    async pullRequest(repository, number) {
      // Every event of the one pull request (a handful): the latest gives title and state, the earliest merge time is its merge.
      const found = await rows(`
SELECT ${KIND} AS kind, occurred_at_ms, pr_merged_at_ms, payload
FROM ${db}.events FINAL
WHERE ${kindIn(['pull_request.opened', 'pull_request.updated', 'pull_request.merged', 'pull_request.closed'])}
  AND lower(ifNull(repository, '')) = lower(${quoteString(repository)}) AND pr_number = ${quoteInteger(number)}
ORDER BY occurred_at_ms DESC, version DESC
LIMIT 10000`);
      return pullRequestSummary(found, number);
    },
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
FROM (${pullRequestFacts(await withFormerNames(scope))})
WHERE first_review_ms > 0 AND first_review_ms >= opened_ms AND opened_ms >= ${from} AND opened_ms < ${to}`);
      return weekly(spans);
    },

    async prPickupTimeTrend(scope, range) {
      return weekly(await pickups(scope, range));
    },


    async leadTimeBreakdown(scope, range, rules = defaultRules) {
      const [from, to] = bounds(range).map(Number) as [number, number];
      const doraScope: DoraScope = { repositories: scope.repositories ?? [], jiraKeys: scope.jiraKeys ?? [] };
      const read = await facts(doraScope, { from, to }, rules);
      // The pull requests the range's lead time counts (metrics.ts filters scopedFacts the same way).
      const leads = scopedFacts(read, doraScope, rules).leads.filter((lead) => inRange(lead.deployedAtMs, { from, to }));
      if (leads.length === 0) return leadTimeStages([], new Map(), rules.median);
      // Their first pickups: the pickup query over the span of their openings.
      const opened = leads.map((lead) => lead.openedAtMs);
      const found = await pickups(scope, { from: Math.min(...opened), to: Math.max(...opened) + 1 });
      const firstPickups = new Map(found.map((row) => [`${String(row.repository)}#${Number(row.pr_number)}`, Number(row.first_pickup_ms)]));
      return leadTimeStages(leads, firstPickups, rules.median);
    },

    async deliveryTimeline(scope, range, rules = defaultRules) {
      const [from, to] = bounds(range).map(Number) as [number, number];
      const doraScope: DoraScope = { repositories: scope.repositories ?? [], jiraKeys: scope.jiraKeys ?? [] };
      return deliveryTimeline(await facts(doraScope, { from, to }, rules), doraScope, { from, to }, rules);
    },

    async activity(scope) {
      // min/max are the same however often a row was written; uniqExact(event_id) counts a replayed event once.
      const found = await rows(`
SELECT min(occurred_at_ms) AS first_ms, max(occurred_at_ms) AS last_ms, uniqExact(event_id) AS events
FROM ${db}.events
WHERE ${namedScopeCondition(await withFormerNames(scope), 'repository', 'occurred_at_ms', 'project_key')}`);
      const events = Number(found[0]?.events ?? 0);
      return events === 0 ? { firstAtMs: null, lastAtMs: null, events: 0 } : { firstAtMs: Number(found[0]!.first_ms), lastAtMs: Number(found[0]!.last_ms), events };
    },

    async topCommitters(scope, range, limit = 10) {
      const [from, to] = bounds(range);
      // uniqExact(sha): a commit pushed again (another branch, a replay) counts once, FINAL or not.
      const found = await rows(`
SELECT if(ifNull(commit_author_login, '') != '', concat(source, ':', lower(assumeNotNull(commit_author_login))), concat('email:', lower(ifNull(commit_author_email, '')))) AS developer,
  max(ifNull(commit_author_login, '')) AS login, max(ifNull(commit_author_email, '')) AS email, uniqExact(sha) AS commits
FROM ${db}.events
WHERE ${kindIn(['commit.pushed'])}
  AND occurred_at >= toDateTime(intDiv(${from}, 1000), 'UTC') AND occurred_at_ms >= ${from} AND occurred_at_ms < ${to}
  AND ${namedScopeCondition(await withFormerNames(scope), 'repository', 'occurred_at_ms', 'project_key')}
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

/** A scope with its repositories' names (repositoryNames.ts; null when it names no repository). */
interface NamedScope extends Scope {
  readonly names: RepositoryNames | null;
}

/** scopeCondition, each former repository name only in its window of `timeColumn`. */
function namedScopeCondition(scope: NamedScope, repositoryColumn: string, timeColumn: string, projectColumn: string): string {
  if (scope.names === null) return scopeCondition(scope, repositoryColumn, projectColumn);
  const keys = scopeCondition({ jiraKeys: scope.jiraKeys ?? [] }, repositoryColumn, projectColumn);
  return keys === '1' ? namesCondition(scope.names, repositoryColumn, timeColumn) : `(${namesCondition(scope.names, repositoryColumn, timeColumn)} OR ${keys})`;
}

/** Validated [from, to) as integer-millisecond SQL literals. */
export function bounds(range: TimeRange): [string, string] {
  const ms = (t: number | Date) => (t instanceof Date ? t.getTime() : t);
  const from = ms(range.from);
  const to = ms(range.to);
  if (!(from < to)) throw new RangeError(`time range: from (${String(from)}) must be before to (${String(to)})`);
  return [quoteInteger(Math.max(0, from)), quoteInteger(to)];
}

const pullRequestPayload = z.looseObject({
  pullRequest: z.looseObject({ repository: z.string(), title: z.string(), state: z.string(), createdAt: z.number(), author: z.looseObject({ login: z.string().nullish() }).nullish() }),
});

/** A pull request's events, newest first, as one summary (the newest readable payload; a merge anywhere makes it merged). */
function pullRequestSummary(events: readonly Record<string, unknown>[], number: number): PullRequestSummary | null {
  const latest = events.flatMap((row) => {
    const parsed = (() => { try { return pullRequestPayload.safeParse(JSON.parse(String(row.payload))); } catch { return undefined; } })();
    return parsed?.success === true ? [parsed.data.pullRequest] : [];
  })[0];
  if (latest === undefined) return null;
  const merges = events.flatMap((row) => (row.pr_merged_at_ms === null || row.pr_merged_at_ms === undefined ? [] : [Number(row.pr_merged_at_ms)]));
  const mergedAtMs = merges.length === 0 ? null : Math.min(...merges);
  const state = mergedAtMs !== null || events.some((row) => row.kind === 'pull_request.merged') ? 'merged' : latest.state === 'open' ? 'open' : 'closed';
  return { repository: latest.repository, number, title: latest.title, body: null, author: latest.author?.login ?? null, state, createdAtMs: latest.createdAt, mergedAtMs };
}

const emptyToNull = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));
