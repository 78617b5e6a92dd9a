/**
 * What PostgreSQL keeps of an event, as plain values: one `PostgresRow` per table it touches.
 * Every event the store keeps claims its id in the `processed_events` ledger; besides, it may name
 * people (each a sighting for identities.ts), a repository, a Jira project, a sprint, and bump one
 * daily counter. The handlers (handlers.ts) say which, per kind; `eventRows` builds them. Pure, so
 * a replay computes exactly the same rows.
 *
 * Counters (developer_daily_activity), per user and UTC day of when it happened in the source:
 * - commits: a distinct pushed commit (not one its source saw before on another branch), its author;
 * - prs_opened / prs_merged: the pull request's author, on the day opened / merged;
 * - reviews: a submitted review, its reviewer;
 * - issues_completed: an issue moved to Done, Closed or Resolved with an assignee (the rule the
 *   vector store's profiles follow too, topology/rules.ts), its assignee; reopening and
 *   finishing again counts again.
 */
import type { EngEvent, Identity } from '../../avro/generated/types.ts';
import type { Kind } from '../handlers.ts';
import type { GitHubOrgRow } from './githubRows.ts';
import type { RepositoryNameRow } from './repositoryNames.ts';
import type { JiraProjectRow } from './projects.ts';
import type { JiraWorkRow } from './jiraWork.ts';
import { sightingOf, type Sighting } from './identities.ts';

export const COUNTERS = ['commits', 'prs_opened', 'prs_merged', 'reviews', 'issues_completed'] as const;
export type Counter = (typeof COUNTERS)[number];

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
  /** future, active or closed, from the sprint's webhooks (sprints.ts); absent from an issue's sighting. */
  readonly state?: string | null;
  /** The webhook time of the lifecycle event or close it comes from; absent from an issue's sighting, which has no time of its own. */
  readonly changedAt?: number | null;
  /** When Jira deleted the sprint (sprint.deleted). */
  readonly deletedAt?: number | null;
}

/** One daily counter of one person bumped by one event (counted only when the event's id is claimed now). */
export interface ActivityRow {
  readonly table: 'developer_daily_activity';
  readonly eventId: string;
  readonly who: Identity;
  /** YYYY-MM-DD, UTC. */
  readonly day: string;
  readonly counter: Counter;
}

export type PostgresRow =
  | { readonly table: 'processed_events'; readonly eventId: string; readonly kind: Kind }
  | { readonly table: 'identities'; readonly sighting: Sighting }
  | { readonly table: 'repositories'; readonly fullName: string; readonly seenAt: number }
  | { readonly table: 'projects'; readonly key: string }
  | { readonly table: 'sprint_velocity'; readonly sprint: SprintRow }
  | ActivityRow
  | GitHubOrgRow
  | RepositoryNameRow
  | JiraWorkRow
  | JiraProjectRow;

export type Table = PostgresRow['table'];
export type RowOf<T extends Table> = Extract<PostgresRow, { table: T }>;

/** The rows of one table, in the order given. */
export function rowsFor<T extends Table>(rows: readonly PostgresRow[], table: T): RowOf<T>[] {
  return rows.filter((row): row is RowOf<T> => row.table === table);
}

/** UTC day of an epoch-ms time; a RangeError (permanent) for a time that is not one. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** What an event tells PostgreSQL beyond its envelope; its handler fills in what its kind has. */
export interface Tells {
  /** People it names besides its actor, each their own sighting (two people in one event are not linked). */
  readonly people?: readonly (Identity | null)[];
  /** Its Jira project, when the payload says it better than the envelope (an issue's own project). */
  readonly projectKey?: string | null;
  readonly sprint?: SprintRow | null;
  /** The counter it bumps: whose, on which time, which. */
  readonly bump?: { readonly who: Identity; readonly at: number; readonly counter: Counter } | null;
  /** What a GitHub organization webhook says of teams, members and access (githubRows.ts). */
  readonly github?: GitHubOrgRow;
  /** What a repository webhook says of its id, state and former name (repositoryNames.ts). */
  readonly repositoryName?: RepositoryNameRow;
  /** What Jira says of issues' projects and of worklogs (jiraWork.ts). */
  readonly jira?: JiraWorkRow | null;
  /** What a Jira project webhook says of its project (projects.ts). */
  readonly jiraProject?: JiraProjectRow;
}

/**
 * The rows of an event: its ledger claim, a sighting of its actor and of each person it names, the
 * repository and project it belongs to, the sprint and the counter its handler found.
 */
export function eventRows(event: EngEvent, tells: Tells = {}): PostgresRow[] {
  const rows: PostgresRow[] = [{ table: 'processed_events', eventId: event.eventId, kind: event.type }];
  for (const identity of [event.actor, ...(tells.people ?? [])]) if (identity !== null) rows.push({ table: 'identities', sighting: sightingOf(identity, event.occurredAt) });
  const repository = repositoryOf(event);
  if (repository !== null) rows.push({ table: 'repositories', fullName: repository, seenAt: event.occurredAt });
  const projectKey = tells.projectKey === undefined ? event.projectKey : tells.projectKey;
  if (projectKey !== null && projectKey !== '') rows.push({ table: 'projects', key: projectKey });
  if (tells.sprint) rows.push({ table: 'sprint_velocity', sprint: tells.sprint });
  if (tells.bump) rows.push({ table: 'developer_daily_activity', eventId: event.eventId, who: tells.bump.who, day: utcDay(tells.bump.at), counter: tells.bump.counter });
  if (tells.github) rows.push(tells.github);
  if (tells.repositoryName) rows.push(tells.repositoryName);
  if (tells.jira) rows.push(tells.jira);
  if (tells.jiraProject) rows.push(tells.jiraProject);
  return rows;
}

/** The repository the event belongs to, if any: the envelope's, or its payload's own. */
export function repositoryOf(event: EngEvent): string | null {
  if (event.repository) return event.repository;
  const payload = event.payload as { repository?: unknown };
  return typeof payload.repository === 'string' && payload.repository !== '' ? payload.repository : null;
}

/** What an issue tells of its sprint: its id, name and project, the rest left for `sprint.closed` to fill. */
export function sprintOfIssue(sprint: { readonly sprintId: number; readonly name: string } | null, projectKey: string): SprintRow | null {
  if (sprint === null) return null;
  return { sprintId: sprint.sprintId, name: sprint.name, boardId: null, projectKey, startAt: null, endAt: null, completedAt: null, committedPoints: null, completedPoints: null, committedIssues: null, completedIssues: null };
}
