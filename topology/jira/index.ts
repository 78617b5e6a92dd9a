/**
 * The Jira Cloud normalizer: webhooks from `jira-events`, dispatched on their `webhookEvent` (the
 * RawWebhook's eventName), each read by the file named after its kind.
 *
 * | webhookEvent         | emits                      | id                                   |
 * | -------------------- | -------------------------- | ------------------------------------ |
 * | `jira:issue_created` | `issue.created`       | issue id                             |
 * | `jira:issue_updated` | `issue.updated`       | issue id + changelog id              |
 * | `sprint_closed`      | `sprint.closed`       | sprint id                            |
 * | `comment_created`    | `comment.created`     | comment id                           |
 * | `issuelink_created`  | `issue_link.created`  | link id                              |
 * | `issuelink_deleted`  | `issue_link.deleted`  | link id                              |
 *
 * Every other event (issue deleted, worklogs, versions, sprint started, …) is skipped. occurredAt
 * is the webhook's `timestamp`, the actor its `user`, projectKey the issue's project. How its
 * webhooks are keyed, kept and told on disk: webhooks.ts; its samples: samples.ts.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/webhooks/
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { fixturesIn } from '../fixtures.ts';
import { skipped, type Normalizer, type Outcome } from '../normalizer.ts';
import { commentCreated } from './commentCreated.ts';
import { JIRA_FIELDS, type JiraFields } from './fields.ts';
import { issueCreated } from './issueCreated.ts';
import { issueLink } from './issueLink.ts';
import { issueUpdated } from './issueUpdated.ts';
import { jiraSamples } from './samples.ts';
import { sprintClosed } from './sprintClosed.ts';
import { jiraHeaders, jiraKey, recognizeJira } from './webhooks.ts';

export { JIRA_FIELDS, type JiraFields } from './fields.ts';

/** Listed once for every site's normalizer: they share the folder. */
const jiraFixtures = fixturesIn(new URL('./fixtures/', import.meta.url), recognizeJira);

/** A Jira normalizer for a site whose Sprint and story point fields have the ids in `fields`. */
export function jiraNormalizer(fields: JiraFields = JIRA_FIELDS): Normalizer {
  const kinds = new Map<string, (webhook: RawWebhook) => Outcome>([
    ['jira:issue_created', issueCreated(fields)],
    ['jira:issue_updated', issueUpdated(fields)],
    ['sprint_closed', sprintClosed],
    ['comment_created', commentCreated],
    ['issuelink_created', issueLink('issuelink_created')],
    ['issuelink_deleted', issueLink('issuelink_deleted')],
  ]);
  return {
    source: 'jira',
    topic: 'jira-events',
    normalize(webhook) {
      const kind = kinds.get(webhook.eventName);
      return kind === undefined ? skipped(`Jira event ${webhook.eventName} is not used`) : kind(webhook);
    },
    key: jiraKey,
    recognize: recognizeJira,
    headers: jiraHeaders,
    fixtures: jiraFixtures,
    samples: jiraSamples,
  };
}

/** The Jira normalizer for a site with the default field ids (`JIRA_FIELDS`). */
export const jira: Normalizer = jiraNormalizer();
