/**
 * EngEvent → the JSON objects ClickHouse inserts as JSONEachRow: one `events` row per event,
 * plus one `metric_samples` row per Prometheus sample. Pure: the same event and version give
 * the same row, so a replay writes the same row again and ReplacingMergeTree keeps one.
 *
 * Why JSONEachRow objects and not SQL: 18.16 has no query parameters, so values must travel in
 * the insert body, where the server parses them by column type and nothing is ever escaped by
 * hand. Times go as integer seconds for the DateTime columns (parsed the same on 18.16 and
 * today, no `date_time_input_format` needed) and as integer milliseconds for the `*_ms` ones
 * (no DateTime64 on 18.16). Non-finite sample values go as the strings "nan", "inf", "-inf",
 * which ClickHouse's float parser reads; JSON has no literal for them. (`payload` is
 * JSON.stringify'd, so a NaN inside it reads as null: the typed column is the truth.)
 */
import type { EngEvent, Identity } from '../../avro/generated/types.ts';

type Nullable<T> = T | null;

/** A row of `events`, its keys the column names (ddl.ts). */
export interface EventRow {
  event_id: string;
  type: string;
  source: string;
  /** Seconds since the epoch (DateTime('UTC')). */
  occurred_at: number;
  occurred_at_ms: number;
  version: number;
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
  version: number;
}

/** The typed columns, all null: each event type fills its own. */
type TypedColumns = Omit<EventRow, 'event_id' | 'type' | 'source' | 'occurred_at' | 'occurred_at_ms' | 'version' | 'delivery_id' | 'repository' | 'project_key' | `actor_${string}` | 'payload'>;

const NO_TYPED_COLUMNS: TypedColumns = {
  sha: null, branch: null, commit_author_login: null, commit_author_email: null, commit_author_name: null, commit_distinct: null,
  pr_number: null, pr_author_login: null, pr_created_at_ms: null, pr_first_commit_at_ms: null, pr_merged_at_ms: null, merge_commit_sha: null,
  review_id: null, review_state: null, reviewer_login: null, review_submitted_at_ms: null,
  deployment_id: null, environment: null, deployment_state: null, deployment_created_at_ms: null,
  alert_fingerprint: null, alert_name: null, alert_severity: null, alert_starts_at_ms: null, alert_ends_at_ms: null,
  issue_key: null, issue_status: null, story_points: null,
  sprint_id: null, board_id: null, sprint_name: null, sprint_started_at_ms: null, sprint_completed_at_ms: null, committed_points: null, completed_points: null,
};

/**
 * Alertmanager alerts belong to no repository or Jira project in the event model; the rules that
 * raise them say which one with these labels, which is how incidents get into a project's
 * change failure rate and time to restore.
 */
export const ALERT_SCOPE_LABELS = { repository: 'repository', projectKey: 'project' } as const;

/** Epoch milliseconds → DateTime seconds. Times before 1970 clamp to 0 (DateTime is unsigned). */
export const toSeconds = (ms: number): number => Math.max(0, Math.floor(ms / 1000));
const toMs = (ms: number): number => Math.max(0, Math.trunc(ms));
const optMs = (ms: number | null): number | null => (ms === null ? null : toMs(ms));

/** The row of one event. `version` is the write time in ms: the newest write of an id wins. */
export function toEventRow(event: EngEvent, version: number): EventRow {
  const actor = event.actor;
  const scope = scopeOf(event);
  return {
    event_id: event.eventId,
    type: event.type,
    source: event.source,
    occurred_at: toSeconds(event.occurredAt),
    occurred_at_ms: toMs(event.occurredAt),
    version,
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
    ...typedColumns(event),
  };
}

function scopeOf(event: EngEvent): { repository: string | null; projectKey: string | null } {
  if (event.type === 'alert.firing' || event.type === 'alert.resolved') {
    const labels = event.payload.labels;
    return { repository: event.repository ?? labels[ALERT_SCOPE_LABELS.repository] ?? null, projectKey: event.projectKey ?? labels[ALERT_SCOPE_LABELS.projectKey] ?? null };
  }
  return { repository: event.repository, projectKey: event.projectKey };
}

const login = (who: Identity | null): string | null => who?.login ?? null;

function typedColumns(event: EngEvent): Partial<TypedColumns> {
  switch (event.type) {
    case 'commit.pushed': {
      const p = event.payload;
      return { sha: p.sha, branch: p.branch, commit_author_login: p.author.login, commit_author_email: p.author.email, commit_author_name: p.author.displayName, commit_distinct: p.distinct ? 1 : 0 };
    }
    case 'pull_request.opened':
    case 'pull_request.updated':
    case 'pull_request.closed': {
      const pr = event.payload.pullRequest;
      return { pr_number: pr.number, pr_author_login: login(pr.author), pr_created_at_ms: toMs(pr.createdAt), pr_first_commit_at_ms: optMs(pr.firstCommitAt), sha: pr.headSha, branch: pr.headRef };
    }
    case 'pull_request.merged': {
      const { pullRequest: pr, mergedAt, mergeCommitSha } = event.payload;
      return { pr_number: pr.number, pr_author_login: login(pr.author), pr_created_at_ms: toMs(pr.createdAt), pr_first_commit_at_ms: optMs(pr.firstCommitAt), pr_merged_at_ms: toMs(mergedAt), merge_commit_sha: mergeCommitSha, sha: pr.headSha, branch: pr.headRef };
    }
    case 'review.submitted':
    case 'review.dismissed': {
      const r = event.payload;
      return { pr_number: r.pullRequestNumber, pr_author_login: login(r.pullRequestAuthor), review_id: r.reviewId, review_state: r.state, reviewer_login: login(r.reviewer), review_submitted_at_ms: optMs(r.submittedAt), sha: r.commitId };
    }
    case 'deployment.created': {
      const d = event.payload;
      return { deployment_id: d.deploymentId, environment: d.environment, sha: d.sha, deployment_created_at_ms: toMs(d.createdAt) };
    }
    case 'deployment.status_changed': {
      const d = event.payload;
      return { deployment_id: d.deploymentId, environment: d.environment, sha: d.sha, deployment_state: d.state, deployment_created_at_ms: toMs(d.deploymentCreatedAt) };
    }
    case 'workflow_run.completed':
      return { sha: event.payload.headSha, branch: event.payload.headBranch };
    case 'issue.created':
    case 'issue.updated': {
      const issue = event.payload.issue;
      return { issue_key: issue.issueKey, issue_status: issue.status, story_points: issue.storyPoints, sprint_id: issue.sprint?.sprintId ?? null, sprint_name: issue.sprint?.name ?? null };
    }
    case 'comment.created':
      return { issue_key: event.payload.issueKey };
    case 'sprint.closed': {
      const s = event.payload;
      return { sprint_id: s.sprintId, board_id: s.boardId, sprint_name: s.name, sprint_started_at_ms: optMs(s.startAt), sprint_completed_at_ms: toMs(s.completedAt), committed_points: s.committedPoints, completed_points: s.completedPoints };
    }
    case 'alert.firing':
    case 'alert.resolved': {
      const a = event.payload;
      return { alert_fingerprint: a.fingerprint, alert_name: a.alertName, alert_severity: a.severity, alert_starts_at_ms: toMs(a.startsAt), alert_ends_at_ms: optMs(a.endsAt) };
    }
    default:
      // GitHub issues, Notion pages and data sources, metric samples: the payload column has them.
      return {};
  }
}

/** The `metric_samples` row of a Prometheus sample event; null for any other event. */
export function toMetricSampleRow(event: EngEvent, version: number): MetricSampleRow | null {
  if (event.type !== 'metric.sampled') return null;
  const { name, labels, value, timestamp } = event.payload;
  const keys = Object.keys(labels).sort();
  return {
    event_id: event.eventId,
    name,
    label_keys: keys,
    label_values: keys.map((key) => labels[key]!),
    value: Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : value,
    ts: toSeconds(timestamp),
    ts_ms: toMs(timestamp),
    version,
  };
}
