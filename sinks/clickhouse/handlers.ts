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

/** A branch created or deleted names its branch; a tag, none (as ref.pushed does). */
function refRows(event: EventOf<'ref.created' | 'ref.deleted'>): ClickHouseRow[] {
  return [eventRow(event, { branch: event.payload.refType === 'branch' ? event.payload.ref : null })];
}

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
 * A comment: its author in reviewer_login, beside the pull request's author, so PR pickup time
 * (queries.ts) finds the first activity by someone else. A comment on an issue has no pull request:
 * it is keyed by issue_key as githubIssueRows keys its issue.
 */
function issueCommentColumns(event: EventOf<'issue_comment.created' | 'issue_comment.edited' | 'issue_comment.deleted'>): Partial<TypedColumns> {
  const c = event.payload;
  const target = c.isPullRequest ? { pr_number: c.number } : { issue_key: `${c.repository}#${c.number}` };
  return { ...target, pr_author_login: c.isPullRequest ? login(c.issueAuthor) : null, reviewer_login: login(c.author) };
}

function reviewCommentColumns(event: EventOf<'review_comment.created' | 'review_comment.edited' | 'review_comment.deleted'>): Partial<TypedColumns> {
  const c = event.payload;
  return { pr_number: c.pullRequestNumber, pr_author_login: login(c.pullRequestAuthor), reviewer_login: login(c.author), review_id: c.reviewId, sha: c.commitId };
}

/** Review requests, assignments and labels: the pull request they are about. */
function pullRequestActivityColumns(event: EventOf<'pull_request.review_requested' | 'pull_request.review_request_removed' | 'pull_request.assigned' | 'pull_request.unassigned' | 'pull_request.labeled' | 'pull_request.unlabeled'>): Partial<TypedColumns> {
  const pr = event.payload.pullRequest;
  return { pr_number: pr.number, pr_author_login: login(pr.author), sha: pr.headSha, branch: pr.headRef };
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

/** A sprint's lifecycle event with the sprint's columns; velocity (sprint_velocity_v2) reads `sprint.closed` only, so these leave it alone. */
function sprintChange(event: EventOf<'sprint.created' | 'sprint.started' | 'sprint.updated' | 'sprint.deleted'>): ClickHouseRow[] {
  const s = event.payload.sprint;
  return [eventRow(event, { sprint_id: s.sprintId, board_id: s.boardId, sprint_name: s.name, sprint_started_at_ms: optMs(s.startAt) })];
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
  'repository.created': { why: 'Store event (a rename keeps history)', rows: (event) => [eventRow(event)] },
  'repository.renamed': { why: 'Store event (a rename keeps history)', rows: (event) => [eventRow(event)] },
  'repository.transferred': { why: 'Store event (a rename keeps history)', rows: (event) => [eventRow(event)] },
  'repository.archived': { why: 'Store event (a rename keeps history)', rows: (event) => [eventRow(event)] },
  'repository.unarchived': { why: 'Store event (a rename keeps history)', rows: (event) => [eventRow(event)] },
  'repository.deleted': { why: 'Store event (a rename keeps history)', rows: (event) => [eventRow(event)] },
  'ref.created': { why: 'Store event', rows: refRows },
  'ref.deleted': { why: 'Store event', rows: refRows },
  'release.published': { why: 'Store event', rows: (event) => [eventRow(event, { branch: event.payload.targetCommitish })] },
  'release.released': { why: 'Store event', rows: (event) => [eventRow(event, { branch: event.payload.targetCommitish })] },
  'release.created': { why: 'Store event', rows: (event) => [eventRow(event, { branch: event.payload.targetCommitish })] },
  'release.edited': { why: 'Store event', rows: (event) => [eventRow(event, { branch: event.payload.targetCommitish })] },
  'release.deleted': { why: 'Store event', rows: (event) => [eventRow(event, { branch: event.payload.targetCommitish })] },
  'release.prereleased': { why: 'Store event', rows: (event) => [eventRow(event, { branch: event.payload.targetCommitish })] },
  'release.unpublished': { why: 'Store event', rows: (event) => [eventRow(event, { branch: event.payload.targetCommitish })] },
  'check_run.completed': { why: 'Store event (CI outcomes)', rows: (event) => [eventRow(event, { sha: event.payload.headSha, branch: event.payload.headBranch, ci_name: event.payload.name, ci_run_id: event.payload.checkSuiteId })] },
  'check_suite.completed': { why: 'Store event (CI outcomes)', rows: (event) => [eventRow(event, { sha: event.payload.headSha, branch: event.payload.headBranch, ci_name: event.payload.appName ?? event.payload.appSlug, ci_run_id: event.payload.checkSuiteId })] },
  'label.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'label.edited': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'label.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'milestone.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'milestone.opened': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'milestone.closed': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'milestone.edited': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'milestone.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'issue_comment.created': { why: 'Store event (PR pickup time)', rows: (event) => [eventRow(event, issueCommentColumns(event))] },
  'issue_comment.edited': { why: 'Store event (PR pickup time)', rows: (event) => [eventRow(event, issueCommentColumns(event))] },
  'issue_comment.deleted': { why: 'Store event (PR pickup time)', rows: (event) => [eventRow(event, issueCommentColumns(event))] },
  'review_comment.created': { why: 'Store event (PR pickup time)', rows: (event) => [eventRow(event, reviewCommentColumns(event))] },
  'review_comment.edited': { why: 'Store event (PR pickup time)', rows: (event) => [eventRow(event, reviewCommentColumns(event))] },
  'review_comment.deleted': { why: 'Store event (PR pickup time)', rows: (event) => [eventRow(event, reviewCommentColumns(event))] },
  'review_thread.resolved': { why: 'Store event', rows: (event) => [eventRow(event, { pr_number: event.payload.pullRequestNumber, pr_author_login: login(event.payload.pullRequestAuthor) })] },
  'review_thread.unresolved': { why: 'Store event', rows: (event) => [eventRow(event, { pr_number: event.payload.pullRequestNumber, pr_author_login: login(event.payload.pullRequestAuthor) })] },
  'commit_comment.created': { why: 'Store event', rows: (event) => [eventRow(event, { sha: event.payload.sha })] },
  'pull_request.review_requested': { why: 'Store event', rows: (event) => [eventRow(event, { ...pullRequestActivityColumns(event), reviewer_login: login(event.payload.reviewer) })] },
  'pull_request.review_request_removed': { why: 'Store event', rows: (event) => [eventRow(event, { ...pullRequestActivityColumns(event), reviewer_login: login(event.payload.reviewer) })] },
  'pull_request.assigned': { why: 'Store event', rows: (event) => [eventRow(event, pullRequestActivityColumns(event))] },
  'pull_request.unassigned': { why: 'Store event', rows: (event) => [eventRow(event, pullRequestActivityColumns(event))] },
  'pull_request.labeled': { why: 'Store event', rows: (event) => [eventRow(event, pullRequestActivityColumns(event))] },
  'pull_request.unlabeled': { why: 'Store event', rows: (event) => [eventRow(event, pullRequestActivityColumns(event))] },
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
  'issue.deleted': { why: 'Store event', rows: (event) => [eventRow(event, { issue_key: event.payload.issueKey })] },
  'comment.updated': { why: 'Store event', rows: (event) => [eventRow(event, { issue_key: event.payload.issueKey })] },
  'comment.deleted': { why: 'Store event', rows: (event) => [eventRow(event, { issue_key: event.payload.issueKey })] },
  'worklog.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'worklog.updated': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'worklog.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'version.released': { why: 'Store event (releases)', rows: (event) => [eventRow(event)] },
  'issue_link.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'issue_link.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'sprint.created': { why: 'Store event', rows: sprintChange },
  'sprint.started': { why: 'Store event', rows: sprintChange },
  'sprint.updated': { why: 'Store event', rows: sprintChange },
  'sprint.deleted': { why: 'Store event', rows: sprintChange },
  'project.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'project.updated': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'project.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'account.created': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'account.updated': { why: 'Store event', rows: (event) => [eventRow(event)] },
  'account.deleted': { why: 'Store event', rows: (event) => [eventRow(event)] },
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
