/**
 * What the graph keeps of GitHub's organization webhooks, as facts for cypher.ts (through
 * rows.ts's GraphRows): a team's state (name, slug, parent, deleted), a membership
 * (MEMBER_OF), a team's repository (HAS_ACCESS). Organization members and repository
 * collaborators give only their Developer node (rows.ts `developers`): who they are, not a
 * relationship the graph's questions walk.
 *
 * Every fact is state at a time (`at`: the event's occurredAt, the received time — these payloads
 * carry none), and a batch keeps the newest per team, per membership and per team-repository, so
 * a statement never sees two rows for one relationship. teamCypher.ts says how they are applied
 * and why a replay changes nothing.
 */
import type { GitHubTeam } from '../../avro/generated/types.ts';
import type { EventOf } from '../handlers.ts';
import { developerRow, type DeveloperRow, type GraphFact } from './rows.ts';

/** A team as an event names it: its numeric id (the team's identity), and the name and slug it had then. */
export interface TeamRefRow {
  readonly githubId: number;
  readonly name: string;
  readonly slug: string | null;
  readonly organization: string;
}

export interface TeamRow extends TeamRefRow {
  readonly parentKnown: boolean;
  readonly parentId: number | null;
  readonly parentName: string | null;
  readonly deleted: boolean;
  readonly at: number;
}

export interface TeamMemberRow {
  readonly team: TeamRefRow;
  readonly developer: DeveloperRow;
  readonly added: boolean;
  readonly at: number;
  /** The latest removal of this membership in the batch (keepNewestRemembering), even under a newer add; null for none. */
  readonly removedAt: number | null;
}

export interface TeamRepositoryRow {
  readonly team: TeamRefRow;
  readonly repository: string;
  readonly permission: string | null;
  readonly added: boolean;
  readonly at: number;
  /** The latest removal of this access in the batch (keepNewestRemembering), even under a newer add; null for none. */
  readonly removedAt: number | null;
}

const ref = (organization: string, t: GitHubTeam): TeamRefRow => ({ githubId: t.teamId, name: t.name, slug: t.slug, organization });

export function teamRowOf(event: EventOf<'team.created' | 'team.updated' | 'team.deleted'>): TeamRow {
  const { organization, team } = event.payload;
  return { ...ref(organization, team), parentKnown: team.parentKnown, parentId: team.parentId, parentName: team.parentName, deleted: event.type === 'team.deleted', at: event.occurredAt };
}

/** Null when the member names nobody (no login, no id: never from GitHub, whose users have both). */
export function teamMemberRowOf(event: EventOf<'team.member_added' | 'team.member_removed'>): TeamMemberRow | null {
  const { organization, team, member } = event.payload;
  const developer = developerRow(member);
  return developer === null ? null : { team: ref(organization, team), developer, added: event.type === 'team.member_added', at: event.occurredAt, removedAt: event.type === 'team.member_added' ? null : event.occurredAt };
}

export function teamRepositoryRowOf(event: EventOf<'team.repository_added' | 'team.repository_removed'>): TeamRepositoryRow {
  const { organization, team, repository, permission } = event.payload;
  return { team: ref(organization, team), repository, permission, added: event.type === 'team.repository_added', at: event.occurredAt, removedAt: event.type === 'team.repository_added' ? null : event.occurredAt };
}

/** A team, membership or team-repository row: state at a time, an end (`deleted`, `added: false`) or not. */
type Timed = { readonly at: number } & ({ readonly deleted: boolean } | { readonly added: boolean });

const ends = (row: Timed): boolean => ('deleted' in row ? row.deleted : !row.added);

/**
 * Whether `row` replaces `before` as the state of one thing: it is newer, or as new and not
 * undoing an end. At the same millisecond a deletion or removal wins, whatever the order the two
 * arrive in, as teamCypher.ts's statements rule across batches (`removedAt < at`, a deleted team
 * refusing a row as old as its deletion): so a batch, the graph and the audit agree however
 * deliveries are ordered or batched.
 */
export function replaces(before: Timed | undefined, row: Timed): boolean {
  return before === undefined || before.at < row.at || (before.at === row.at && (ends(row) || !ends(before)));
}

/** Of rows about one thing, the one `replaces` keeps, into `held`. */
export function keepNewest<R extends Timed>(held: Map<string, R>, key: string, row: R): void {
  if (replaces(held.get(key), row)) held.set(key, row);
}

/**
 * As keepNewest, for a membership or access: the batch's latest removal of it rides on the row
 * kept (`removedAt`), also when a newer add supersedes it, so the removals the graph remembers
 * (teamCypher.ts `githubRemovals`) do not depend on how deliveries were batched.
 */
export function keepNewestRemembering<R extends TeamMemberRow | TeamRepositoryRow>(held: Map<string, R>, key: string, row: R): void {
  const before = held.get(key);
  const kept = replaces(before, row) ? row : before!;
  const removals = [before?.removedAt, row.removedAt].filter((at): at is number => at !== null && at !== undefined);
  held.set(key, { ...kept, removedAt: removals.length === 0 ? null : Math.max(...removals) });
}

export const teamKey = (row: TeamRow): string => String(row.githubId);
export const teamMemberKey = (row: TeamMemberRow): string => `${row.team.githubId}\u0000${row.developer.key}`;
export const teamRepositoryKey = (row: TeamRepositoryRow): string => `${row.team.githubId}\u0000${row.repository}`;

export const teamFacts = (event: EventOf<'team.created' | 'team.updated' | 'team.deleted'>): GraphFact[] => [{ statement: 'teams', row: teamRowOf(event) }];

export function teamMemberFacts(event: EventOf<'team.member_added' | 'team.member_removed'>): GraphFact[] {
  const row = teamMemberRowOf(event);
  return row === null ? [] : [{ statement: 'teamMembers', row }];
}

export const teamRepositoryFacts = (event: EventOf<'team.repository_added' | 'team.repository_removed'>): GraphFact[] => [{ statement: 'teamRepositories', row: teamRepositoryRowOf(event) }];

/** An organization member or a repository collaborator: their Developer node. */
export function accountFacts(event: EventOf<'organization.member_added' | 'organization.member_removed' | 'repository.collaborator_added' | 'repository.collaborator_updated' | 'repository.collaborator_removed'>): GraphFact[] {
  const developer = developerRow('member' in event.payload ? event.payload.member : event.payload.collaborator);
  return developer === null ? [] : [{ statement: 'developers', row: developer }];
}
