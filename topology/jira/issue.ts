/**
 * A Jira issue as `jira:issue_created` and `jira:issue_updated` send it (the REST API v2 issue
 * representation: `id`, `key`, `self`, `fields`), read into a JiraIssue.
 *
 * The sprint and story points live in custom fields whose ids differ per site: see `JiraFields`.
 * The resolution and its date are system fields, null until the issue is resolved (and again
 * when it is reopened): with them an incident's restore time needs no status names.
 */
import { z } from 'zod';
import type { JiraIssue, JiraSprintRef } from '../../avro/generated/types.ts';
import type { JiraFields } from './fields.ts';
import { jiraTime, optionalJiraUser } from './schemas.ts';

const named = z.looseObject({ name: z.string() });

const sprintRef = z.looseObject({ id: z.int(), name: z.string(), state: z.string().nullish() });
type Sprints = z.infer<typeof sprintRef>[] | null | undefined;

/**
 * The issue's sprint from Jira's Sprint field, which lists every sprint the issue has been in:
 * the active one if any, else the last listed (the most recent one it was added to).
 */
function currentSprint(sprints: Sprints): JiraSprintRef | null {
  const sprint = sprints?.find((candidate) => candidate.state === 'active') ?? sprints?.at(-1);
  return sprint === undefined ? null : { sprintId: sprint.id, name: sprint.name, state: sprint.state ?? null };
}

/** `https://site.atlassian.net/browse/PROJ-1` from the issue's REST `self` link, when it has one. */
function browseUrl(self: string | null | undefined, key: string): string | null {
  if (typeof self !== 'string' || !URL.canParse(self)) return null;
  const { origin } = new URL(self);
  return origin === 'null' ? null : `${origin}/browse/${key}`;
}

/**
 * Schemas of the custom fields read, under this site's ids. The ids are known at run time only,
 * so the shape is typed as empty (a computed key would give every field one index-signature type)
 * and the values are read back with the casts in `jiraIssue`; zod still checks and reports them
 * under their real path, e.g. `$.issue.fields.customfield_10020[0].id`.
 */
function customFields(fields: JiraFields): {} {
  return { [fields.sprint]: z.array(sprintRef).nullish(), [fields.storyPoints]: z.number().nullish() };
}

/** The zod schema of an issue on a site whose custom fields are `fields`, read as a JiraIssue. */
export function jiraIssue(fields: JiraFields) {
  return z
    .looseObject({
      id: z.string(),
      key: z.string(),
      self: z.string().nullish(),
      fields: z.looseObject({
        project: z.looseObject({ key: z.string() }),
        summary: z.string(),
        issuetype: named,
        status: named.extend({ statusCategory: z.looseObject({ key: z.string() }).nullish() }),
        priority: named.nullish(),
        assignee: optionalJiraUser,
        reporter: optionalJiraUser,
        parent: z.looseObject({ key: z.string() }).nullish(),
        labels: z.array(z.string()).nullish(),
        created: jiraTime,
        updated: jiraTime,
        resolution: named.nullish(),
        resolutiondate: jiraTime.nullish(),
      }).extend(customFields(fields)),
    })
    .transform((issue): JiraIssue => {
      const f = issue.fields;
      const custom = f as Readonly<Record<string, unknown>>;
      return {
        issueId: issue.id,
        issueKey: issue.key,
        projectKey: f.project.key,
        summary: f.summary,
        issueType: f.issuetype.name,
        status: f.status.name,
        statusCategory: f.status.statusCategory?.key ?? null,
        priority: f.priority?.name ?? null,
        assignee: f.assignee,
        reporter: f.reporter,
        parentKey: f.parent?.key ?? null,
        sprint: currentSprint(custom[fields.sprint] as Sprints),
        storyPoints: (custom[fields.storyPoints] as number | null | undefined) ?? null,
        labels: f.labels ?? [],
        createdAt: f.created,
        updatedAt: f.updated,
        url: browseUrl(issue.self, issue.key),
        resolvedAt: f.resolutiondate ?? null,
        resolution: f.resolution?.name ?? null,
      };
    });
}
