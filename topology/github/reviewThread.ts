/**
 * `pull_request_review_thread` → `review_thread.resolved`, `.unresolved`: a thread of review
 * comments marked resolved or reopened; who did it is the webhook's sender (the event's actor).
 *
 * Event id: the thread's node id (threads have no numeric id) and the delivery id. A thread can
 * be resolved, unresolved and resolved again, and the payload carries no time of its own (the
 * pull request's `updated_at` is not documented to move with a thread), so the delivery id,
 * GitHub's GUID of the event, tells occurrences apart, as for the organization events
 * (organizationInternals.ts says why the delivery id and not the received time: a redelivery
 * keeps it). occurredAt: the received time. The pull request's author is null for a deleted account (commentInternals.ts).
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { identityOrNull, nullableUser } from './commentInternals.ts';
import { byAction, githubEvent, githubId, int32, webhookBase } from './githubInternals.ts';

const body = z.looseObject({
  ...webhookBase,
  pull_request: z.looseObject({ number: int32, user: nullableUser }),
  thread: z.looseObject({
    node_id: z.string().min(1),
    comments: z.array(z.looseObject({ id: githubId, path: z.string().nullish() })),
  }),
});

export function reviewThread(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['resolved', 'unresolved'], (action, value) =>
    readValue(body, value, (b) => {
      const { thread } = b;
      const payload = {
        repository: b.repository.full_name,
        pullRequestNumber: b.pull_request.number,
        pullRequestAuthor: identityOrNull(b.pull_request.user),
        threadNodeId: thread.node_id,
        commentIds: thread.comments.map((c) => c.id),
        path: thread.comments[0]?.path ?? null,
      };
      return normalized([
        githubEvent(webhook, { type: `review_thread.${action}`, naturalKey: [thread.node_id, webhook.deliveryId], occurredAt: webhook.receivedAt, body: b, payload }),
      ]);
    }),
  );
}
