/**
 * What PostgreSQL keeps of each event, as plain values: who appears in it (sightings), the
 * repository and project it names, the sprint it mentions, and which daily counter it bumps.
 * Pure functions of the event, so a replay computes exactly the same rows.
 *
 * Counters (developer_daily_activity), per user and UTC day of when it happened in the source:
 * - commits: a distinct pushed commit (not one GitHub saw before on another branch), its author;
 * - prs_opened / prs_merged: the pull request's author, on the day opened / merged;
 * - reviews: a submitted review, its reviewer;
 * - issues_completed: a Jira issue moved to Done, Closed or Resolved with an assignee (the same
 *   rule as the vector sink's routing), its assignee; reopening and finishing again counts again.
 */
import type { EngEvent, Identity } from '../../avro/generated/types.ts';
import { completedAssignedIssue } from '../../topology/routing.ts';
import { sightingOf, type Sighting } from './identities.ts';

export const COUNTERS = ['commits', 'prs_opened', 'prs_merged', 'reviews', 'issues_completed'] as const;
export type Counter = (typeof COUNTERS)[number];

export interface CounterBump {
  readonly who: Identity;
  /** YYYY-MM-DD, UTC. */
  readonly day: string;
  readonly counter: Counter;
}

export interface SprintRow {
  readonly sprintId: number;
  readonly name: string | null;
  readonly boardId: number | null;
  readonly projectKey: string | null;
  readonly startAt: number | null;
  readonly endAt: number | null;
  readonly completedAt: number | null;
  readonly committedPoints: number | null;
  readonly completedPoints: number | null;
  readonly committedIssues: number | null;
  readonly completedIssues: number | null;
}

/** UTC day of an epoch-ms time; a RangeError (permanent) for a time that is not one. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Every person the event names, each its own sighting (two people in one event are not linked). */
export function identitiesIn(event: EngEvent): Identity[] {
  const found: (Identity | null)[] = [event.actor];
  switch (event.type) {
    case 'commit.pushed':
      found.push(event.payload.author, event.payload.committer);
      break;
    case 'pull_request.opened':
    case 'pull_request.updated':
    case 'pull_request.closed':
      found.push(event.payload.pullRequest.author);
      break;
    case 'pull_request.merged':
      found.push(event.payload.pullRequest.author, event.payload.mergedBy);
      break;
    case 'review.submitted':
    case 'review.dismissed':
      found.push(event.payload.reviewer, event.payload.pullRequestAuthor);
      break;
    case 'deployment.created':
    case 'deployment.status_changed':
      found.push(event.payload.creator);
      break;
    case 'issue.opened':
    case 'issue.edited':
    case 'issue.closed':
      found.push(event.payload.author, ...event.payload.assignees);
      break;
    case 'issue.created':
      found.push(event.payload.issue.assignee, event.payload.issue.reporter);
      break;
    case 'issue.updated':
      found.push(event.payload.issue.assignee, event.payload.issue.reporter, event.payload.assigneeChange?.from ?? null, event.payload.assigneeChange?.to ?? null);
      break;
    case 'comment.created':
      found.push(event.payload.author);
      break;
    default:
      break;
  }
  return found.filter((identity): identity is Identity => identity !== null);
}

export const sightingsIn = (event: EngEvent): Sighting[] => identitiesIn(event).map((identity) => sightingOf(identity, event.occurredAt));

/** The GitHub repository the event belongs to, if any. */
export function repositoryOf(event: EngEvent): string | null {
  if (event.repository) return event.repository;
  const payload = event.payload as { repository?: unknown };
  return typeof payload.repository === 'string' && payload.repository !== '' ? payload.repository : null;
}

/** The Jira project the event belongs to, if any. */
export function projectKeyOf(event: EngEvent): string | null {
  if (event.type === 'issue.created' || event.type === 'issue.updated') return event.payload.issue.projectKey;
  return event.projectKey;
}

/** The sprint the event tells about: all of it for a closed sprint, name and project for an issue in one. */
export function sprintOf(event: EngEvent): SprintRow | null {
  if (event.type === 'sprint.closed') {
    const p = event.payload;
    return { sprintId: p.sprintId, name: p.name, boardId: p.boardId, projectKey: event.projectKey, startAt: p.startAt, endAt: p.endAt, completedAt: p.completedAt, committedPoints: p.committedPoints, completedPoints: p.completedPoints, committedIssues: p.committedIssues, completedIssues: p.completedIssues };
  }
  if (event.type === 'issue.created' || event.type === 'issue.updated') {
    const sprint = event.payload.issue.sprint;
    if (sprint === null) return null;
    return { sprintId: sprint.sprintId, name: sprint.name, boardId: null, projectKey: event.payload.issue.projectKey, startAt: null, endAt: null, completedAt: null, committedPoints: null, completedPoints: null, committedIssues: null, completedIssues: null };
  }
  return null;
}

/** The daily counter the event bumps, if any (see the table above). */
export function counterBumpOf(event: EngEvent): CounterBump | null {
  switch (event.type) {
    case 'commit.pushed':
      return event.payload.distinct ? { who: event.payload.author, day: utcDay(event.payload.timestamp), counter: 'commits' } : null;
    case 'pull_request.opened':
      return { who: event.payload.pullRequest.author, day: utcDay(event.payload.pullRequest.createdAt), counter: 'prs_opened' };
    case 'pull_request.merged':
      return { who: event.payload.pullRequest.author, day: utcDay(event.payload.mergedAt), counter: 'prs_merged' };
    case 'review.submitted':
      return { who: event.payload.reviewer, day: utcDay(event.payload.submittedAt ?? event.occurredAt), counter: 'reviews' };
    case 'issue.updated':
      return completedAssignedIssue(event) && event.payload.issue.assignee !== null ? { who: event.payload.issue.assignee, day: utcDay(event.occurredAt), counter: 'issues_completed' } : null;
    default:
      return null;
  }
}
