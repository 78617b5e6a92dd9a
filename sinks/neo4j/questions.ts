/**
 * The graph's entries of the question catalogue (access/question.ts): the guide's three Neo4j
 * questions and who works on a repository, each over one read of queries.ts through the store's
 * read-only reader (reader.ts: READ access mode, a transaction timeout).
 *
 * A project is named by its key or, when the organization file lists it, by its name; the graph
 * also holds projects only Jira knows (an issue's project key), so a name the file does not list
 * is looked up as a key as given, and an unknown one answers an empty list, as the graph does.
 */
import { z } from 'zod';
import { capRows, defineQuestion, listOf, type QuestionContext } from '../../access/question.ts';
import { project, repository, teamName } from '../../access/schemas.ts';
import { findProject, type OrganizationFile } from '../organization.ts';
import { contributorsOf, dependencyChain, developersWithinHops, projectsAffectedBy, type Graph } from './queries.ts';

/** The graph's key for a project: the organization file's key when it names the project by key or name (case-insensitive), else the text as given. */
export function graphProjectKey(organization: OrganizationFile | undefined, given: string): string {
  return findProject(organization, given)?.key ?? given;
}

const graphProject = project.describe('a project: its key (an organization-file or Jira project key, e.g. PLAT) or its name in the organization file');

const affectedProject = z.object({
  project: z.string().describe('the affected project’s key'),
  distance: z.number().int().describe('1 for a direct dependent, 2 for a dependent of a dependent… (the shortest way)'),
});

export const projectsAffectedByDelay = defineQuestion({
  name: 'projects_affected_by_delay',
  title: 'Projects affected if a project is delayed',
  description:
    '"If Project X is delayed, what other projects are affected?" (the guide, Neo4j). The projects that depend on it, directly or through others, by the organization file’s dependsOn or their Jira issues’ dependency links; nearest first.',
  input: z.object({ project: graphProject }),
  output: listOf(affectedProject),
  stores: ['neo4j'],
  run: async (graph: Graph, input, context: QuestionContext) => capRows(await projectsAffectedBy(graph, graphProjectKey(context.organization, input.project)), context.limits.rowCap),
});

const nearbyDeveloper = z.object({
  key: z.string().describe('the developer’s identity key: github:<login>, jira:<accountId> or email:<address>'),
  login: z.string().nullable(),
  displayName: z.string().nullable(),
  hops: z.number().int().describe('1 for a member; 2 for someone one relationship from a member (reviewed one, was reviewed by one…)'),
});

export const developersNearTeam = defineQuestion({
  name: 'developers_near_team',
  title: 'Developers within a few hops of a team',
  description:
    '"Find all developers within 2 hops of the Platform team" (the guide, Neo4j). Members are 1 hop away; whoever reviewed a member, was reviewed by one or worked beside one is 2; any relationship, either direction. Nearest first.',
  input: z.object({
    team: teamName,
    // The bound goes into the query text (Cypher takes no parameter there): this schema is the first of two checks.
    hops: z.number().int().min(1).max(4).default(2).describe('how many relationships away (1–4)'),
  }),
  output: listOf(nearbyDeveloper),
  stores: ['neo4j'],
  run: async (graph: Graph, { team, hops }, context) => capRows(await developersWithinHops(graph, team, hops, context.limits.rowCap + 1), context.limits.rowCap),
});

export const dependencyChainQuestion = defineQuestion({
  name: 'dependency_chain',
  title: 'Dependency chain of a project',
  description:
    '"What\'s the dependency chain for this release?" (the guide, Neo4j). Every path from the project through what it depends on to a project that depends on nothing, as lists of keys starting with it: what must be ready first. A project depending on nothing has the one chain [itself]; an unknown one has none.',
  input: z.object({ project: graphProject }),
  output: listOf(z.object({ chain: z.array(z.string()).describe('project keys, the asked project first') })),
  stores: ['neo4j'],
  run: async (graph: Graph, input, context) => capRows((await dependencyChain(graph, graphProjectKey(context.organization, input.project), context.limits.rowCap + 1)).map((chain) => ({ chain })), context.limits.rowCap),
});

const contributor = z.object({
  key: z.string().describe('the developer’s identity key: github:<login>, or email:<address> for a git author no GitHub login matched'),
  login: z.string().nullable(),
  displayName: z.string().nullable(),
  commits: z.number().int().describe('distinct commits to the repository'),
  firstAt: z.string().describe('their first commit there (ISO instant)'),
  lastAt: z.string().describe('their latest commit there (ISO instant)'),
});

export const repositoryContributors = defineQuestion({
  name: 'repository_contributors',
  title: 'Contributors to a repository',
  description: 'Who works on this repository? The developers who committed to it (owner/name), most distinct commits first, with their first and latest commit (Neo4j).',
  input: z.object({ repository }),
  output: listOf(contributor),
  stores: ['neo4j'],
  run: async (graph: Graph, input, context) => {
    const rows = await contributorsOf(graph, input.repository, context.limits.rowCap + 1);
    return capRows(rows.map((c) => ({ ...c, firstAt: new Date(c.firstAt).toISOString(), lastAt: new Date(c.lastAt).toISOString() })), context.limits.rowCap);
  },
});

export const neo4jQuestions = [projectsAffectedByDelay, developersNearTeam, dependencyChainQuestion, repositoryContributors] as const;
