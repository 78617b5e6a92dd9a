/**
 * The Jira Cloud normalizer: webhooks from `jira-events`, dispatched on their `webhookEvent` (the
 * RawWebhook's eventName), each read by the file named after its kind.
 *
 * | webhookEvent         | emits                      | id                                   |
 * | -------------------- | -------------------------- | ------------------------------------ |
 * | `jira:issue_created` | `issue.created`       | issue id                             |
 * | `jira:issue_updated` | `issue.updated`       | issue id + changelog id              |
 * | `sprint_closed`      | `sprint.closed`       | sprint id                            |
 * | `sprint_created`     | `sprint.created`      | sprint id                            |
 * | `sprint_started`     | `sprint.started`      | sprint id                            |
 * | `sprint_updated`     | `sprint.updated`      | sprint id + timestamp                |
 * | `sprint_deleted`     | `sprint.deleted`      | sprint id                            |
 * | `project_created`    | `project.created`     | project id                           |
 * | `project_updated`    | `project.updated`     | project id + timestamp               |
 * | `project_deleted`    | `project.deleted`     | project id                           |
 * | `user_created`       | `account.created`     | accountId                            |
 * | `user_updated`       | `account.updated`     | accountId + timestamp                |
 * | `user_deleted`       | `account.deleted`     | accountId                            |
 * | `comment_created`    | `comment.created`     | comment id                           |
 * | `issuelink_created`  | `issue_link.created`  | link id                              |
 * | `issuelink_deleted`  | `issue_link.deleted`  | link id                              |
 * | `jira:issue_deleted` | `issue.deleted`       | issue id                             |
 * | `comment_updated`    | `comment.updated`     | comment id + updated time            |
 * | `comment_deleted`    | `comment.deleted`     | comment id                           |
 * | `worklog_created`    | `worklog.created`     | worklog id                           |
 * | `worklog_updated`    | `worklog.updated`     | worklog id + updated time            |
 * | `worklog_deleted`    | `worklog.deleted`     | worklog id                           |
 * | `jira:version_released` | `version.released` | version id + timestamp               |
 *
 * Every other event (other version events, …) is skipped. occurredAt
 * is the webhook's `timestamp`, the actor its `user`, projectKey the issue's project. How its
 * webhooks are keyed, kept and told on disk: webhooks.ts; its samples: samples.ts.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/webhooks/
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { fixturesIn } from '../fixtures.ts';
import { skipped, type Normalizer, type Outcome } from '../normalizer.ts';
import { commentChanged } from './commentChanged.ts';
import { commentCreated } from './commentCreated.ts';
import { JIRA_FIELDS, type JiraFields } from './fields.ts';
import { issueCreated } from './issueCreated.ts';
import { issueDeleted } from './issueDeleted.ts';
import { issueLink } from './issueLink.ts';
import { issueUpdated } from './issueUpdated.ts';
import { jiraSamples } from './samples.ts';
import { project } from './project.ts';
import { sprintClosed } from './sprintClosed.ts';
import { sprintLifecycle } from './sprintLifecycle.ts';
import { user } from './user.ts';
import { versionReleased } from './version.ts';
import { jiraHeaders, jiraKey, recognizeJira } from './webhooks.ts';
import { jiraReceiver } from './receiver.ts';
import { worklog } from './worklog.ts';

export { JIRA_FIELDS, type JiraFields } from './fields.ts';

/** Listed once for every site's normalizer: they share the folder. */
const jiraFixtures = fixturesIn(new URL('./fixtures/', import.meta.url), recognizeJira);

/** A Jira normalizer for a site whose Sprint and story point fields have the ids in `fields`. */
export function jiraNormalizer(fields: JiraFields = JIRA_FIELDS): Normalizer {
  const kinds = new Map<string, (webhook: RawWebhook) => Outcome>([
    ['jira:issue_created', issueCreated(fields)],
    ['jira:issue_updated', issueUpdated(fields)],
    ['sprint_closed', sprintClosed],
    ['sprint_created', sprintLifecycle('sprint_created')],
    ['sprint_started', sprintLifecycle('sprint_started')],
    ['sprint_updated', sprintLifecycle('sprint_updated')],
    ['sprint_deleted', sprintLifecycle('sprint_deleted')],
    ['project_created', project('project_created')],
    ['project_updated', project('project_updated')],
    ['project_deleted', project('project_deleted')],
    ['user_created', user('user_created')],
    ['user_updated', user('user_updated')],
    ['user_deleted', user('user_deleted')],
    ['comment_created', commentCreated],
    ['issuelink_created', issueLink('issuelink_created')],
    ['issuelink_deleted', issueLink('issuelink_deleted')],
    ['jira:issue_deleted', issueDeleted],
    ['comment_updated', commentChanged('comment_updated')],
    ['comment_deleted', commentChanged('comment_deleted')],
    ['worklog_created', worklog('worklog_created')],
    ['worklog_updated', worklog('worklog_updated')],
    ['worklog_deleted', worklog('worklog_deleted')],
    ['jira:version_released', versionReleased],
  ]);
  return {
    source: 'jira',
    topic: 'jira-events',
    normalize(webhook) {
      const kind = kinds.get(webhook.eventName);
      return kind === undefined ? skipped(`Jira event ${webhook.eventName} is not used`) : kind(webhook);
    },
    key: jiraKey,
    receivers: [jiraReceiver],
    recognize: recognizeJira,
    headers: jiraHeaders,
    fixtures: jiraFixtures,
    samples: jiraSamples,
  };
}

/** The Jira normalizer for a site with the default field ids (`JIRA_FIELDS`). */
export const jira: Normalizer = jiraNormalizer();
