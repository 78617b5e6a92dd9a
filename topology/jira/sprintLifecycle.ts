/**
 * `sprint_created` / `sprint_started` / `sprint_updated` / `sprint_deleted` → one
 * `sprint.created` / `sprint.started` / `sprint.updated` / `sprint.deleted` event: the sprint as it
 * is after the change (name, state, board, goal, dates), and for an update its `oldValue`, the
 * sprint before. `sprint_closed` has its own file (sprintClosed.ts): velocity reads it.
 *
 * The state is the sprint's own; when Jira leaves it out, a creation means `future` and a start
 * `active`, while an update or deletion, which could be either, is refused at `$.sprint.state`.
 * A sprint belongs to a board, not a project: projectKey is null.
 *
 * Id: a sprint is created, started and deleted once each, so those are
 * `jira.sprint.<verb>:<sprint id>` and a redelivery gives the same id. It is updated many times:
 * `jira.sprint.updated:<sprint id>:<timestamp>`, the webhook's time, which Jira sets when the
 * change happens and sends again unchanged on a retry; a second edit is a new time, so a new id.
 * occurredAt is that `timestamp` for every kind (the dates in the sprint are plans, not the change).
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { envelope } from './schemas.ts';
import { sprintObject, sprintOf, type SprintState } from './sprint.ts';

const kinds = {
  sprint_created: { type: 'sprint.created', implied: 'future' },
  sprint_started: { type: 'sprint.started', implied: 'active' },
  sprint_updated: { type: 'sprint.updated', implied: null },
  sprint_deleted: { type: 'sprint.deleted', implied: null },
} as const satisfies Record<string, { type: string; implied: SprintState | null }>;

export type SprintLifecycleEvent = keyof typeof kinds;

/** A state the kind does not imply must be said. */
const stated = sprintObject.extend({ state: sprintObject.shape.state.unwrap().unwrap() });

function body(webhookEvent: SprintLifecycleEvent) {
  const sprint = kinds[webhookEvent].implied === null ? stated : sprintObject;
  return z.looseObject({ ...envelope(webhookEvent), sprint, oldValue: sprintObject.nullish() });
}

/** The normalizer of one of the four sprint lifecycle webhooks: they read the same body. */
export function sprintLifecycle(webhookEvent: SprintLifecycleEvent): (webhook: RawWebhook) => Outcome {
  const schema = body(webhookEvent);
  const { type, implied } = kinds[webhookEvent];
  return (webhook) => {
    const parsed = parseBody(schema, webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const { timestamp, user, sprint, oldValue } = parsed.value;
    const after = sprintOf(sprint, implied ?? 'future');
    // The sprint before: its state, when Jira leaves it out, is taken to be the one after.
    const previous = type === 'sprint.updated' && oldValue ? sprintOf(oldValue, after.state as SprintState) : null;
    return normalized([
      engEvent(webhook, {
        type,
        naturalKey: type === 'sprint.updated' ? [sprint.id, timestamp] : [sprint.id],
        occurredAt: timestamp,
        source: 'jira',
        actor: user,
        projectKey: null,
        payload: { sprint: after, previous },
      }),
    ]);
  };
}
