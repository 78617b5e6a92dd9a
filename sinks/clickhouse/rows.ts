/**
 * The JSON objects ClickHouse inserts as JSONEachRow: one `events` row per event, plus one
 * `metric_samples` row per Prometheus sample. The handlers (handlers.ts) build them, per kind,
 * from what the event is; `tableRows` groups a batch's rows by table and stamps the write time
 * as ReplacingMergeTree's version. Pure: the same event and version give the same row, so a
 * replay writes the same row again and ReplacingMergeTree keeps one.
 *
 * Why JSONEachRow objects and not SQL: 18.16 has no query parameters, so values must travel in
 * the insert body, where the server parses them by column type and nothing is ever escaped by
 * hand. Times go as integer seconds for the DateTime columns (parsed the same on 18.16 and
 * today, no `date_time_input_format` needed) and as integer milliseconds for the `*_ms` ones
 * (no DateTime64 on 18.16). Non-finite sample values go as the strings "nan", "inf", "-inf",
 * which ClickHouse's float parser reads; JSON has no literal for them. (`payload` is
 * JSON.stringify'd, so a NaN inside it reads as null: the typed column is the truth.)
 *
 * People are named by login and email in the typed columns (commit, pull request and review
 * authors); every row carries its `source` (and `actor_source`), so queries key a person as
 * sinks/identity.ts does (`<source>:<login>`, else `email:<email>`) and a GitHub login and a
 * GitLab login that read alike stay apart.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import type { EventOf } from '../handlers.ts';

type Nullable<T> = T | null;

/** A row of `events`, its keys the column names (ddl.ts). */
export interface EventRow {
  event_id: string;
  type: string;
  source: string;
  /** Seconds since the epoch (DateTime('UTC')). */
  occurred_at: number;
  occurred_at_ms: number;
  delivery_id: string;
  repository: Nullable<string>;
  project_key: Nullable<string>;
  actor_source: Nullable<string>;
  actor_account_id: Nullable<string>;
  actor_login: Nullable<string>;
  actor_email: Nullable<string>;
  actor_name: Nullable<string>;
  payload: string;
  sha: Nullable<string>;
  branch: Nullable<string>;
  commit_author_login: Nullable<string>;
  commit_author_email: Nullable<string>;
  commit_author_name: Nullable<string>;
  commit_distinct: Nullable<0 | 1>;
  pr_number: Nullable<number>;
  pr_author_login: Nullable<string>;
  pr_created_at_ms: Nullable<number>;
  pr_first_commit_at_ms: Nullable<number>;
  pr_merged_at_ms: Nullable<number>;
  merge_commit_sha: Nullable<string>;
  review_id: Nullable<number>;
  review_state: Nullable<string>;
  reviewer_login: Nullable<string>;
  review_submitted_at_ms: Nullable<number>;
  deployment_id: Nullable<number>;
  environment: Nullable<string>;
  deployment_state: Nullable<string>;
  deployment_created_at_ms: Nullable<number>;
  alert_fingerprint: Nullable<string>;
  alert_name: Nullable<string>;
  alert_severity: Nullable<string>;
  alert_starts_at_ms: Nullable<number>;
  alert_ends_at_ms: Nullable<number>;
  issue_key: Nullable<string>;
  issue_status: Nullable<string>;
  story_points: Nullable<number>;
  sprint_id: Nullable<number>;
  board_id: Nullable<number>;
  sprint_name: Nullable<string>;
  sprint_started_at_ms: Nullable<number>;
  sprint_completed_at_ms: Nullable<number>;
  committed_points: Nullable<number>;
  completed_points: Nullable<number>;
  ci_name: Nullable<string>;
  ci_run_id: Nullable<number>;
}

/** A row of `metric_samples`. */
export interface MetricSampleRow {
  event_id: string;
  name: string;
  label_keys: string[];
  label_values: string[];
  value: number | 'nan' | 'inf' | '-inf';
  ts: number;
  ts_ms: number;
}

/** What ClickHouse writes for an event: a row of one of its tables. */
export type ClickHouseRow = { readonly table: 'events'; readonly row: EventRow } | { readonly table: 'metric_samples'; readonly row: MetricSampleRow };

/** A row as inserted: with `version`, the write time in ms, so the newest write of an id wins. */
export type Versioned<R> = R & { readonly version: number };

/** The typed columns, all null: each kind's handler fills its own. */
export type TypedColumns = Omit<EventRow, 'event_id' | 'type' | 'source' | 'occurred_at' | 'occurred_at_ms' | 'delivery_id' | 'repository' | 'project_key' | `actor_${string}` | 'payload'>;

/** The repository and Jira project a row is counted under. */
export interface Scope {
  readonly repository: string | null;
  readonly projectKey: string | null;
}

const NO_TYPED_COLUMNS: TypedColumns = {
  sha: null, branch: null, commit_author_login: null, commit_author_email: null, commit_author_name: null, commit_distinct: null,
  pr_number: null, pr_author_login: null, pr_created_at_ms: null, pr_first_commit_at_ms: null, pr_merged_at_ms: null, merge_commit_sha: null,
  review_id: null, review_state: null, reviewer_login: null, review_submitted_at_ms: null,
  deployment_id: null, environment: null, deployment_state: null, deployment_created_at_ms: null,
  alert_fingerprint: null, alert_name: null, alert_severity: null, alert_starts_at_ms: null, alert_ends_at_ms: null,
  issue_key: null, issue_status: null, story_points: null,
  sprint_id: null, board_id: null, sprint_name: null, sprint_started_at_ms: null, sprint_completed_at_ms: null, committed_points: null, completed_points: null,
  ci_name: null, ci_run_id: null,
};

/** Epoch milliseconds → DateTime seconds. Times before 1970 clamp to 0 (DateTime is unsigned). */
export const toSeconds = (ms: number): number => Math.max(0, Math.floor(ms / 1000));
export const toMs = (ms: number): number => Math.max(0, Math.trunc(ms));
export const optMs = (ms: number | null): number | null => (ms === null ? null : toMs(ms));

/** The `events` row of an event: its envelope, its payload as JSON, and the typed columns its kind fills. */
export function eventRow(event: EngEvent, typed: Partial<TypedColumns> = {}, scope: Scope = { repository: event.repository, projectKey: event.projectKey }): ClickHouseRow {
  const actor = event.actor;
  return {
    table: 'events',
    row: {
      event_id: event.eventId,
      // `<source>.<kind>`: the table's key since before kinds (ddl.ts), so old rows and replays fold.
      type: `${event.source}.${event.type}`,
      source: event.source,
      occurred_at: toSeconds(event.occurredAt),
      occurred_at_ms: toMs(event.occurredAt),
      delivery_id: event.deliveryId,
      repository: scope.repository,
      project_key: scope.projectKey,
      actor_source: actor?.source ?? null,
      actor_account_id: actor?.accountId ?? null,
      actor_login: actor?.login ?? null,
      actor_email: actor?.email ?? null,
      actor_name: actor?.displayName ?? null,
      payload: JSON.stringify(event.payload),
      ...NO_TYPED_COLUMNS,
      ...typed,
    },
  };
}

/** The `metric_samples` row of a Prometheus sample. */
export function sampleRow(event: EventOf<'metric.sampled'>): ClickHouseRow {
  const { name, labels, value, timestamp } = event.payload;
  const keys = Object.keys(labels).sort();
  return {
    table: 'metric_samples',
    row: {
      event_id: event.eventId,
      name,
      label_keys: keys,
      label_values: keys.map((key) => labels[key]!),
      value: Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : value,
      ts: toSeconds(timestamp),
      ts_ms: toMs(timestamp),
    },
  };
}

/** A batch's rows by table, each stamped with `version`: one insert per table. */
export function tableRows(rows: readonly ClickHouseRow[], version: number): { events: Versioned<EventRow>[]; metric_samples: Versioned<MetricSampleRow>[] } {
  const tables: { events: Versioned<EventRow>[]; metric_samples: Versioned<MetricSampleRow>[] } = { events: [], metric_samples: [] };
  for (const r of rows) {
    if (r.table === 'events') tables.events.push({ ...r.row, version });
    else tables.metric_samples.push({ ...r.row, version });
  }
  return tables;
}
