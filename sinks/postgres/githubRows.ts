/**
 * The rows GitHub's organization webhooks give PostgreSQL (githubTeams.ts applies them): a team's
 * state, a membership, a team's repository, an organization member, a repository collaborator.
 * Each is a statement of state at a time (`at`, the event's occurredAt, the received time: the
 * payloads carry none), not a delta, so applying one again changes nothing and an older one is
 * ignored where a newer one was applied. Pure, like rows.ts.
 */
import type { EventOf } from '../handlers.ts';
import type { GitHubTeam, Identity } from '../../avro/generated/types.ts';

/** A team as an event names it: its numeric id, and the name and slug it had then. */
export interface TeamRef {
  readonly githubId: number;
  readonly name: string;
  readonly slug: string | null;
  readonly organization: string;
}

export type GitHubOrgRow =
  | { readonly table: 'github_teams'; readonly team: TeamRef; readonly parentKnown: boolean; readonly parentId: number | null; readonly deleted: boolean; readonly at: number }
  | { readonly table: 'github_team_members'; readonly team: TeamRef; readonly who: Identity; readonly added: boolean; readonly at: number }
  | { readonly table: 'github_team_repositories'; readonly team: TeamRef; readonly repository: string; readonly permission: string | null; readonly added: boolean; readonly at: number }
  | { readonly table: 'organization_members'; readonly organization: string; readonly who: Identity; readonly role: string | null; readonly added: boolean; readonly at: number }
  | { readonly table: 'repository_collaborators'; readonly repository: string; readonly who: Identity; readonly permission: string | null; readonly added: boolean; readonly at: number };

const ref = (organization: string, t: GitHubTeam): TeamRef => ({ githubId: t.teamId, name: t.name, slug: t.slug, organization });

export function teamRow(event: EventOf<'team.created' | 'team.updated' | 'team.deleted'>): GitHubOrgRow {
  const p = event.payload;
  return { table: 'github_teams', team: ref(p.organization, p.team), parentKnown: p.team.parentKnown, parentId: p.team.parentId, deleted: event.type === 'team.deleted', at: event.occurredAt };
}

export function teamMemberRow(event: EventOf<'team.member_added' | 'team.member_removed'>): GitHubOrgRow {
  const p = event.payload;
  return { table: 'github_team_members', team: ref(p.organization, p.team), who: p.member, added: event.type === 'team.member_added', at: event.occurredAt };
}

export function teamRepositoryRow(event: EventOf<'team.repository_added' | 'team.repository_removed'>): GitHubOrgRow {
  const p = event.payload;
  return { table: 'github_team_repositories', team: ref(p.organization, p.team), repository: p.repository, permission: p.permission, added: event.type === 'team.repository_added', at: event.occurredAt };
}

export function organizationMemberRow(event: EventOf<'organization.member_added' | 'organization.member_removed'>): GitHubOrgRow {
  const p = event.payload;
  return { table: 'organization_members', organization: p.organization, who: p.member, role: p.role, added: event.type === 'organization.member_added', at: event.occurredAt };
}

export function collaboratorRow(event: EventOf<'repository.collaborator_added' | 'repository.collaborator_updated' | 'repository.collaborator_removed'>): GitHubOrgRow {
  const p = event.payload;
  return { table: 'repository_collaborators', repository: p.repository, who: p.collaborator, permission: p.permission, added: event.type !== 'repository.collaborator_removed', at: event.occurredAt };
}

/**
 * How final a row's state is, for ties: a deletion or removal (`deleted`, `added: false`) outranks
 * the state it ends. At the same millisecond the more final row wins, whatever order the two
 * arrive in, as the statements rule between batches (a removal recorded `>= at`).
 */
export const finality = (row: object): number => (('deleted' in row && row.deleted === true) || ('added' in row && row.added === false) ? 1 : 0);

/**
 * Of rows about the same thing (`keyOf`), the newest (`at`; at the same time the higher `rank`,
 * then the later row): the state a batch ends with, so no statement touches one row twice.
 */
export function newestBy<R extends { readonly at: number }>(rows: readonly R[], keyOf: (row: R) => string, rank: (row: R) => number = finality): R[] {
  const newest = new Map<string, R>();
  for (const row of rows) {
    const held = newest.get(keyOf(row));
    if (held === undefined || held.at < row.at || (held.at === row.at && rank(held) <= rank(row))) newest.set(keyOf(row), row);
  }
  return [...newest.values()];
}

const ORG_TABLES: ReadonlySet<string> = new Set<GitHubOrgRow['table']>(['github_teams', 'github_team_members', 'github_team_repositories', 'organization_members', 'repository_collaborators']);

/** The GitHub organization rows among a batch's rows. */
export function githubOrgRowsOf(rows: readonly { readonly table: string }[]): GitHubOrgRow[] {
  return rows.filter((row): row is GitHubOrgRow => ORG_TABLES.has(row.table));
}
