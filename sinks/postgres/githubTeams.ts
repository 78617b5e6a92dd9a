/**
 * Applies GitHub's organization webhooks (githubRows.ts) to teams, team_members,
 * team_repositories, organization_members and repository_collaborators, in the batch's
 * transaction (sink.ts), after identities are resolved.
 *
 * WHICH TEAM. A GitHub team is its numeric id (`teams.github_id`): a rename changes the name of
 * that row, so its members stay. A team not yet known by id meets the team of the same name —
 * the organization file's `Platform` and GitHub's `Platform` are one team; a row that was a
 * deleted GitHub team's is taken over by a new team of its name. A rename onto a name another
 * row holds (or a rename of a team the file declares, whose name the file owns) moves the GitHub
 * side — the id, GitHub's memberships and repositories — to the row of the new name, and leaves
 * the file's row with what the file declares.
 *
 * WHICH WINS. The organization file is the override, and the only source of hourly rates and
 * project ownership: every team and membership row says whether the file declares it
 * (`from_file`) and whether GitHub does (`from_github`). A webhook removal takes back GitHub's
 * claim only; a row the file still declares stays. teams.ts does the same the other way round.
 *
 * DELETED. A team deleted on GitHub is marked (`github_deleted_at`), its GitHub memberships and
 * repositories removed; the row stays as a tombstone, because `team.repository_*` webhooks are
 * keyed by repository, not organization, so they may be replayed after the deletion, and the
 * tombstone's time is what tells them they are older. A file team stays live.
 *
 * REPLAY. Each row is state at a time (the received time); a row older than what a table holds
 * for it (`github_at`), or than its last removal (`github_removals`: removed rows are deleted, the
 * removal's time stays), is ignored, a row as old or newer is applied, so applying a batch again,
 * or an older batch after a newer one, changes nothing. An organization's team and membership
 * webhooks share one partition (keyed by organization.login) and arrive in order.
 *
 * Statements per row rather than one per table: team changes are administrators' acts, a few a
 * day, and the rename and meet rules are per team.
 */
import type pg from 'pg';
import type { Identity } from '../../avro/generated/types.ts';
import { identityKey } from '../identity.ts';
import { userOf, type UserId } from './identities.ts';
import { newestBy, type GitHubOrgRow, type TeamRef } from './githubRows.ts';

type RowOf<T extends GitHubOrgRow['table']> = Extract<GitHubOrgRow, { table: T }>;

const iso = (ms: number): string => new Date(ms).toISOString();

export async function applyGitHubOrgRows(client: pg.ClientBase, rows: readonly GitHubOrgRow[], users: ReadonlyMap<string, UserId>): Promise<void> {
  const of = <T extends GitHubOrgRow['table']>(table: T) => rows.filter((r): r is RowOf<T> => r.table === table);
  await recordRemovals(client, rows);
  for (const row of newestBy(of('github_teams'), (r) => String(r.team.githubId))) await applyTeam(client, row);
  for (const row of newestBy(of('github_team_members'), (r) => `${r.team.githubId}|${userOf(r.who, users)}`)) await applyMembership(client, row, users);
  for (const row of newestBy(of('github_team_repositories'), (r) => `${r.team.githubId}|${r.repository}`)) await applyTeamRepository(client, row);
  for (const row of newestBy(of('organization_members'), (r) => `${r.organization}|${userOf(r.who, users)}`)) {
    await applyAccess(client, { table: 'organization_members', what: 'organization_member', scope: 'organization', value: row.organization, extra: 'role', extraValue: row.role }, row, users);
  }
  for (const row of newestBy(of('repository_collaborators'), (r) => `${r.repository}|${userOf(r.who, users)}`)) {
    await applyAccess(client, { table: 'repository_collaborators', what: 'collaborator', scope: 'repository', value: row.repository, extra: 'permission', extraValue: row.permission }, row, users);
  }
}

type Removable = 'team_member' | 'team_repository' | 'organization_member' | 'collaborator';

/** A person as a removal remembers them: GitHub's numeric id, which survives a rename of the login. */
const subjectOf = (who: Identity): string => (who.accountId ? `github_id:${who.accountId}` : (identityKey(who) ?? ''));

/** Whether GitHub removed the thing at or after `at`: an add that old is stale. */
async function removedSince(client: pg.ClientBase, what: Removable, scope: string, subject: string, at: number): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM github_removals WHERE what = $1 AND scope = $2 AND subject = $3 AND removed_at >= $4', [what, scope, subject, iso(at)]);
  return found.rows.length > 0;
}

/**
 * Remembers every removal of the batch, in one statement, before any row is applied: also one a
 * newer add of the batch supersedes, so the removals held do not depend on how deliveries were
 * batched, and the adds applied after it meet it (removedSince). The latest time per thing wins.
 */
async function recordRemovals(client: pg.ClientBase, rows: readonly GitHubOrgRow[]): Promise<void> {
  const latest = new Map<string, { what: Removable; scope: string; subject: string; at: number }>();
  for (const row of rows) {
    const removal = removalOf(row);
    if (removal === undefined) continue;
    const key = JSON.stringify([removal.what, removal.scope, removal.subject]);
    if ((latest.get(key)?.at ?? -Infinity) < row.at) latest.set(key, { ...removal, at: row.at });
  }
  if (latest.size === 0) return;
  const list = [...latest.values()];
  await client.query(
    `INSERT INTO github_removals AS r (what, scope, subject, removed_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
     ON CONFLICT (what, scope, subject) DO UPDATE SET removed_at = greatest(r.removed_at, excluded.removed_at)`,
    [list.map((r) => r.what), list.map((r) => r.scope), list.map((r) => r.subject), list.map((r) => iso(r.at))],
  );
}

interface HeldTeam {
  readonly id: string;
  readonly name: string;
  readonly from_file: boolean;
  readonly github_at: Date | null;
  readonly github_deleted_at: Date | null;
}

async function teamByGithubId(client: pg.ClientBase, githubId: number): Promise<HeldTeam | undefined> {
  const found = await client.query<HeldTeam>('SELECT id::text, name, from_file, github_at, github_deleted_at FROM teams WHERE github_id = $1 FOR UPDATE', [githubId]);
  return found.rows[0];
}

/** The row of the team of this name, making one if there is none. */
async function teamNamed(client: pg.ClientBase, name: string): Promise<string> {
  const made = await client.query<{ id: string }>('INSERT INTO teams AS t (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = t.name RETURNING id::text', [name]);
  return made.rows[0]!.id;
}

/** Moves GitHub's side of team `from` (its id, memberships, repositories) to team `to`; drops `from` unless the file declares it. */
async function moveGitHubSide(client: pg.ClientBase, from: HeldTeam, to: string): Promise<void> {
  await client.query(
    `INSERT INTO team_members AS m (team_id, user_id, from_file, from_github, github_at)
     SELECT $2, user_id, false, true, github_at FROM team_members WHERE team_id = $1 AND from_github
     ON CONFLICT (team_id, user_id) DO UPDATE SET from_github = true, github_at = excluded.github_at`,
    [from.id, to],
  );
  await client.query(
    `INSERT INTO team_repositories AS r (team_id, repository, permission, github_at)
     SELECT $2, repository, permission, github_at FROM team_repositories WHERE team_id = $1
     ON CONFLICT (team_id, repository) DO UPDATE SET permission = excluded.permission, github_at = excluded.github_at`,
    [from.id, to],
  );
  await dropGitHubSide(client, from.id);
  await client.query('UPDATE teams SET github_id = NULL, slug = NULL, organization = NULL, parent_github_id = NULL, github_at = NULL, github_deleted_at = NULL WHERE id = $1', [from.id]);
  if (!from.from_file) await client.query('DELETE FROM teams WHERE id = $1', [from.id]);
}

/** Takes back GitHub's memberships and repositories of a team, leaving what the file declares. */
async function dropGitHubSide(client: pg.ClientBase, teamId: string): Promise<void> {
  await client.query('DELETE FROM team_members WHERE team_id = $1 AND from_github AND NOT from_file', [teamId]);
  await client.query('UPDATE team_members SET from_github = false WHERE team_id = $1 AND from_github', [teamId]);
  await client.query('DELETE FROM team_repositories WHERE team_id = $1', [teamId]);
}

async function applyTeam(client: pg.ClientBase, row: RowOf<'github_teams'>): Promise<void> {
  const { team, at } = row;
  const held = await teamByGithubId(client, team.githubId);
  // Older than what the row holds; or as old, and undoing its deletion (at the same millisecond a
  // deletion wins, whatever order the two arrive in, as a removal does: removedSince).
  if (held?.github_at && (held.github_at.getTime() > at || (held.github_at.getTime() === at && held.github_deleted_at !== null && !row.deleted))) return;
  let id: string;
  if (held === undefined) {
    id = await teamNamed(client, team.name);
    // A row of that name that was another GitHub team's (deleted, or renamed away unseen) is this team's now.
  } else if (held.name === team.name) {
    id = held.id;
  } else {
    const other = await client.query<{ id: string }>('SELECT id::text FROM teams WHERE name = $1', [team.name]);
    if (other.rows.length === 0 && !held.from_file) {
      await client.query('UPDATE teams SET name = $2 WHERE id = $1', [held.id, team.name]);
      id = held.id;
    } else {
      id = other.rows[0]?.id ?? (await teamNamed(client, team.name));
      await moveGitHubSide(client, held, id);
    }
  }
  await client.query(
    `UPDATE teams SET github_id = $2, slug = coalesce($3, slug), organization = $4,
            parent_github_id = CASE WHEN $5 THEN $6::bigint ELSE parent_github_id END,
            github_at = $7, github_deleted_at = CASE WHEN $8 THEN $7::timestamptz ELSE NULL END
      WHERE id = $1`,
    [id, team.githubId, team.slug, team.organization, row.parentKnown, row.parentId, iso(at), row.deleted],
  );
  if (row.deleted) await dropGitHubSide(client, id);
}

/**
 * The row of a team a membership or repository webhook names, made from what it says when no
 * team webhook came first (repository webhooks travel in their repository's partition). Its
 * `github_at` stays null, so the team's own webhooks, whatever their time, still apply.
 */
async function teamFor(client: pg.ClientBase, team: TeamRef): Promise<HeldTeam> {
  const held = await teamByGithubId(client, team.githubId);
  if (held !== undefined) return held;
  const id = await teamNamed(client, team.name);
  await client.query('UPDATE teams SET github_id = $2, slug = coalesce($3, slug), organization = $4, github_deleted_at = NULL WHERE id = $1', [id, team.githubId, team.slug, team.organization]);
  return (await teamByGithubId(client, team.githubId))!;
}

/** Whether an add at `at` comes after the team's deletion (a deleted team takes no members). */
const deletedBy = (team: HeldTeam, at: number): boolean => team.github_deleted_at !== null && team.github_deleted_at.getTime() >= at;

async function applyMembership(client: pg.ClientBase, row: RowOf<'github_team_members'>, users: ReadonlyMap<string, UserId>): Promise<void> {
  const user = userOf(row.who, users);
  if (user === undefined) return;
  if (!row.added && (await teamByGithubId(client, row.team.githubId)) === undefined) return; // nothing to remove
  const scope = String(row.team.githubId);
  if (row.added && (await removedSince(client, 'team_member', scope, subjectOf(row.who), row.at))) return;
  const team = await teamFor(client, row.team);
  const params = [team.id, user, iso(row.at)];
  if (row.added) {
    if (deletedBy(team, row.at)) return;
    await client.query(
      `INSERT INTO team_members AS m (team_id, user_id, from_file, from_github, github_at) VALUES ($1, $2, false, true, $3)
       ON CONFLICT (team_id, user_id) DO UPDATE SET from_github = true, github_at = excluded.github_at
        WHERE m.github_at IS NULL OR m.github_at <= excluded.github_at`,
      params,
    );
    return;
  }
  await client.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2 AND NOT from_file AND (github_at IS NULL OR github_at <= $3)', params);
  await client.query('UPDATE team_members SET from_github = false, github_at = $3 WHERE team_id = $1 AND user_id = $2 AND from_file AND (github_at IS NULL OR github_at <= $3)', params);
}

/** What a removal row removes, as github_removals keys it; undefined for a row that removes nothing. */
function removalOf(row: GitHubOrgRow): { what: Removable; scope: string; subject: string } | undefined {
  if (!('added' in row) || row.added) return undefined;
  switch (row.table) {
    case 'github_team_members':
      return { what: 'team_member', scope: String(row.team.githubId), subject: subjectOf(row.who) };
    case 'github_team_repositories':
      return { what: 'team_repository', scope: String(row.team.githubId), subject: row.repository };
    case 'organization_members':
      return { what: 'organization_member', scope: row.organization, subject: subjectOf(row.who) };
    case 'repository_collaborators':
      return { what: 'collaborator', scope: row.repository, subject: subjectOf(row.who) };
  }
}

async function applyTeamRepository(client: pg.ClientBase, row: RowOf<'github_team_repositories'>): Promise<void> {
  const scope = String(row.team.githubId);
  if (row.added && (await removedSince(client, 'team_repository', scope, row.repository, row.at))) return;
  if (!row.added && (await teamByGithubId(client, row.team.githubId)) === undefined) return;
  const team = await teamFor(client, row.team);
  if (!row.added) {
    await client.query('DELETE FROM team_repositories WHERE team_id = $1 AND repository = $2 AND github_at <= $3', [team.id, row.repository, iso(row.at)]);
    return;
  }
  if (deletedBy(team, row.at)) return;
  await client.query(
    `INSERT INTO team_repositories AS r (team_id, repository, permission, github_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (team_id, repository) DO UPDATE SET permission = coalesce(excluded.permission, r.permission), github_at = excluded.github_at
      WHERE r.github_at <= excluded.github_at`,
    [team.id, row.repository, row.permission, iso(row.at)],
  );
}

interface AccessTable {
  readonly table: 'organization_members' | 'repository_collaborators';
  readonly what: Removable;
  readonly scope: 'organization' | 'repository';
  readonly value: string;
  readonly extra: 'role' | 'permission';
  readonly extraValue: string | null;
}

/** An organization member or repository collaborator: added (or changed) is an upsert, removed a delete, both newer-wins. */
async function applyAccess(client: pg.ClientBase, t: AccessTable, row: { readonly who: Identity; readonly added: boolean; readonly at: number }, users: ReadonlyMap<string, UserId>): Promise<void> {
  const user = userOf(row.who, users);
  if (user === undefined) return;
  if (row.added && (await removedSince(client, t.what, t.value, subjectOf(row.who), row.at))) return;
  if (!row.added) {
    await client.query(`DELETE FROM ${t.table} WHERE ${t.scope} = $1 AND user_id = $2 AND github_at <= $3`, [t.value, user, iso(row.at)]);
    return;
  }
  await client.query(
    `INSERT INTO ${t.table} AS a (${t.scope}, user_id, ${t.extra}, github_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (${t.scope}, user_id) DO UPDATE SET ${t.extra} = coalesce(excluded.${t.extra}, a.${t.extra}), github_at = excluded.github_at
      WHERE a.github_at <= excluded.github_at`,
    [t.value, user, t.extraValue, iso(row.at)],
  );
}
