/**
 * `jira:issue_created` → one `issue.created` event carrying the issue as created.
 *
 * Id: `jira.issue.created:<issue id>`. An issue is created once, and its numeric id (unlike its
 * key) never changes, so a redelivered or replayed webhook gives the same id.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import type { JiraFields } from './fields.ts';
import { jiraIssue } from './issue.ts';
import { envelope } from './schemas.ts';

export function issueCreated(fields: JiraFields): (webhook: RawWebhook) => Outcome {
  const body = z.looseObject({ ...envelope('jira:issue_created'), issue: jiraIssue(fields) });
  return (webhook) => {
    const parsed = parseBody(body, webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const { timestamp, user, issue } = parsed.value;
    return normalized([
      engEvent(webhook, {
        type: 'issue.created',
        naturalKey: [issue.issueId],
        occurredAt: timestamp,
        source: 'jira',
        actor: user,
        projectKey: issue.projectKey,
        payload: { issue },
      }),
    ]);
  };
}
