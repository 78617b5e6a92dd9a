/**
 * What PostgreSQL keeps of each kind of event (sinks/handlers.ts): people and their identities,
 * repositories, projects, sprints and the daily counters. Every kind it keeps claims its id in
 * `processed_events`, so its rows are never empty; kinds that name no one it keys, no repository
 * and no project it tracks (metrics, alerts, documents, CI runs, comments, dismissed reviews) are
 * `null`. Each `why` is the routing table's cell.
 *
 * The handlers read what an event is: a pull request's author is its author whichever source
 * sent it; identities.ts keys each person by their own source.
 */
import type { Handlers } from '../handlers.ts';
import { completedAssignedIssue } from '../../topology/rules.ts';
import { collaboratorRow, organizationMemberRow, teamMemberRow, teamRepositoryRow, teamRow } from './githubRows.ts';
import { eventRows, sprintOfIssue, type PostgresRow } from './rows.ts';

export const postgresHandlers = {
  'commit.pushed': {
    why: 'Update user stats',
    rows: (event) => {
      const { author, committer, distinct, timestamp } = event.payload;
      // A commit its source saw before on another branch is no new work.
      return eventRows(event, { people: [author, committer], bump: distinct ? { who: author, at: timestamp, counter: 'commits' } : null });
    },
  },
  'ref.pushed': null,
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
  'review.dismissed': null,
  'deployment.created': { why: 'Repository', rows: (event) => eventRows(event, { people: [event.payload.creator] }) },
  'deployment.status_changed': { why: 'Repository', rows: (event) => eventRows(event, { people: [event.payload.creator] }) },
  'workflow_run.completed': null,
  'workflow_job.completed': null,
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
  'issue.created': {
    why: 'Sync project',
    rows: (event) => {
      const { issue } = event.payload;
      return eventRows(event, { people: [issue.assignee, issue.reporter], projectKey: issue.projectKey, sprint: sprintOfIssue(issue.sprint, issue.projectKey) });
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
        bump: completedAssignedIssue(event) && issue.assignee !== null ? { who: issue.assignee, at: event.occurredAt, counter: 'issues_completed' } : null,
      });
    },
  },
  'sprint.closed': {
    why: 'Update velocity',
    rows: (event) => {
      const p = event.payload;
      const sprint = { sprintId: p.sprintId, name: p.name, boardId: p.boardId, projectKey: event.projectKey, startAt: p.startAt, endAt: p.endAt, completedAt: p.completedAt, committedPoints: p.committedPoints, completedPoints: p.completedPoints, committedIssues: p.committedIssues, completedIssues: p.completedIssues };
      return eventRows(event, { sprint });
    },
  },
  'comment.created': null,
  // Who linked joins the identities; the link itself is a dependency, which the guide keeps in Neo4j.
  'issue_link.created': { why: 'Identities', rows: (event) => eventRows(event) },
  'issue_link.deleted': { why: 'Identities', rows: (event) => eventRows(event) },
  'page.created': null,
  'page.updated': null,
  'page.deleted': null,
  'page.undeleted': null,
  'page.moved': null,
  'page_comment.created': null,
  'data_source.created': null,
  'data_source.updated': null,
  'data_source.deleted': null,
  'alert.firing': null,
  'alert.resolved': null,
  'metric.sampled': null,
} satisfies Handlers<PostgresRow>;
