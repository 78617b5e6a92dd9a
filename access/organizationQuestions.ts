/**
 * Questions the organization file answers by itself (SWITCHYARD_TEAMS_FILE: configuration, not a
 * store): they read no store (`stores: []`), so no store being down can stop them. The dashboard's
 * project picker is one: with PostgreSQL down, the ClickHouse and Neo4j panels still have a project.
 */
import { z } from 'zod';
import { ErrorCodes } from '../operators/errors.ts';
import type { OrganizationFile } from '../sinks/organization.ts';
import { AccessError } from './errors.ts';
import { capRows, defineQuestion, listOf, type QuestionContext } from './question.ts';

/** The organization file, or the refusal every project question gives without it. */
export function organizationOf(context: Pick<QuestionContext, 'organization'>): OrganizationFile {
  if (context.organization === undefined) {
    throw new AccessError('project questions need the organization file, which names each project\'s repositories and Jira keys: this server has no SWITCHYARD_TEAMS_FILE', ErrorCodes.accessRefused);
  }
  return context.organization;
}

export const projectsQuestion = defineQuestion({
  name: 'projects',
  title: 'The projects',
  description:
    "Which projects can I ask about? The organization file's projects (SWITCHYARD_TEAMS_FILE), the ones every project question accepts, sorted by key: each with its name, repositories, Jira keys, and the teams the file says own it or one of its Jira keys, sorted. Reads no store.",
  input: z.object({}),
  output: listOf(
    z.object({
      key: z.string(),
      name: z.string().nullable(),
      repositories: z.array(z.string()),
      jiraKeys: z.array(z.string()).describe('the Jira keys its work is tracked under (its own key when the file names none)'),
      teams: z.array(z.string()).describe('the owning teams, sorted'),
    }),
  ),
  stores: [],
  run: async (_reader: undefined, _input, context) => {
    const organization = organizationOf(context);
    const projects = capRows([...organization.projects].sort((a, b) => a.key.localeCompare(b.key)), context.limits.rowCap);
    const rows = projects.rows.map((p) => {
      const jiraKeys = [...(p.jiraKeys ?? [p.key])];
      const keys = new Set([p.key, ...jiraKeys]);
      const teams = organization.teams.filter((team) => team.projects.some((owned) => keys.has(owned.key))).map((team) => team.name);
      return { key: p.key, name: p.name ?? null, repositories: [...p.repositories], jiraKeys, teams: [...new Set(teams)].sort() };
    });
    return { ...projects, rows };
  },
});

export const ORGANIZATION_QUESTIONS = [projectsQuestion] as const;
