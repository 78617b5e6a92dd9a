/**
 * Where a Jira site keeps the fields that are custom fields: their ids differ per site (Jira
 * numbers custom fields in the order they were created), so they are configuration, not code.
 *
 * The defaults are the ids a Jira Cloud site with Jira Software gets out of the box:
 *
 * - `sprint`: `customfield_10020`, "Sprint": a list of the sprints the issue has been in, each
 *   `{ id, name, state, boardId, goal, startDate, endDate }`.
 * - `storyPoints`: `customfield_10016`, "Story point estimate" (the team-managed and newer
 *   company-managed field). Older sites estimate with "Story Points", often `customfield_10028`:
 *   pass that id instead.
 *
 * Find a site's ids with `GET /rest/api/3/field` (the `id` of the field named "Sprint" and of the
 * one the board estimates with), then build the normalizer with `jiraNormalizer({ ... })`.
 */
export interface JiraFields {
  /** Id of the Sprint field. */
  readonly sprint: string;
  /** Id of the story point field the boards estimate with. */
  readonly storyPoints: string;
}

export const JIRA_FIELDS: JiraFields = Object.freeze({
  sprint: 'customfield_10020',
  storyPoints: 'customfield_10016',
});
