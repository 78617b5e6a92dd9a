/**
 * `issuelink_created` / `issuelink_deleted` → one `issue_link.created` / `issue_link.deleted`
 * event: the link's id, its two issues (by id only: the webhook names no key and no project), its
 * type, and the dependency it says, if any (issueLinkDependency.ts).
 *
 * Jira has no update event for links: a link is made or unmade, and a changed one is a deletion
 * and a new link with a new id. The issues may be unknown to the stores when the link arrives, or
 * stay so (a project nobody subscribed to): the stores key the link by its id and its ends by
 * issue id, so it waits for them.
 *
 * Id: `jira.issue_link.created:<link id>` and `jira.issue_link.deleted:<link id>`. A link id is
 * Jira's, unique on the site and never reused, and each link is created once and deleted at most
 * once: so a redelivery gives the same id, and the two events of one link have two ids.
 * occurredAt is the webhook's `timestamp`; the payload has no time of its own.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { issueLinkDependency } from './issueLinkDependency.ts';
import { envelope } from './schemas.ts';

/** Jira sends these ids as numbers (its Java `Long`s); taken as strings too, and kept as strings like every Jira id. */
const jiraId = z.union([z.string().min(1), z.int()]).transform(String);

const linkType = z.looseObject({
  id: jiraId,
  name: z.string(),
  outwardName: z.string(),
  inwardName: z.string(),
  isSubTaskLinkType: z.boolean().nullish(),
  isSystemLinkType: z.boolean().nullish(),
});

function body<const Name extends 'issuelink_created' | 'issuelink_deleted'>(webhookEvent: Name) {
  return z.looseObject({
    ...envelope(webhookEvent),
    issueLink: z.looseObject({ id: jiraId, sourceIssueId: jiraId, destinationIssueId: jiraId, issueLinkType: linkType }),
  });
}

const bodies = { issuelink_created: body('issuelink_created'), issuelink_deleted: body('issuelink_deleted') };
const types = { issuelink_created: 'issue_link.created', issuelink_deleted: 'issue_link.deleted' } as const;

/** The normalizer of `issuelink_created` or `issuelink_deleted`: the two read the same body. */
export function issueLink(webhookEvent: keyof typeof bodies): (webhook: RawWebhook) => Outcome {
  return (webhook) => {
    const parsed = parseBody(bodies[webhookEvent], webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const { timestamp, user, issueLink: link } = parsed.value;
    const t = link.issueLinkType;
    const type = { id: t.id, name: t.name, outwardName: t.outwardName, inwardName: t.inwardName, subTask: t.isSubTaskLinkType ?? false, system: t.isSystemLinkType ?? false };
    return normalized([
      engEvent(webhook, {
        type: types[webhookEvent],
        naturalKey: [link.id],
        occurredAt: timestamp,
        source: 'jira',
        actor: user,
        projectKey: null,
        payload: {
          linkId: link.id,
          sourceIssueId: link.sourceIssueId,
          destinationIssueId: link.destinationIssueId,
          linkType: type,
          dependency: issueLinkDependency(type, link.sourceIssueId, link.destinationIssueId),
        },
      }),
    ]);
  };
}
