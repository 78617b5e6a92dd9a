/**
 * `create` and `delete` → `ref.created` / `ref.deleted`: a branch or tag came into being or went
 * away (ref_type branch or tag; GitHub sends no event when more than three tags are pushed at
 * once, and none for repository creation's first branch).
 *
 * How they relate to `ref.pushed`: a `git push` that creates or deletes a ref sends both a `push`
 * (with `created` / `deleted` set) and a `create` / `delete`. ref.pushed is the push: its range and
 * commits, what DORA's change sets read, and the normalizer drops deleting pushes, which carry no
 * commits. ref.created / ref.deleted are the ref's life, whoever made it (also from the web UI or
 * the API, which may send no push); no metric counts them, so the two never count one change
 * twice.
 *
 * Event id: repository + ref type + ref + the delivery id. The payloads carry no time and no id
 * of the change, and a branch deleted and re-created (or a tag moved by deleting and pushing it
 * again) is two real events with identical bodies: only GitHub's GUID of each event (the
 * delivery id) tells them apart. The delivery id, not the received time, for the reason
 * organizationInternals.ts gives: a redelivery, the same event through two webhooks and a replay
 * from the raw topic all keep it, so they keep the id.
 *
 * occurredAt: the received time.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { githubEvent, nonEmpty, repository, user } from './githubInternals.ts';

const refBody = z.looseObject({
  ref: z.string().min(1),
  ref_type: z.enum(['branch', 'tag']),
  master_branch: z.string().nullish(),
  pusher_type: z.string().nullish(),
  repository: repository.extend({ default_branch: z.string().nullish() }),
  sender: user.optional(),
});

/** `create` → ref.created, `delete` → ref.deleted. */
export function refLifecycle(webhook: RawWebhook): Outcome {
  const type = webhook.eventName === 'delete' ? 'ref.deleted' : 'ref.created';
  const parsed = parseBody(refBody, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  const body = parsed.value;
  const payload = {
    repository: body.repository.full_name,
    refType: body.ref_type,
    ref: body.ref,
    fullRef: `${body.ref_type === 'branch' ? 'refs/heads/' : 'refs/tags/'}${body.ref}`,
    defaultBranch: nonEmpty(body.master_branch) ?? nonEmpty(body.repository.default_branch),
    pusherType: nonEmpty(body.pusher_type),
  };
  const naturalKey = [body.repository.full_name, body.ref_type, body.ref, webhook.deliveryId];
  return normalized([githubEvent(webhook, { type, naturalKey, occurredAt: webhook.receivedAt, body, payload })]);
}
