/**
 * `jira:issue_updated` → one `issue.updated` event: the issue after the update, the names of
 * the fields its changelog changed, and the status transition and reassignment when it made them
 * (what the Blocked → Slack rule and the Neo4j ASSIGNED_TO link read).
 *
 * The changelog items name the field (`status`, `assignee`, …); a status item carries the status
 * names in `fromString`/`toString`, an assignee item the account ids in `from`/`to` and the
 * display names in `fromString`/`toString`.
 *
 * An update without a changelog is skipped: Jira sends those for comments (`issue_commented`,
 * `issue_comment_edited`, …), which arrive on their own as `comment_created`, and nothing of the
 * issue changed.
 *
 * Id: `jira.issue.updated:<issue id>:<changelog id>`. Every update is one changelog entry with its
 * own id, so two updates of one issue never share an id and a redelivery always does.
 */
import { z } from 'zod';
import type { Identity, JiraAssigneeChange, JiraStatusChange, RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, skipped, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import type { JiraFields } from './fields.ts';
import { jiraIssue } from './issue.ts';
import { envelope } from './schemas.ts';

/**
 * A changelog item as `{ field, from, fromText, to, toText }`. Read from its own properties only:
 * zod (like any `item.toString`) would find Object.prototype.toString, a function, on an item
 * without a `toString`, so the item is copied onto a null prototype first and the text renamed.
 */
const item = z.preprocess(
  (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.assign(Object.create(null), value) : value),
  z
    .looseObject({
      field: z.string(),
      from: z.string().nullish(),
      fromString: z.string().nullish(),
      to: z.string().nullish(),
      toString: z.string().nullish(),
    })
    .transform((change, context) => {
      const text = (key: 'fromString' | 'toString') => (Object.hasOwn(change, key) ? (change[key] ?? null) : null);
      const read = { field: change.field, from: change.from ?? null, fromText: text('fromString'), to: change.to ?? null, toText: text('toString') };
      if (read.field === 'status' && (read.fromText === null || read.toText === null)) {
        context.addIssue({ code: 'custom', path: [read.fromText === null ? 'fromString' : 'toString'], message: 'a status change needs both status names', input: change });
        return z.NEVER;
      }
      return read;
    }),
);
type Item = z.output<typeof item>;

const changelog = z.looseObject({
  // Jira Cloud sends the id as a string; Atlassian's documented example shows a number.
  id: z.union([z.string(), z.int()]).transform(String),
  items: z.array(item),
});

function statusChange(items: readonly Item[]): JiraStatusChange | null {
  const status = items.find((change) => change.field === 'status');
  // Both names are there: the item schema rejects a status item without them.
  return status === undefined ? null : { from: status.fromText!, to: status.toText! };
}

function assignee(accountId: string | null, displayName: string | null): Identity | null {
  return accountId === null ? null : { source: 'jira', accountId, login: null, displayName, email: null };
}

function assigneeChange(items: readonly Item[]): JiraAssigneeChange | null {
  const change = items.find((candidate) => candidate.field === 'assignee');
  if (change === undefined) return null;
  return { from: assignee(change.from, change.fromText), to: assignee(change.to, change.toText) };
}

export function issueUpdated(fields: JiraFields): (webhook: RawWebhook) => Outcome {
  const body = z.looseObject({ ...envelope('jira:issue_updated'), issue: jiraIssue(fields), changelog: changelog.nullish() });
  return (webhook) => {
    const parsed = parseBody(body, webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const { timestamp, user, issue, changelog } = parsed.value;
    if (changelog === null || changelog === undefined) return skipped('jira:issue_updated without a changelog (a comment event): nothing of the issue changed');
    return normalized([
      engEvent(webhook, {
        type: 'issue.updated',
        naturalKey: [issue.issueId, changelog.id],
        occurredAt: timestamp,
        source: 'jira',
        actor: user,
        projectKey: issue.projectKey,
        payload: {
          issue,
          changedFields: [...new Set(changelog.items.map((change) => change.field))],
          statusChange: statusChange(changelog.items),
          assigneeChange: assigneeChange(changelog.items),
        },
      }),
    ]);
  };
}
