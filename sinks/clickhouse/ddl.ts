/**
 * The ClickHouse schema: statements `init()` runs in order, every one idempotent (`IF NOT
 * EXISTS`) and checked on ClickHouse 18.16 (Debian's) as well as written for current ClickHouse
 * (Cloud turns the MergeTree engines into their Shared variants by itself).
 *
 *     events ──(sink insert)                      one row per event id after merges / FINAL
 *       ├─ mv_deployments_v2   → deployments       one row per deployment    ┐ AggregatingMergeTree,
 *       ├─ mv_pull_requests_v2 → pull_requests     one row per pull request  │ duplicate-insensitive
 *       └─ mv_incidents_v2     → incidents         one row per alert firing  ┘ states only
 *     metric_samples ──(sink insert)              one row per sample id after merges / FINAL
 *     sprint_velocity_v2 (VIEW over events FINAL)
 *
 * Why the aggregates are exact under replay: a materialized view sees *inserted blocks*, not
 * merged rows, so a replayed batch reaches it twice, and on 18.16 an insert whose view fails
 * has still written `events` (the retry then feeds the view again). So the views use only
 * aggregate states for which a duplicate changes nothing — `min`, `max`, `minIf`, `uniqExact`
 * — never `count`, `sum` or `avg`, and each target's key is the entity (deployment, pull
 * request, incident), so counting and averaging happen at query time over merged entities.
 * Sprint velocity needs nullable "latest value" semantics (`argMax` over Nullable breaks the
 * view's types on 18.16) and has a handful of rows a month, so it is a plain view over
 * `events FINAL` instead.
 *
 * 18.16 workarounds here: no `Nullable` inside AggregateFunction (type mismatch when the view
 * pushes; `minIf(ifNull(x, 0), isNotNull(x))` instead, 0 meaning "none"); no Nullable key
 * columns (`ifNull(…, '')`, or `assumeNotNull` where every event of the view's types has the
 * value — rows.ts always fills it — because a WHERE on the column would see the alias); no
 * Map (labels as two sorted arrays); no DateTime64 (DateTime plus a `*_ms UInt64`); no
 * TTL/CODEC/skipping indexes/LowCardinality (left out). Changing a
 * statement here does not change an existing table: add a new statement (ALTER, or a new view
 * name), since `IF NOT EXISTS` skips what is there. `ADD COLUMN IF NOT EXISTS` does not exist
 * on 18.16, so an ALTER must be guarded by the caller (system.columns).
 */
import { identifier, quoteList } from './quote.ts';

export interface DdlStatement {
  readonly name: string;
  readonly sql: string;
}

/**
 * The kind of an `events` row, from its `type` (`<source>.<kind>`): what views and queries filter
 * on, so an event of a known kind counts whichever source sent it. A regular expression without a
 * backslash, so it needs no escaping in TypeScript or SQL.
 */
export const KIND = "replaceRegexpOne(type, '^[^.]*[.]', '')";

/** Every `source` an event can have: the normalizers' (kindIn.test.ts checks each event they make). */
export const EVENT_SOURCES = ['github', 'jira', 'notion', 'alertmanager', 'prometheus'] as const;

/**
 * `KIND IN (kinds)` as the primary key can use it: `type IN ('github.ref.pushed', 'jira.ref.pushed', …)`,
 * each kind under every source. `type` leads the table's ORDER BY, so the server reads only those
 * kinds' granules; a function of `type` (KIND) made it read and FINAL-merge the whole table (a DORA
 * question on 119,000 events: ~700 ms).
 */
export function kindIn(kinds: readonly string[]): string {
  return `type IN ${quoteList(EVENT_SOURCES.flatMap((source) => kinds.map((kind) => `${source}.${kind}`)))}`;
}

const IDENTITY_OF_ACTOR = `
  actor_source Nullable(String),
  actor_account_id Nullable(String),
  actor_login Nullable(String),
  actor_email Nullable(String),
  actor_name Nullable(String)`;

/**
 * Columns added to a table after its first release: a table created before has them added by
 * `init` (sink.ts), after it checks `system.columns`, since 18.16 has no `ADD COLUMN IF NOT
 * EXISTS`. A table created now has them from its CREATE statement. Rows written before read NULL.
 */
export interface AddedColumn {
  readonly table: string;
  readonly name: string;
  readonly type: string;
  /** The column it goes after, so an old table ends up with the new one's layout. */
  readonly after: string;
}

export const ADDED_COLUMNS: readonly AddedColumn[] = [
  // A CI run's or job's name and its run: the DORA reads pick deployment candidates from these
  // instead of parsing every run's payload (dora/readFacts.ts).
  { table: 'events', name: 'ci_name', type: 'Nullable(String)', after: 'completed_points' },
  { table: 'events', name: 'ci_run_id', type: 'Nullable(UInt64)', after: 'ci_name' },
];

/** The ALTERs that bring a table created by an older release up to ADDED_COLUMNS. */
export function addColumnStatements(database: string, existing: ReadonlySet<string>): DdlStatement[] {
  const db = identifier(database);
  return ADDED_COLUMNS.filter((c) => !existing.has(`${c.table}.${c.name}`)).map((c) => ({
    name: `add ${c.table}.${c.name}`,
    sql: `ALTER TABLE ${db}.${identifier(c.table)} ADD COLUMN ${identifier(c.name)} ${c.type} AFTER ${identifier(c.after)}`,
  }));
}

/** The statements, in the order they must run, for one database. */
export function ddlStatements(database: string): DdlStatement[] {
  const db = identifier(database);
  return [
    { name: 'database', sql: `CREATE DATABASE IF NOT EXISTS ${db}` },
    // The views of before events had source-free kinds filtered on whole types
    // (`type = 'github.deployment.created'`): a GitLab deployment would never reach them. Their
    // `_v2` successors below filter on the kind and feed the same tables (same keys,
    // duplicate-insensitive states).
    ...['mv_deployments', 'mv_pull_requests', 'mv_incidents', 'sprint_velocity'].map((view) => ({ name: `drop ${view}`, sql: `DROP TABLE IF EXISTS ${db}.${identifier(view)}` })),
    {
      name: 'events',
      // ORDER BY is ReplacingMergeTree's identity: (type, event_id), and an id never changes type.
      // `type` is `<source>.<kind>` (`github.commit.pushed`), as it was before events had
      // source-free kinds, so a row of an event written then and a replay of it now share a key;
      // views and queries filter on the kind (KIND below).
      // `version` is the write time: a replay through a fixed normalizer replaces the old row.
      // Rows of one id merge within a partition only; occurred_at is the source's own time, so
      // every delivery of an event lands in the same month.
      sql: `CREATE TABLE IF NOT EXISTS ${db}.events (
  event_id String,
  type String,
  source String,
  occurred_at DateTime('UTC'),
  occurred_at_ms UInt64,
  version UInt64,
  delivery_id String,
  repository Nullable(String),
  project_key Nullable(String),${IDENTITY_OF_ACTOR},
  payload String,
  sha Nullable(String),
  branch Nullable(String),
  commit_author_login Nullable(String),
  commit_author_email Nullable(String),
  commit_author_name Nullable(String),
  commit_distinct Nullable(UInt8),
  pr_number Nullable(UInt64),
  pr_author_login Nullable(String),
  pr_created_at_ms Nullable(UInt64),
  pr_first_commit_at_ms Nullable(UInt64),
  pr_merged_at_ms Nullable(UInt64),
  merge_commit_sha Nullable(String),
  review_id Nullable(UInt64),
  review_state Nullable(String),
  reviewer_login Nullable(String),
  review_submitted_at_ms Nullable(UInt64),
  deployment_id Nullable(UInt64),
  environment Nullable(String),
  deployment_state Nullable(String),
  deployment_created_at_ms Nullable(UInt64),
  alert_fingerprint Nullable(String),
  alert_name Nullable(String),
  alert_severity Nullable(String),
  alert_starts_at_ms Nullable(UInt64),
  alert_ends_at_ms Nullable(UInt64),
  issue_key Nullable(String),
  issue_status Nullable(String),
  story_points Nullable(Float64),
  sprint_id Nullable(UInt64),
  board_id Nullable(UInt64),
  sprint_name Nullable(String),
  sprint_started_at_ms Nullable(UInt64),
  sprint_completed_at_ms Nullable(UInt64),
  committed_points Nullable(Float64),
  completed_points Nullable(Float64),
  ci_name Nullable(String),
  ci_run_id Nullable(UInt64)
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (type, event_id)`,
    },
    {
      name: 'metric_samples',
      // Labels as two arrays sorted by key (no Map on 18.16): has()/indexOf() answer label filters.
      sql: `CREATE TABLE IF NOT EXISTS ${db}.metric_samples (
  event_id String,
  name String,
  label_keys Array(String),
  label_values Array(String),
  value Float64,
  ts DateTime('UTC'),
  ts_ms UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (name, ts, event_id)`,
    },
    {
      name: 'deployments',
      // 0 in a *_ms state means "never" (minIf over no rows); epoch 0 is never a real time here.
      // Not partitioned: one small row per deployment, and a partition would split its states.
      sql: `CREATE TABLE IF NOT EXISTS ${db}.deployments (
  repository String,
  environment String,
  deployment_id UInt64,
  project_key AggregateFunction(max, String),
  sha AggregateFunction(max, String),
  created_at_ms AggregateFunction(minIf, UInt64, UInt8),
  succeeded_at_ms AggregateFunction(minIf, UInt64, UInt8),
  failed_at_ms AggregateFunction(minIf, UInt64, UInt8)
) ENGINE = AggregatingMergeTree()
ORDER BY (repository, environment, deployment_id)`,
    },
    {
      name: 'mv_deployments_v2',
      sql: `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_deployments_v2 TO ${db}.deployments AS
SELECT
  ifNull(repository, '') AS repository,
  ifNull(environment, '') AS environment,
  assumeNotNull(deployment_id) AS deployment_id,
  maxState(ifNull(project_key, '')) AS project_key,
  maxState(ifNull(sha, '')) AS sha,
  minIfState(ifNull(deployment_created_at_ms, toUInt64(0)), isNotNull(deployment_created_at_ms)) AS created_at_ms,
  minIfState(occurred_at_ms, toUInt8(ifNull(deployment_state, '') = 'success')) AS succeeded_at_ms,
  minIfState(occurred_at_ms, toUInt8(ifNull(deployment_state, '') IN ('failure', 'error'))) AS failed_at_ms
FROM ${db}.events
WHERE ${KIND} IN ('deployment.created', 'deployment.status_changed')
GROUP BY repository, environment, deployment_id`,
    },
    {
      name: 'pull_requests',
      sql: `CREATE TABLE IF NOT EXISTS ${db}.pull_requests (
  repository String,
  pr_number UInt64,
  project_key AggregateFunction(max, String),
  author_login AggregateFunction(max, String),
  opened_at_ms AggregateFunction(minIf, UInt64, UInt8),
  first_commit_at_ms AggregateFunction(minIf, UInt64, UInt8),
  merged_at_ms AggregateFunction(minIf, UInt64, UInt8),
  merge_commit_sha AggregateFunction(max, String),
  first_review_at_ms AggregateFunction(minIf, UInt64, UInt8),
  reviews AggregateFunction(uniqExactIf, UInt64, UInt8)
) ENGINE = AggregatingMergeTree()
ORDER BY (repository, pr_number)`,
    },
    {
      name: 'mv_pull_requests_v2',
      // A review by the pull request's own author (a reply in the thread) is not a review.
      sql: `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_pull_requests_v2 TO ${db}.pull_requests AS
SELECT
  ifNull(repository, '') AS repository,
  assumeNotNull(pr_number) AS pr_number,
  maxState(ifNull(project_key, '')) AS project_key,
  maxState(ifNull(pr_author_login, '')) AS author_login,
  minIfState(ifNull(pr_created_at_ms, toUInt64(0)), isNotNull(pr_created_at_ms)) AS opened_at_ms,
  minIfState(ifNull(pr_first_commit_at_ms, toUInt64(0)), isNotNull(pr_first_commit_at_ms)) AS first_commit_at_ms,
  minIfState(ifNull(pr_merged_at_ms, toUInt64(0)), isNotNull(pr_merged_at_ms)) AS merged_at_ms,
  maxState(ifNull(merge_commit_sha, '')) AS merge_commit_sha,
  minIfState(ifNull(review_submitted_at_ms, toUInt64(0)), toUInt8(${KIND} = 'review.submitted' AND isNotNull(review_submitted_at_ms) AND ifNull(reviewer_login, '') != ifNull(pr_author_login, ''))) AS first_review_at_ms,
  uniqExactIfState(ifNull(review_id, toUInt64(0)), toUInt8(${KIND} = 'review.submitted' AND isNotNull(review_id))) AS reviews
FROM ${db}.events
WHERE ${KIND} IN ('pull_request.opened', 'pull_request.updated', 'pull_request.merged', 'pull_request.closed', 'review.submitted')
GROUP BY repository, pr_number`,
    },
    {
      name: 'incidents',
      // An incident is one firing of one alert: Alertmanager's fingerprint plus when it started.
      sql: `CREATE TABLE IF NOT EXISTS ${db}.incidents (
  repository String,
  project_key String,
  fingerprint String,
  starts_at_ms UInt64,
  alert_name AggregateFunction(max, String),
  severity AggregateFunction(max, String),
  resolved_at_ms AggregateFunction(minIf, UInt64, UInt8)
) ENGINE = AggregatingMergeTree()
ORDER BY (repository, project_key, fingerprint, starts_at_ms)`,
    },
    {
      name: 'mv_incidents_v2',
      sql: `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_incidents_v2 TO ${db}.incidents AS
SELECT
  ifNull(repository, '') AS repository,
  ifNull(project_key, '') AS project_key,
  ifNull(alert_fingerprint, '') AS fingerprint,
  ifNull(alert_starts_at_ms, toUInt64(0)) AS starts_at_ms,
  maxState(ifNull(alert_name, '')) AS alert_name,
  maxState(ifNull(alert_severity, '')) AS severity,
  minIfState(ifNull(alert_ends_at_ms, toUInt64(0)), toUInt8(${KIND} = 'alert.resolved' AND isNotNull(alert_ends_at_ms))) AS resolved_at_ms
FROM ${db}.events
WHERE ${KIND} IN ('alert.firing', 'alert.resolved')
GROUP BY repository, project_key, fingerprint, starts_at_ms`,
    },
    {
      name: 'sprint_velocity_v2',
      // Latest close of each sprint wins (a sprint reopened and closed again reports new points).
      sql: `CREATE VIEW IF NOT EXISTS ${db}.sprint_velocity_v2 AS
SELECT
  assumeNotNull(board_id) AS board_id,
  assumeNotNull(sprint_id) AS sprint_id,
  argMax(sprint_name, occurred_at_ms) AS name,
  argMax(sprint_started_at_ms, occurred_at_ms) AS started_at_ms,
  max(occurred_at_ms) AS completed_at_ms,
  argMax(committed_points, occurred_at_ms) AS committed_points,
  argMax(completed_points, occurred_at_ms) AS completed_points
FROM ${db}.events FINAL
WHERE ${KIND} = 'sprint.closed'
GROUP BY board_id, sprint_id`,
    },
  ];
}
