/**
 * `project_created` / `project_updated` / `project_deleted` → one `project.created` /
 * `project.updated` / `project.deleted` event: the project's Jira id, key, name, type and lead.
 *
 * Atlassian's webhook page names these events and says the body carries the `project`; it shows
 * no example, so the reader follows the project's REST representation (`id`, `key`, `name`,
 * `projectTypeKey`, and the lead, which the webhook sends as `projectLead` and REST as `lead`).
 * Only id, key and name are required; the lead is an account and joins the identity mapping.
 * projectKey is the project's own key, so its events travel with its issues (webhooks.ts).
 *
 * Id: a project is created and deleted once: `jira.project.<verb>:<project id>`, the same on a
 * redelivery. It is updated many times: `jira.project.updated:<project id>:<timestamp>`, the
 * webhook's time, unchanged on a retry and new for a second edit. The id, not the key: a key can
 * be changed, the id cannot. occurredAt is the webhook's `timestamp`.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-projects/#api-rest-api-2-project-projectidorkey-get
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { envelope, optionalJiraUser } from './schemas.ts';

/** Jira sends project ids as numbers in webhooks and strings in REST; kept as strings like every Jira id. */
const jiraId = z.union([z.string().min(1), z.int()]).transform(String);

const types = { project_created: 'project.created', project_updated: 'project.updated', project_deleted: 'project.deleted' } as const;
export type ProjectEvent = keyof typeof types;

function body(webhookEvent: ProjectEvent) {
  return z.looseObject({
    ...envelope(webhookEvent),
    project: z.looseObject({
      id: jiraId,
      key: z.string().min(1),
      name: z.string(),
      projectTypeKey: z.string().nullish(),
      projectLead: optionalJiraUser,
      lead: optionalJiraUser,
    }),
  });
}

/** The normalizer of one of the project webhooks: they read the same body. */
export function project(webhookEvent: ProjectEvent): (webhook: RawWebhook) => Outcome {
  const schema = body(webhookEvent);
  const type = types[webhookEvent];
  return (webhook) => {
    const parsed = parseBody(schema, webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const { timestamp, user, project: p } = parsed.value;
    return normalized([
      engEvent(webhook, {
        type,
        naturalKey: type === 'project.updated' ? [p.id, timestamp] : [p.id],
        occurredAt: timestamp,
        source: 'jira',
        actor: user,
        projectKey: p.key,
        payload: { projectId: p.id, key: p.key, name: p.name, projectTypeKey: p.projectTypeKey || null, lead: p.projectLead ?? p.lead },
      }),
    ]);
  };
}
