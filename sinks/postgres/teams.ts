/**
 * Teams from configuration: who is in which team (beside what GitHub's team webhooks say:
 * githubTeams.ts), which Jira projects each team owns, and people's hourly rates (no webhook
 * carries those) come from the organization file
 * (sinks/organization.ts, SWITCHYARD_TEAMS_FILE). A member's keys are one person
 * (identities.ts), so the file also links a Slack id to the GitHub account, and may merge two
 * users it proves are one.
 *
 * DECISION: `init()` applies the file after migrations, at every start, and `syncTeams` is
 * exported for a reload without restart. The file is authoritative for what it declares: a team,
 * membership or ownership it declared and no longer does is removed, so applying it twice, or
 * from two workers, ends the same. What GitHub's webhooks say (githubTeams.ts) is not the file's
 * to remove: a team GitHub knows (`github_id`) only stops being the file's, a membership GitHub
 * holds (`from_github`) only loses the file's claim. The file wins where both speak (its name for
 * a team; its members stay whatever GitHub removes). Projects and users are never deleted (events refer to them); an hourly rate is set for
 * members that state one and left alone otherwise (the first one stated wins for a person listed
 * twice).
 */
import type pg from 'pg';
import { parseOrganizationFile, readOrganizationFile, OrganizationFileError, type OrganizationFile, type OrganizationMember } from '../organization.ts';
import { keysOf, keyString, normalizedEmail, resolveIdentities, type IdentityKey, type Sighting } from './identities.ts';

export type TeamsFile = OrganizationFile;
export type TeamMember = OrganizationMember;
export { OrganizationFileError as TeamsFileError };
export const parseTeamsFile = parseOrganizationFile;
export const loadTeamsFile = readOrganizationFile;

/** A member's keys: their GitHub login and Jira account keyed as events key them (identities.ts), their email, their Slack id. */
export function memberKeys(m: TeamMember): IdentityKey[] {
  const account = (source: string, login: string | null, accountId: string | null) => keysOf({ source, login, accountId, displayName: null, email: null });
  const keys: IdentityKey[] = [];
  if (m.github) keys.push(...account('github', m.github, null));
  const email = normalizedEmail(m.email);
  if (email !== null) keys.push({ source: 'email', externalId: email });
  if (m.jira) keys.push(...account('jira', null, m.jira));
  if (m.slack) keys.push({ source: 'slack', externalId: m.slack.trim() });
  return keys;
}

/** Makes teams, memberships, ownerships and rates what the file says, in one transaction. */
export async function syncTeams(client: pg.ClientBase, file: TeamsFile): Promise<void> {
  await client.query('BEGIN');
  try {
    const sightings: Sighting[] = file.teams.flatMap((t) => t.members.map((m) => ({ keys: memberKeys(m), displayName: m.name ?? null, seenAt: null })));
    const users = await resolveIdentities(client, sightings);
    const userOf = (m: TeamMember): string => users.get(keyString(memberKeys(m)[0]!))!;

    const names = file.teams.map((t) => t.name);
    await client.query('DELETE FROM teams WHERE from_file AND github_id IS NULL AND NOT (name = ANY($1::text[]))', [names]);
    await client.query('UPDATE teams SET from_file = false WHERE from_file AND NOT (name = ANY($1::text[]))', [names]);
    const teams = await client.query<{ id: string; name: string }>(
      'INSERT INTO teams (name, from_file) SELECT unnest($1::text[]), true ON CONFLICT (name) DO UPDATE SET from_file = true RETURNING id::text, name',
      [names],
    );
    const teamId = new Map(teams.rows.map((r) => [r.name, r.id]));

    const memberships = new Set(file.teams.flatMap((t) => t.members.map((m) => `${teamId.get(t.name)!}|${userOf(m)}`)));
    await replaceFileMembers(client, [...memberships]);

    const projectNames = new Map<string, string | null>();
    for (const t of file.teams) for (const p of t.projects) if (!projectNames.get(p.key)) projectNames.set(p.key, p.name ?? null);
    await client.query(
      // The file's name wins where it gives one; else Jira's webhooks' (projects.ts).
      `INSERT INTO projects AS p (key, name, file_name) SELECT k, n, n FROM unnest($1::text[], $2::text[]) AS f(k, n)
       ON CONFLICT (key) DO UPDATE SET file_name = excluded.file_name, name = coalesce(excluded.file_name, p.jira_name, p.name)`,
      [[...projectNames.keys()], [...projectNames.values()]],
    );
    const ownerships = new Set(file.teams.flatMap((t) => t.projects.map((p) => `${teamId.get(t.name)!}|${p.key}`)));
    await replacePairs(client, 'project_owners', 'project_key', 'text', [...ownerships]);

    const rates = new Map<string, number>();
    for (const t of file.teams) for (const m of t.members) if (m.hourlyRate !== undefined && !rates.has(userOf(m))) rates.set(userOf(m), m.hourlyRate);
    await client.query(
      `UPDATE users u SET hourly_rate = r.rate FROM unnest($1::bigint[], $2::numeric[]) AS r(id, rate)
        WHERE u.id = r.id AND u.hourly_rate IS DISTINCT FROM r.rate`,
      [[...rates.keys()], [...rates.values()]],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

const split = (pairs: readonly string[]) => [pairs.map((p) => p.slice(0, p.indexOf('|'))), pairs.map((p) => p.slice(p.indexOf('|') + 1))];

/** Makes project_owners hold exactly `pairs` ("teamId|projectKey"): ownership is the file's alone. */
async function replacePairs(client: pg.ClientBase, table: 'project_owners', column: 'project_key', type: 'text', pairs: readonly string[]): Promise<void> {
  const wanted = `unnest($1::bigint[], $2::${type}[]) AS w(team_id, other)`;
  await client.query(`DELETE FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM ${wanted} WHERE w.team_id = t.team_id AND w.other = t.${column})`, split(pairs));
  await client.query(`INSERT INTO ${table} (team_id, ${column}) SELECT * FROM ${wanted} ON CONFLICT DO NOTHING`, split(pairs));
}

/** Makes the file's memberships exactly `pairs` ("teamId|userId"), leaving GitHub's claims alone. */
async function replaceFileMembers(client: pg.ClientBase, pairs: readonly string[]): Promise<void> {
  const wanted = 'unnest($1::bigint[], $2::bigint[]) AS w(team_id, user_id)';
  const unwanted = `from_file AND NOT EXISTS (SELECT 1 FROM ${wanted} WHERE w.team_id = m.team_id AND w.user_id = m.user_id)`;
  await client.query(`DELETE FROM team_members m WHERE ${unwanted} AND NOT from_github`, split(pairs));
  await client.query(`UPDATE team_members m SET from_file = false WHERE ${unwanted}`, split(pairs));
  await client.query(`INSERT INTO team_members AS m (team_id, user_id, from_file) SELECT *, true FROM ${wanted} ON CONFLICT (team_id, user_id) DO UPDATE SET from_file = true`, split(pairs));
}
