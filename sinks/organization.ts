/**
 * The organization file (SWITCHYARD_TEAMS_FILE): what no webhook carries — teams, their
 * members and the projects they own, people's hourly rates, which repositories make up a
 * project and which projects depend on which. One format, read by the PostgreSQL sink (teams,
 * members, identities, rates) and the Neo4j sink (MEMBER_OF, OWNS, PART_OF, DEPENDS_ON):
 *
 *     { "teams": [ { "name": "Platform",
 *                    "members": [ { "github": "johndoe", "email": "john@acme.io", "jira": "5b10…",
 *                                   "slack": "U024BE7LH", "name": "John Doe", "hourlyRate": 95 } ],
 *                    "projects": [ "PLAT", { "key": "AUTH", "name": "Auth" } ] } ],
 *       "projects": [ { "key": "WEB", "repositories": ["acme/web"], "dependsOn": ["PLAT"] },
 *                     { "key": "SHOP", "name": "Shop", "repositories": ["acme/api", "acme/web"],
 *                       "jiraKeys": ["SHOP", "OPS"], "dora": { "deploymentPattern": "(?i)release" } } ] }
 *
 * JSON, not YAML: no parser to add, and the file is short. A member names at least one of
 * github, email, jira (account id) or slack: those keys are one person. Unknown keys are errors,
 * so a misspelt field is reported rather than ignored.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DoraRuleError, doraRules } from './clickhouse/dora/rules.ts';

const text = z.string().trim().min(1, 'must not be empty');

const member = z
  .object({
    github: text.optional(),
    email: z.email().optional(),
    jira: text.optional(),
    slack: text.optional(),
    name: text.optional(),
    hourlyRate: z.number().nonnegative().optional(),
  })
  .strict()
  .refine((m) => m.github ?? m.email ?? m.jira ?? m.slack, 'a member needs github, email, jira or slack');

const ownedProject = z.union([text.transform((key) => ({ key, name: undefined as string | undefined })), z.object({ key: text, name: text.optional() }).strict()]);

/**
 * How the DORA figures read a project's events (sinks/clickhouse/dora/rules.ts): DevLake's scope
 * configuration, patterns written as Go regular expressions (`(?i)deploy`). Checked when read.
 */
const doraSettings = z
  .object({
    deploymentPattern: z.string().optional(),
    productionPattern: z.string().optional(),
    environmentPattern: z.string().optional(),
    incidentLabelPattern: z.string().optional(),
    requirementLabelPattern: z.string().optional(),
    bugLabelPattern: z.string().optional(),
    jiraIncidentTypes: z.array(text).optional(),
    jiraIncidentLabelPattern: z.string().nullable().optional(),
    median: z.enum(['devlake', 'midpoint']).optional(),
    historyDays: z.int().positive().optional(),
  })
  .strict()
  // Checked when the file is read, not when a figure is first asked for: a pattern that does not compile is named with its path.
  .superRefine((settings, context) => {
    try {
      doraRules(settings);
    } catch (error) {
      if (!(error instanceof DoraRuleError)) throw error;
      const [setting, ...rest] = error.message.replace(/^DORA rules\./, '').split(': ');
      context.addIssue({ code: 'custom', path: [setting ?? ''], message: rest.join(': ') });
    }
  });

/**
 * A project: its key (a Jira project key, unless `jiraKeys` says otherwise), the repositories and
 * Jira keys its work lives in, and what it depends on.
 */
const project = z
  .object({
    key: text,
    name: text.optional(),
    repositories: z.array(text).default([]),
    jiraKeys: z.array(text).optional(),
    dependsOn: z.array(text).default([]),
    dora: doraSettings.optional(),
  })
  .strict();

const organizationFileSchema = z
  .object({
    teams: z
      .array(z.object({ name: text, members: z.array(member).default([]), projects: z.array(ownedProject).default([]) }).strict())
      .default([])
      .refine((teams) => new Set(teams.map((t) => t.name)).size === teams.length, 'team names must be unique'),
    projects: z.array(project).default([]),
  })
  .strict();

export type OrganizationFile = z.output<typeof organizationFileSchema>;
export type OrganizationMember = z.output<typeof member>;
export type OrganizationProject = z.output<typeof project>;

/** The project `name` names: by key, else by name, case-insensitive (the questions', `switchyard dora`'s and the graph's one rule). */
export function findProject(organization: OrganizationFile | undefined, name: string): OrganizationProject | undefined {
  const wanted = name.trim().toLowerCase();
  const projects = organization?.projects ?? [];
  return projects.find((p) => p.key.toLowerCase() === wanted) ?? projects.find((p) => p.name?.toLowerCase() === wanted);
}

export class OrganizationFileError extends Error {
  override readonly name: string = 'OrganizationFileError';
}

/** Parses the file's contents; errors name the variable, the file and each JSON path. */
export function parseOrganizationFile(contents: string, path = '(inline)'): OrganizationFile {
  let json: unknown;
  try {
    json = JSON.parse(contents);
  } catch (error) {
    throw new OrganizationFileError(`SWITCHYARD_TEAMS_FILE ${path}: not JSON: ${(error as Error).message}`);
  }
  const parsed = organizationFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(file)'}: ${issue.message}`);
    throw new OrganizationFileError(`SWITCHYARD_TEAMS_FILE ${path}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export async function readOrganizationFile(path: string): Promise<OrganizationFile> {
  let contents: string;
  try {
    contents = await readFile(path, 'utf8');
  } catch (error) {
    throw new OrganizationFileError(`SWITCHYARD_TEAMS_FILE ${path}: cannot read: ${(error as Error).message}`);
  }
  return parseOrganizationFile(contents, path);
}
