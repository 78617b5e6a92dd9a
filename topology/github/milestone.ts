/**
 * `milestone` → `milestone.created` / `opened` / `closed` / `edited` / `deleted`: a repository's
 * milestones (what a set of issues is due for). A retitle is an edit with `changes.title.from`,
 * kept as `previousTitle`.
 *
 * Event id: the milestone's numeric id + action, and for the actions that can repeat (closed,
 * opened, edited: a milestone closed, reopened and closed again) its `updated_at`, which each of
 * them moves; `created` and `deleted` happen once. A redelivery keeps every part.
 *
 * occurredAt: `created_at` for created, `closed_at` for closed, the received time for deleted
 * (the payload is the milestone as it was), else `updated_at`.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, githubEvent, githubId, idTime, int32, timestamp, webhookBase } from './githubInternals.ts';

const milestoneBody = z.looseObject({
  ...webhookBase,
  milestone: z.looseObject({
    id: githubId,
    number: int32,
    title: z.string(),
    state: z.string(),
    due_on: timestamp.nullish(),
    closed_at: timestamp.nullish(),
    created_at: timestamp,
    updated_at: timestamp,
    open_issues: int32.nullish(),
    closed_issues: int32.nullish(),
  }),
  changes: z.looseObject({ title: z.looseObject({ from: z.string() }).optional() }).optional(),
});

export function milestone(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['created', 'opened', 'closed', 'edited', 'deleted'], (action, value) =>
    readValue(milestoneBody, value, (body) => {
      const m = body.milestone;
      const from = body.changes?.title?.from;
      const payload = {
        repository: body.repository.full_name,
        milestoneId: m.id,
        number: m.number,
        title: m.title,
        previousTitle: from !== undefined && from !== m.title ? from : null,
        state: m.state,
        dueOn: m.due_on ?? null,
        closedAt: m.closed_at ?? null,
        openIssues: m.open_issues ?? null,
        closedIssues: m.closed_issues ?? null,
      };
      const naturalKey = action === 'created' || action === 'deleted' ? [m.id, action] : [m.id, action, idTime(m.updated_at)];
      const occurredAt = action === 'created' ? m.created_at : action === 'closed' ? (m.closed_at ?? m.updated_at) : action === 'deleted' ? webhook.receivedAt : m.updated_at;
      return normalized([githubEvent(webhook, { type: `milestone.${action}`, naturalKey, occurredAt, body, payload })]);
    }),
  );
}
