/**
 * `worklog_created` / `worklog_updated` / `worklog_deleted` → one `worklog.created` /
 * `worklog.updated` / `worklog.deleted` event: time someone logged on an issue (REST API v2
 * worklog representation). The hours are what the guide's hourly-rate question multiplies.
 *
 * The worklog names its issue by id only (`issueId`, no key, no project): PostgreSQL ties it to a
 * project through the issue's own events (jira_issues). The actor is the webhook's `user` when
 * sent, else who last edited the worklog, else its author. `comment` is text as the v2
 * representation sends it; a rich-text (ADF) comment is kept as null rather than guessed at.
 *
 * Id: `jira.worklog.created:<worklog id>` and `jira.worklog.deleted:<worklog id>` — a worklog is
 * created once and deleted at most once, and its id is never reused.
 * `jira.worklog.updated:<worklog id>:<updated>` — a worklog is edited many times, each edit
 * moving its `updated` time: a redelivery gives the same id, a second edit a new one.
 * occurredAt is the webhook's `timestamp`.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { envelope, jiraTime, optionalJiraTime, optionalJiraUser } from './schemas.ts';

/** Jira sends ids as strings in this representation; numbers are taken too, kept as strings like every Jira id. */
const jiraId = z.union([z.string().min(1), z.int()]).transform(String);

const WORKLOG_EVENTS = { worklog_created: 'worklog.created', worklog_updated: 'worklog.updated', worklog_deleted: 'worklog.deleted' } as const;
type WorklogEvent = keyof typeof WORKLOG_EVENTS;

function body<const Name extends WorklogEvent>(webhookEvent: Name) {
  return z.looseObject({
    ...envelope(webhookEvent),
    worklog: z.looseObject({
      id: jiraId,
      issueId: jiraId,
      author: optionalJiraUser,
      updateAuthor: optionalJiraUser,
      timeSpentSeconds: z.int().min(0),
      started: optionalJiraTime,
      created: optionalJiraTime,
      // An edit's id is made of its time: required where it names the event.
      updated: webhookEvent === 'worklog_updated' ? jiraTime : optionalJiraTime,
      comment: z.unknown().optional(),
    }),
  });
}

const bodies = { worklog_created: body('worklog_created'), worklog_updated: body('worklog_updated'), worklog_deleted: body('worklog_deleted') };

/** The normalizer of one of the three worklog events: they read the same body. */
export function worklog(webhookEvent: WorklogEvent): (webhook: RawWebhook) => Outcome {
  return (webhook) => {
    const parsed = parseBody(bodies[webhookEvent], webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const { timestamp, user, worklog: w } = parsed.value;
    const type = WORKLOG_EVENTS[webhookEvent];
    const updated = w.updated ?? null;
    return normalized([
      engEvent(webhook, {
        type,
        naturalKey: type === 'worklog.updated' ? [w.id, updated!] : [w.id],
        occurredAt: timestamp,
        source: 'jira',
        actor: user ?? w.updateAuthor ?? w.author,
        projectKey: null,
        payload: {
          worklogId: w.id,
          issueId: w.issueId,
          author: w.author,
          updateAuthor: w.updateAuthor,
          timeSpentSeconds: w.timeSpentSeconds,
          startedAt: w.started,
          createdAt: w.created,
          updatedAt: updated,
          comment: typeof w.comment === 'string' ? w.comment : null,
        },
      }),
    ]);
  };
}
