/**
 * Hand-built team webhooks for the Neo4j stack tests of team access and membership (a team given
 * or losing a repository, a member added or removed), shaped as topology/github's normalizer
 * makes them, with the ids it would give them (team, repository or member, and the delivery id:
 * here `at` stands in for it, one delivery per time).
 */
import type { EngEvent, GitHubTeam, Identity } from '../../../avro/generated/types.ts';
import { envelope } from '../../testing/envelope.ts';

export const teamRef = (teamId: number, name: string): GitHubTeam => ({ teamId, name, slug: name.toLowerCase(), parentKnown: false, parentId: null, parentName: null });

/** Team `team` given `repository` with `permission` (null: taken away) at `at`. */
export function teamAccess(team: GitHubTeam, repository: string, permission: string | null, at: number): EngEvent {
  const type = permission === null ? 'team.repository_removed' : 'team.repository_added';
  return envelope(type, `github.${type}:${team.teamId}:${repository}:${at}`, at, { organization: 'acme', team, repository, permission }, { repository });
}

const account = (login: string): Identity => ({ source: 'github', accountId: String(login.length * 1000 + login.charCodeAt(0)), login, displayName: null, email: null });

/** `login` added to (`added`) or removed from team `team` at `at`. */
export function teamMembership(team: GitHubTeam, login: string, added: boolean, at: number): EngEvent {
  const type = added ? 'team.member_added' : 'team.member_removed';
  return envelope(type, `github.${type}:${team.teamId}:${login}:${at}`, at, { organization: 'acme', team, member: account(login), teamDeleted: false });
}

/** Team `team` (its new name) renamed from `previousName` at `at`. */
export function teamRenamed(team: GitHubTeam, previousName: string, at: number): EngEvent {
  return envelope('team.updated', `github.team.updated:${team.teamId}:${at}`, at, { organization: 'acme', team, previousName });
}
