/**
 * What ClickHouse keeps of each kind of event (sinks/handlers.ts): every kind, as one `events`
 * row (a Prometheus sample also as a `metric_samples` row). A kind's handler fills the typed
 * columns the metrics read (ddl.ts, queries.ts); kinds no metric reads yet (repository issues,
 * documents, samples) are their envelope and payload alone. Each `why` is the routing table's
 * cell.
 */
import type { EventOf, Handlers } from '../handlers.ts';
import type { Identity } from '../../avro/generated/types.ts';
import { eventRow, optMs, sampleRow, toMs, type ClickHouseRow, type Scope, type TypedColumns } from './rows.ts';

const login = (who: Identity | null): string | null => who?.login ?? null;

function pullRequestColumns(event: EventOf<'pull_request.opened' | 'pull_request.updated' | 'pull_request.closed'>): Partial<TypedColumns> {
  const pr = event.payload.pullRequest;
  return { pr_number: pr.number, pr_author_login: login(pr.author), pr_created_at_ms: toMs(pr.createdAt), pr_first_commit_at_ms: optMs(pr.firstCommitAt), sha: pr.headSha, branch: pr.headRef };
}

function reviewColumns(event: EventOf<'review.submitted' | 'review.dismissed'>): Partial<TypedColumns> {
  const r = event.payload;
  return { pr_number: r.pullRequestNumber, pr_author_login: login(r.pullRequestAuthor), review_id: r.reviewId, review_state: r.state, reviewer_login: login(r.reviewer), review_submitted_at_ms: optMs(r.submittedAt), sha: r.commitId };
}

function issueColumns(event: EventOf<'issue.created' | 'issue.updated'>): Partial<TypedColumns> {
  const issue = event.payload.issue;
  return { issue_key: issue.issueKey, issue_status: issue.status, story_points: issue.storyPoints, sprint_id: issue.sprint?.sprintId ?? null, sprint_name: issue.sprint?.name ?? null };
}

/** A repository issue, keyed `owner/repo#12` in issue_key so its versions can be told apart from other issues'. */
function githubIssueRows(event: EventOf<'issue.opened' | 'issue.edited' | 'issue.closed' | 'issue.reopened' | 'issue.labeled' | 'issue.unlabeled'>): ClickHouseRow[] {
  return [eventRow(event, { issue_key: `${event.payload.repository}#${event.payload.number}` })];
}

/**
 * Alertmanager alerts belong to no repository or Jira project in the event model; the rules that
 * raise them say which one with these labels, which is how incidents get into a project's
 * change failure rate and time to restore.
 */
export const ALERT_SCOPE_LABELS = { repository: 'repository', projectKey: 'project' } as const;

function alertRows(event: EventOf<'alert.firing' | 'alert.resolved'>): ClickHouseRow[] {
  const a = event.payload;
  const scope: Scope = { repository: event.repository ?? a.labels[ALERT_SCOPE_LABELS.repository] ?? null, projectKey: event.projectKey ?? a.labels[ALERT_SCOPE_LABELS.projectKey] ?? null };
  return [eventRow(event, { alert_fingerprint: a.fingerprint, alert_name: a.alertName, alert_severity: a.severity, alert_starts_at_ms: toMs(a.startsAt), alert_ends_at_ms: optMs(a.endsAt) }, scope)];
}

export const clickhouseHandlers = {
  'commit.pushed': {
    why: 'Store event',
    rows: (event) => {
      const p = event.payload;
      return [eventRow(event, { sha: p.sha, branch: p.branch, commit_author_login: p.author.login, commit_author_email: p.author.email, commit_author_name: p.author.displayName, commit_distinct: p.distinct ? 1 : 0 })];
    },
  },
  'ref.pushed': { why: 'Store event (DORA: change sets, first commits)', rows: (event) => [eventRow(event, { sha: event.payload.after, branch: event.payload.branch })] },
  'pull_request.opened': { why: 'Store event (review time)', rows: (event) => [eventRow(event, pullRequestColumns(event))] },
  'pull_request.updated': { why: 'Store event (review time)', rows: (event) => [eventRow(event, pullRequestColumns(event))] },
  'pull_request.closed': { why: 'Store event (review time)', rows: (event) => [eventRow(event, pullRequestColumns(event))] },
  'pull_request.merged': {
    why: 'Store + aggregate (lead time)',
    rows: (event) => {
      const { pullRequest: pr, mergedAt, mergeCommitSha } = event.payload;
      return [eventRow(event, { pr_number: pr.number, pr_author_login: login(pr.author), pr_created_at_ms: toMs(pr.createdAt), pr_first_commit_at_ms: optMs(pr.firstCommitAt), pr_merged_at_ms: toMs(mergedAt), merge_commit_sha: mergeCommitSha, sha: pr.headSha, branch: pr.headRef })];
    },
  },
  'review.submitted': { why: 'Store + aggregate (review time)', rows: (event) => [eventRow(event, reviewColumns(event))] },
  'review.dismissed': { why: 'Store event', rows: (event) => [eventRow(event, reviewColumns(event))] },
  'deployment.created': {
    why: 'Store + aggregate (deployment frequency, change failure rate, lead time)',
    rows: (event) => {
      const d = event.payload;
      return [eventRow(event, { deployment_id: d.deploymentId, environment: d.environment, sha: d.sha, deployment_created_at_ms: toMs(d.createdAt) })];
    },
  },
  'deployment.status_changed': {
    why: 'Store + aggregate (deployment frequency, change failure rate, lead time)',
    rows: (event) => {
      const d = event.payload;
      return [eventRow(event, { deployment_id: d.deploymentId, environment: d.environment, sha: d.sha, deployment_state: d.state, deployment_created_at_ms: toMs(d.deploymentCreatedAt) })];
    },
  },
  'workflow_run.completed': { why: 'Store event (CI deployments)', rows: (event) => [eventRow(event, { sha: event.payload.headSha, branch: event.payload.headBranch, ci_name: event.payload.name, ci_run_id: event.payload.runId })] },
  'workflow_job.completed': { why: 'Store event (CI deployments)', rows: (event) => [eventRow(event, { sha: event.payload.headSha, branch: event.payload.headBranch, ci_name: event.payload.name, ci_run_id: event.payload.runId })] },
  'issue.opened': { why: 'Store event (DORA incidents)', rows: githubIssueRows },
  'issue.edited': { why: 'Store event (DORA incidents)', rows: githubIssueRows },
  'issue.closed': { why: 'Store event (DORA incidents)', rows: githubIssueRows },
  'issue.reopened': { why: 'Store event (DORA incidents)', rows: githubIssueRows },
  'issue.labeled': { why: 'Store event (DORA incidents)', rows: githubIssueRows },
  'issue.unlabeled': { why: 'Store event (DORA incidents)', rows: githubIssueRows },
  'team.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'team.updated': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'team.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'team.repository_added': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'team.repository_removed': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'team.member_added': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'team.member_removed': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'organization.member_added': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'organization.member_removed': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'repository.collaborator_added': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'repository.collaborator_updated': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'repository.collaborator_removed': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'issue.created': { why: 'Store event (DORA incidents)', rows: (event) => [eventRow(event, issueColumns(event))] },
  'issue.updated': { why: 'Store event (DORA incidents)', rows: (event) => [eventRow(event, issueColumns(event))] },
  'sprint.closed': {
    why: 'Store + aggregate',
    rows: (event) => {
      const s = event.payload;
      return [eventRow(event, { sprint_id: s.sprintId, board_id: s.boardId, sprint_name: s.name, sprint_started_at_ms: optMs(s.startAt), sprint_completed_at_ms: toMs(s.completedAt), committed_points: s.committedPoints, completed_points: s.completedPoints })];
    },
  },
  'comment.created': { why: 'Store event', rows: (event) => [eventRow(event, { issue_key: event.payload.issueKey })] },
  'issue_link.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'issue_link.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'page.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'page.updated': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'page.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'page.undeleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'page.moved': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'page_comment.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'data_source.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'data_source.updated': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'data_source.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'alert.firing': { why: 'Store incident (time to restore)', rows: alertRows },
  'alert.resolved': { why: 'Store incident (time to restore)', rows: alertRows },
  'metric.sampled': { why: 'Store metric', rows: (event) => [eventRow(event), sampleRow(event)] },
} satisfies Handlers<ClickHouseRow>;
