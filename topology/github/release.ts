/**
 * `release` → `release.<action>` for published, released, created, edited, deleted, prereleased
 * and unpublished: release-based delivery. `published` and `released` are the ones a delivery
 * reads (a release made public; `released` also when a pre-release becomes a full release); the
 * rest keep the release's life whole (a deleted or unpublished release delivered nothing).
 * GitHub sends `published` and `released` together for one full release: a reader counting
 * releases counts a release id once (`released` alone also covers a pre-release made final).
 *
 * Event id: the release's numeric id + action, and what tells two of the same action apart.
 * `created` and `deleted` happen once to a release. A release can be published, unpublished and
 * published again, each time with a new `published_at`, so publishing actions (published,
 * released, prereleased, unpublished) add it; `edited` carries no time of the edit (and a
 * release has no `updated_at`), so it adds the delivery id, GitHub's GUID of the event, which a
 * redelivery and a replay keep (organizationInternals.ts). A redelivery of the same change keeps
 * every part, so the id.
 *
 * occurredAt: `published_at` for the publishing actions, `created_at` for created, else (edited,
 * deleted, or a time the payload lacks) the received time.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, githubEvent, githubId, identity, idTime, nonEmpty, timestamp, user, webhookBase } from './githubInternals.ts';

const ACTIONS = ['published', 'released', 'created', 'edited', 'deleted', 'prereleased', 'unpublished'] as const;
const PUBLISHING: ReadonlySet<string> = new Set(['published', 'released', 'prereleased', 'unpublished']);

const releaseBody = z.looseObject({
  ...webhookBase,
  release: z.looseObject({
    id: githubId,
    tag_name: z.string().min(1),
    target_commitish: z.string().nullish(),
    name: z.string().nullish(),
    draft: z.boolean(),
    prerelease: z.boolean(),
    author: user.nullish(),
    created_at: timestamp.nullish(),
    published_at: timestamp.nullish(),
    html_url: z.string().nullish(),
  }),
});

export function release(webhook: RawWebhook): Outcome {
  return byAction(webhook, ACTIONS, (action, value) =>
    readValue(releaseBody, value, (body) => {
      const r = body.release;
      const publishedAt = r.published_at ?? null;
      const createdAt = r.created_at ?? null;
      const payload = {
        repository: body.repository.full_name,
        releaseId: r.id,
        action,
        tagName: r.tag_name,
        targetCommitish: nonEmpty(r.target_commitish),
        name: nonEmpty(r.name),
        draft: r.draft,
        prerelease: r.prerelease,
        author: r.author ? identity(r.author) : null,
        createdAt,
        publishedAt,
        url: nonEmpty(r.html_url),
      };
      const delivery = webhook.deliveryId;
      const publishing = PUBLISHING.has(action);
      const naturalKey = action === 'created' || action === 'deleted' ? [r.id, action] : publishing && publishedAt !== null ? [r.id, action, idTime(publishedAt)] : [r.id, action, delivery];
      const occurredAt = (publishing ? publishedAt : action === 'created' ? createdAt : null) ?? webhook.receivedAt;
      return normalized([githubEvent(webhook, { type: `release.${action}`, naturalKey, occurredAt, body, payload })]);
    }),
  );
}
