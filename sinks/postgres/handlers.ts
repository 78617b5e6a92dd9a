/**
 * What PostgreSQL keeps of each kind of event (sinks/handlers.ts): people and their identities,
 * repositories, projects, sprints and the daily counters. Every kind it keeps claims its id in
 * `processed_events`, so its rows are never empty. Every kind that names an account (its actor, an
 * author, a reviewer) keeps at least that: any account seen joins the identity mapping, so a
 * Notion editor or a Jira commenter is known before their first issue. Only kinds that name no one
 * (metrics, alerts) are `null`. Each `why` is the routing table's cell.
 *
 * The handlers read what an event is: a pull request's author is its author whichever source
 * sent it; identities.ts keys each person by their own source.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import type { EventOf, Handlers } from '../handlers.ts';
import { completedAssignedIssue } from '../../topology/rules.ts';
import { deletedIssueRow, jiraIssueRow, worklogRow } from './jiraWork.ts';
import { collaboratorRow, organizationMemberRow, teamMemberRow, teamRepositoryRow, teamRow } from './githubRows.ts';
import { jiraProjectRow } from './projects.ts';
import { eventRows, sprintOfIssue, type PostgresRow } from './rows.ts';
import { repositoryNameRow, type RepositoryKind } from './repositoryNames.ts';
import { sprintOfLifecycle } from './sprints.ts';

/** A repository's id, state and former name (repositoryNames.ts), and who changed it. */
const repositoryNames = { why: 'Repositories and their former names', rows: (event: EventOf<RepositoryKind>) => eventRows(event, { repositoryName: repositoryNameRow(event) }) };
/** Kinds whose only news for PostgreSQL is who sent them: they join the identity mapping. */
const identities = { why: 'Identities', rows: (event: EngEvent) => eventRows(event) };

export const postgresHandlers = {
  'commit.pushed': {
    why: 'Update user stats',
    rows: (event) => {
      const { author, committer, distinct, timestamp } = event.payload;
      // A commit its source saw before on another branch is no new work.
      return eventRows(event, { people: [author, committer], bump: distinct ? { who: author, at: timestamp, counter: 'commits' } : null });
    },
  },
  'ref.pushed': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pusher] }) },
  'pull_request.opened': {
    why: 'Identities and repository',
    rows: (event) => {
      const { author, createdAt } = event.payload.pullRequest;
      return eventRows(event, { people: [author], bump: { who: author, at: createdAt, counter: 'prs_opened' } });
    },
  },
  'pull_request.updated': { why: 'Identities and repository', rows: (event) => eventRows(event, { people: [event.payload.pullRequest.author] }) },
  'pull_request.closed': { why: 'Identities and repository', rows: (event) => eventRows(event, { people: [event.payload.pullRequest.author] }) },
  'pull_request.merged': {
    why: 'Update project',
    rows: (event) => {
      const { pullRequest, mergedBy, mergedAt } = event.payload;
      return eventRows(event, { people: [pullRequest.author, mergedBy], bump: { who: pullRequest.author, at: mergedAt, counter: 'prs_merged' } });
    },
  },
  'review.submitted': {
    why: 'Identities',
    rows: (event) => {
      const { reviewer, pullRequestAuthor, submittedAt } = event.payload;
      return eventRows(event, { people: [reviewer, pullRequestAuthor], bump: { who: reviewer, at: submittedAt ?? event.occurredAt, counter: 'reviews' } });
    },
  },
  'review.dismissed': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.reviewer, event.payload.pullRequestAuthor] }) },
  'deployment.created': { why: 'Repository', rows: (event) => eventRows(event, { people: [event.payload.creator] }) },
  'deployment.status_changed': { why: 'Repository', rows: (event) => eventRows(event, { people: [event.payload.creator] }) },
  'workflow_run.completed': identities,
  'workflow_job.completed': identities,
  'issue.opened': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, ...event.payload.assignees] }) },
  'issue.edited': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, ...event.payload.assignees] }) },
  'issue.closed': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, ...event.payload.assignees] }) },
  'issue.reopened': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, ...event.payload.assignees] }) },
  'issue.labeled': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, ...event.payload.assignees] }) },
  'issue.unlabeled': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, ...event.payload.assignees] }) },
  'team.created': { why: 'Teams', rows: (event) => eventRows(event, { github: teamRow(event) }) },
  'team.updated': { why: 'Teams', rows: (event) => eventRows(event, { github: teamRow(event) }) },
  'team.deleted': { why: 'Teams', rows: (event) => eventRows(event, { github: teamRow(event) }) },
  'team.repository_added': { why: 'Team repository access', rows: (event) => eventRows(event, { github: teamRepositoryRow(event) }) },
  'team.repository_removed': { why: 'Team repository access', rows: (event) => eventRows(event, { github: teamRepositoryRow(event) }) },
  'team.member_added': { why: 'Team members and identities', rows: (event) => eventRows(event, { people: [event.payload.member], github: teamMemberRow(event) }) },
  'team.member_removed': { why: 'Team members and identities', rows: (event) => eventRows(event, { people: [event.payload.member], github: teamMemberRow(event) }) },
  'organization.member_added': { why: 'Organization members and identities', rows: (event) => eventRows(event, { people: [event.payload.member], github: organizationMemberRow(event) }) },
  'organization.member_removed': { why: 'Organization members and identities', rows: (event) => eventRows(event, { people: [event.payload.member], github: organizationMemberRow(event) }) },
  'repository.collaborator_added': { why: 'Collaborators and identities', rows: (event) => eventRows(event, { people: [event.payload.collaborator], github: collaboratorRow(event) }) },
  'repository.collaborator_updated': { why: 'Collaborators and identities', rows: (event) => eventRows(event, { people: [event.payload.collaborator], github: collaboratorRow(event) }) },
  'repository.collaborator_removed': { why: 'Collaborators and identities', rows: (event) => eventRows(event, { people: [event.payload.collaborator], github: collaboratorRow(event) }) },
  'repository.created': repositoryNames,
  'repository.renamed': repositoryNames,
  'repository.transferred': repositoryNames,
  'repository.archived': repositoryNames,
  'repository.unarchived': repositoryNames,
  'repository.deleted': repositoryNames,
  'ref.created': identities,
  'ref.deleted': identities,
  'release.published': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  'release.released': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  'release.created': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  'release.edited': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  'release.deleted': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  'release.prereleased': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  'release.unpublished': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  'check_run.completed': identities,
  'check_suite.completed': identities,
  'label.created': identities,
  'label.edited': identities,
  'label.deleted': identities,
  'milestone.created': identities,
  'milestone.opened': identities,
  'milestone.closed': identities,
  'milestone.edited': identities,
  'milestone.deleted': identities,
  'issue_comment.created': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.issueAuthor] }) },
  'issue_comment.edited': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.issueAuthor] }) },
  'issue_comment.deleted': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.issueAuthor] }) },
  'review_comment.created': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.pullRequestAuthor] }) },
  'review_comment.edited': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.pullRequestAuthor] }) },
  'review_comment.deleted': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.pullRequestAuthor] }) },
  'review_thread.resolved': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pullRequestAuthor] }) },
  'review_thread.unresolved': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pullRequestAuthor] }) },
  'commit_comment.created': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  'pull_request.review_requested': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pullRequest.author, event.payload.reviewer] }) },
  'pull_request.review_request_removed': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pullRequest.author, event.payload.reviewer] }) },
  'pull_request.assigned': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pullRequest.author, event.payload.assignee] }) },
  'pull_request.unassigned': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pullRequest.author, event.payload.assignee] }) },
  'pull_request.labeled': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pullRequest.author] }) },
  'pull_request.unlabeled': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.pullRequest.author] }) },
  'issue.created': {
    why: 'Sync project',
    rows: (event) => {
      const { issue } = event.payload;
      return eventRows(event, { people: [issue.assignee, issue.reporter], projectKey: issue.projectKey, sprint: sprintOfIssue(issue.sprint, issue.projectKey), jira: jiraIssueRow(event) });
    },
  },
  'issue.updated': {
    why: 'Sync project',
    rows: (event) => {
      const { issue, assigneeChange } = event.payload;
      return eventRows(event, {
        people: [issue.assignee, issue.reporter, assigneeChange?.from ?? null, assigneeChange?.to ?? null],
        projectKey: issue.projectKey,
        sprint: sprintOfIssue(issue.sprint, issue.projectKey),
        jira: jiraIssueRow(event),
        bump: completedAssignedIssue(event) && issue.assignee !== null ? { who: issue.assignee, at: event.occurredAt, counter: 'issues_completed' } : null,
      });
    },
  },
  'sprint.closed': {
    why: 'Update velocity',
    rows: (event) => {
      const p = event.payload;
      const sprint = { sprintId: p.sprintId, name: p.name, boardId: p.boardId, projectKey: event.projectKey, startAt: p.startAt, endAt: p.endAt, completedAt: p.completedAt, committedPoints: p.committedPoints, completedPoints: p.completedPoints, committedIssues: p.committedIssues, completedIssues: p.completedIssues, state: 'closed', changedAt: event.occurredAt };
      return eventRows(event, { sprint });
    },
  },
  'comment.created': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author] }) },
  // A deleted issue stays in jira_issues, marked, so a late replay cannot revive it; its worklogs
  // leave the project's time spent, as Jira deletes them with the issue.
  'issue.deleted': { why: 'Sync project', rows: (event) => eventRows(event, { jira: deletedIssueRow(event) }) },
  'comment.updated': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.updateAuthor] }) },
  'comment.deleted': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.updateAuthor] }) },
  'worklog.created': { why: 'Time spent (hours × rate) and identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.updateAuthor], jira: worklogRow(event) }) },
  'worklog.updated': { why: 'Time spent (hours × rate) and identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.updateAuthor], jira: worklogRow(event) }) },
  'worklog.deleted': { why: 'Time spent (hours × rate) and identities', rows: (event) => eventRows(event, { people: [event.payload.author, event.payload.updateAuthor], jira: worklogRow(event) }) },
  // Who released joins the identities; the project is named by Jira id only (queries.ts projectKeyOfJiraId).
  'version.released': identities,
  // Who linked joins the identities; the link itself is a dependency, which the guide keeps in Neo4j.
  'issue_link.created': { why: 'Identities', rows: (event) => eventRows(event) },
  'issue_link.deleted': { why: 'Identities', rows: (event) => eventRows(event) },
  // The sprint as it is after the change (sprints.ts); who changed it joins the identities.
  'sprint.created': { why: 'Sprints', rows: (event) => eventRows(event, { sprint: sprintOfLifecycle(event.payload.sprint, event.occurredAt, false) }) },
  'sprint.started': { why: 'Sprints', rows: (event) => eventRows(event, { sprint: sprintOfLifecycle(event.payload.sprint, event.occurredAt, false) }) },
  'sprint.updated': { why: 'Sprints', rows: (event) => eventRows(event, { sprint: sprintOfLifecycle(event.payload.sprint, event.occurredAt, false) }) },
  'sprint.deleted': { why: 'Sprints', rows: (event) => eventRows(event, { sprint: sprintOfLifecycle(event.payload.sprint, event.occurredAt, true) }) },
  // The project's Jira id and name beside the file's (projects.ts); its lead joins the identities.
  'project.created': { why: 'Projects and identities', rows: (event) => eventRows(event, { people: [event.payload.lead], jiraProject: jiraProjectRow(event) }) },
  'project.updated': { why: 'Projects and identities', rows: (event) => eventRows(event, { people: [event.payload.lead], jiraProject: jiraProjectRow(event) }) },
  'project.deleted': { why: 'Projects and identities', rows: (event) => eventRows(event, { people: [event.payload.lead], jiraProject: jiraProjectRow(event) }) },
  // The account joins the identity mapping: with an email, it meets whoever else carries it (identities.ts).
  'account.created': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.account] }) },
  'account.updated': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.account] }) },
  'account.deleted': { why: 'Identities', rows: (event) => eventRows(event, { people: [event.payload.account] }) },
  'page.created': identities,
  'page.updated': identities,
  'page.deleted': identities,
  'page.undeleted': identities,
  'page.moved': identities,
  'page_comment.created': identities,
  'data_source.created': identities,
  'data_source.updated': identities,
  'data_source.deleted': identities,
  'alert.firing': null,
  'alert.resolved': null,
  'metric.sampled': null,
} satisfies Handlers<PostgresRow>;
