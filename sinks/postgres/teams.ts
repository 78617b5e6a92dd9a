/**
 * Teams from configuration: webhooks carry no team data, so who is in which team, which Jira
 * projects each team owns, and people's hourly rates come from SWITCHYARD_TEAMS_FILE, e.g.
 *
 *     { "teams": [ { "name": "Team Alpha",
 *                    "members": [ { "github": "johndoe", "email": "john@acme.io", "slack": "U024BE7LH", "hourlyRate": 95 } ],
 *                    "projects": [ { "key": "PROJ", "name": "Project Phoenix" }, "OPS" ] } ] }
 *
 * JSON, not YAML: no parser to add, and the file is short. A member names at least one of
 * github, email, jira (accountId) or slack; those keys are one person (identities.ts), so the
 * file also links a Slack id to the GitHub account, and may merge two users it proves are one.
 *
 * DECISION: `init()` applies the file after migrations, at every start, and `syncTeams` is
 * exported for a reload without restart. The file is authoritative: a team, membership or
 * ownership missing from it is removed, so applying it twice, or from two workers, ends the
 * same. Projects and users are never deleted (events refer to them); an hourly rate is set for
 * members that state one and left alone otherwise (the first one stated wins for a person listed
 * twice).
 */
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { z } from 'zod';
import { keyString, normalizedEmail, resolveIdentities, type IdentityKey, type Sighting } from './identities.ts';

const member = z
  .object({
    github: z.string().min(1).optional(),
    email: z.email().optional(),
    jira: z.string().min(1).optional(),
    slack: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    hourlyRate: z.number().nonnegative().optional(),
  })
  .strict()
  .refine((m) => m.github ?? m.email ?? m.jira ?? m.slack, 'a member needs github, email, jira or slack');

const project = z.union([z.string().min(1).transform((key) => ({ key, name: undefined as string | undefined })), z.object({ key: z.string().min(1), name: z.string().min(1).optional() }).strict()]);

const teamsFileSchema = z
  .object({
    teams: z.array(z.object({ name: z.string().min(1), members: z.array(member).default([]), projects: z.array(project).default([]) }).strict()),
  })
  .strict()
  .refine((file) => new Set(file.teams.map((t) => t.name)).size === file.teams.length, 'team names must be unique');

export type TeamsFile = z.output<typeof teamsFileSchema>;
export type TeamMember = z.output<typeof member>;

export class TeamsFileError extends Error {
  override readonly name = 'TeamsFileError';
}

/** Parses a teams file's contents; errors name the variable, the file and the JSON path. */
export function parseTeamsFile(text: string, path = '(inline)'): TeamsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TeamsFileError(`SWITCHYARD_TEAMS_FILE ${path}: not JSON: ${(error as Error).message}`);
  }
  const parsed = teamsFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(file)'}: ${issue.message}`);
    throw new TeamsFileError(`SWITCHYARD_TEAMS_FILE ${path}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export async function loadTeamsFile(path: string): Promise<TeamsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TeamsFileError(`SWITCHYARD_TEAMS_FILE ${path}: cannot read: ${(error as Error).message}`);
  }
  return parseTeamsFile(text, path);
}

export function memberKeys(m: TeamMember): IdentityKey[] {
  const keys: IdentityKey[] = [];
  if (m.github) keys.push({ source: 'github', externalId: m.github.trim().toLowerCase() });
  const email = normalizedEmail(m.email);
  if (email !== null) keys.push({ source: 'email', externalId: email });
  if (m.jira) keys.push({ source: 'jira', externalId: m.jira.trim() });
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
    await client.query('DELETE FROM teams WHERE NOT (name = ANY($1::text[]))', [names]);
    const teams = await client.query<{ id: string; name: string }>(
      'INSERT INTO teams (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id::text, name',
      [names],
    );
    const teamId = new Map(teams.rows.map((r) => [r.name, r.id]));

    const memberships = new Set(file.teams.flatMap((t) => t.members.map((m) => `${teamId.get(t.name)!}|${userOf(m)}`)));
    await replacePairs(client, 'team_members', 'user_id', 'bigint', [...memberships]);

    const projectNames = new Map<string, string | null>();
    for (const t of file.teams) for (const p of t.projects) if (!projectNames.get(p.key)) projectNames.set(p.key, p.name ?? null);
    await client.query(
      `INSERT INTO projects AS p (key, name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (key) DO UPDATE SET name = coalesce(excluded.name, p.name)`,
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

/** Makes a (team_id, other) table hold exactly `pairs` ("teamId|other"). */
async function replacePairs(client: pg.ClientBase, table: 'team_members' | 'project_owners', column: 'user_id' | 'project_key', type: 'bigint' | 'text', pairs: readonly string[]): Promise<void> {
  const teams = pairs.map((p) => p.slice(0, p.indexOf('|')));
  const others = pairs.map((p) => p.slice(p.indexOf('|') + 1));
  const wanted = `unnest($1::bigint[], $2::${type}[]) AS w(team_id, other)`;
  await client.query(`DELETE FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM ${wanted} WHERE w.team_id = t.team_id AND w.other = t.${column})`, [teams, others]);
  await client.query(`INSERT INTO ${table} (team_id, ${column}) SELECT * FROM ${wanted} ON CONFLICT DO NOTHING`, [teams, others]);
}
