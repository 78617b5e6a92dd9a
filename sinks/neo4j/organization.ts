/**
 * Teams, their members and projects, and project dependencies: what no webhook carries, read
 * from the organization file (sinks/organization.ts, SWITCHYARD_TEAMS_FILE), which the
 * PostgreSQL sink reads too, and held here in the shape the graph statements take:
 *
 *     { teams: [{ name: 'Platform', members: ['johndoe'], owns: ['PLAT'] }],
 *       dependencies: [{ project: 'WEB', dependsOn: ['PLAT'] }],
 *       projects: [{ key: 'WEB', repositories: ['acme/web'] }] }
 *
 * `projects` gives Repository -[:PART_OF]-> Project (GitHub events name no Jira project).
 *
 * Why `init()` applies it (sink.ts), and `syncOrganization()` again on demand: the file changes
 * with deploys, not with events, and every worker start is a deploy. The file is the truth for
 * what it describes: syncing *replaces* the file's MEMBER_OF, OWNS, DEPENDS_ON and PART_OF with
 * what the file says and deletes teams it no longer lists (a person who left the team leaves it
 * here too), in one transaction, so applying the same file twice changes nothing. Developers and
 * projects are only ever created by it, never deleted: events refer to them as well.
 *
 * GitHub's teams (teamCypher.ts) are not the file's to remove: a team GitHub knows (`githubId`)
 * the file stops listing only loses the file's flag (`fromFile`) and the file's edges, and a
 * MEMBER_OF GitHub holds (`github`) only loses the file's claim (`file`). Where both speak, the
 * file wins: a team it declares keeps its name (a GitHub rename moves GitHub's side away), and a
 * member it declares stays whatever webhooks remove.
 */
import { readOrganizationFile } from '../organization.ts';
import { z } from 'zod';
import { identityKey } from '../identity.ts';
import type { Labels } from './schema.ts';

const name = z.string().trim().min(1, 'must not be empty');

const organizationSchema = z.object({
  teams: z
    .array(z.object({ name, members: z.array(name).default([]), owns: z.array(name).default([]) }))
    .default([])
    .refine((teams) => new Set(teams.map((t) => t.name)).size === teams.length, 'team names must be unique'),
  dependencies: z.array(z.object({ project: name, dependsOn: z.array(name) })).default([]),
  projects: z.array(z.object({ key: name, repositories: z.array(name).default([]) })).default([]),
});

export type Organization = z.output<typeof organizationSchema>;

export class OrganizationFileError extends Error {
  override readonly name = 'OrganizationFileError';
}

/** Checks an organization read from anywhere; the error names the file and each bad path. */
export function parseOrganization(value: unknown, source = 'organization'): Organization {
  const parsed = organizationSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
    throw new OrganizationFileError(`invalid ${source} (SWITCHYARD_TEAMS_FILE): ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Reads the organization file (sinks/organization.ts) as this graph needs it: members by GitHub
 * login (a member without one has no Developer node to join), owned project keys, repositories
 * PART_OF projects, and DEPENDS_ON.
 */
export async function loadOrganizationFile(path: string): Promise<Organization> {
  const file = await readOrganizationFile(path);
  return parseOrganization(
    {
      teams: file.teams.map((t) => ({ name: t.name, members: t.members.flatMap((m) => (m.github ? [m.github] : [])), owns: t.projects.map((p) => p.key) })),
      dependencies: file.projects.filter((p) => p.dependsOn.length > 0).map((p) => ({ project: p.key, dependsOn: p.dependsOn })),
      projects: file.projects.map((p) => ({ key: p.key, repositories: p.repositories })),
    },
    `SWITCHYARD_TEAMS_FILE ${path}`,
  );
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** The file as statement parameters: members keyed as events key GitHub people (identityKey), duplicates merged. */
export function organizationParams(org: Organization) {
  const dependsOn = new Map<string, string[]>();
  for (const d of org.dependencies) dependsOn.set(d.project, unique([...(dependsOn.get(d.project) ?? []), ...d.dependsOn]));
  const repositories = new Map<string, string[]>();
  for (const p of org.projects) repositories.set(p.key, unique([...(repositories.get(p.key) ?? []), ...p.repositories]));
  return {
    teams: org.teams.map((team) => ({
      name: team.name,
      members: unique(team.members).map((login) => ({ key: identityKey({ source: 'github', accountId: null, login, displayName: null, email: null })!, login })),
      owns: unique(team.owns),
    })),
    dependencies: [...dependsOn].map(([project, keys]) => ({ project, dependsOn: keys })),
    projects: [...repositories].map(([key, repos]) => ({ key, repositories: repos })),
  };
}

/** The sync, in order; each takes the parameters of organizationParams. */
export function organizationStatements(L: Labels): string[] {
  return [
    `MATCH (t:${L.Team}) WHERE NOT t.name IN [team IN $teams | team.name]
CALL (t) {
  MATCH (t)-[o:OWNS]->(:${L.Project})
  DELETE o
}
CALL (t) {
  MATCH (:${L.Developer})-[m:MEMBER_OF]->(t) WHERE NOT coalesce(m.github, false)
  DELETE m
}
CALL (t) {
  MATCH (:${L.Developer})-[m:MEMBER_OF]->(t)
  SET m.file = false
}
REMOVE t.fromFile
WITH t WHERE t.githubId IS NULL
DETACH DELETE t`,
    `UNWIND $teams AS team
MERGE (t:${L.Team} {name: team.name})
SET t.fromFile = true
WITH t, team
CALL (t, team) {
  MATCH (t)<-[m:MEMBER_OF]-(d:${L.Developer}) WHERE NOT d.key IN [member IN team.members | member.key] AND NOT coalesce(m.github, false)
  DELETE m
}
CALL (t, team) {
  MATCH (t)<-[m:MEMBER_OF]-(d:${L.Developer}) WHERE NOT d.key IN [member IN team.members | member.key]
  SET m.file = false
}
CALL (t, team) {
  OPTIONAL MATCH (t)-[o:OWNS]->(p:${L.Project}) WHERE NOT p.key IN team.owns
  DELETE o
}
FOREACH (member IN team.members |
  MERGE (d:${L.Developer} {key: member.key})
  SET d.login = coalesce(d.login, member.login)
  MERGE (d)-[m:MEMBER_OF]->(t)
  SET m.file = true)
FOREACH (key IN team.owns |
  MERGE (p:${L.Project} {key: key})
  MERGE (t)-[:OWNS]->(p))`,
    `MATCH (p:${L.Project})-[d:DEPENDS_ON]->(q:${L.Project})
WHERE NOT any(dep IN $dependencies WHERE dep.project = p.key AND q.key IN dep.dependsOn)
DELETE d`,
    `UNWIND $dependencies AS dep
MERGE (p:${L.Project} {key: dep.project})
FOREACH (key IN dep.dependsOn |
  MERGE (q:${L.Project} {key: key})
  MERGE (p)-[:DEPENDS_ON]->(q))`,
    `MATCH (r:${L.Repository})-[x:PART_OF]->(p:${L.Project})
WHERE NOT any(project IN $projects WHERE project.key = p.key AND r.fullName IN project.repositories)
DELETE x`,
    `UNWIND $projects AS project
MERGE (p:${L.Project} {key: project.key})
FOREACH (name IN project.repositories |
  MERGE (r:${L.Repository} {fullName: name})
  MERGE (r)-[:PART_OF]->(p))`,
  ];
}
