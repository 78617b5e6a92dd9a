/**
 * `label` → `label.created` / `label.edited` / `label.deleted`: a repository's labels, which decide
 * what an issue means (the DORA incident rules match label names). A rename is an edit with
 * `changes.name.from`, kept as `previousName`, so a reader can follow an issue labelled under the
 * old name to the new one; the rules themselves are not changed by it.
 *
 * Event id: the label's numeric id (which survives renames) + action. A label is created once and
 * deleted once; it can be edited any number of times, and neither the label nor the edit carries
 * a time, so an edit adds the delivery id, GitHub's GUID of the event, which a redelivery and a
 * replay keep (organizationInternals.ts says why not the received time).
 *
 * occurredAt: the received time (no label payload carries one).
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, githubEvent, githubId, nonEmpty, webhookBase } from './githubInternals.ts';

const labelBody = z.looseObject({
  ...webhookBase,
  label: z.looseObject({ id: githubId, name: z.string().min(1), color: z.string().nullish(), description: z.string().nullish() }),
  changes: z.looseObject({ name: z.looseObject({ from: z.string() }).optional() }).optional(),
});

export function label(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['created', 'edited', 'deleted'], (action, value) =>
    readValue(labelBody, value, (body) => {
      const l = body.label;
      const from = body.changes?.name?.from;
      const payload = {
        repository: body.repository.full_name,
        labelId: l.id,
        name: l.name,
        previousName: from !== undefined && from !== l.name ? from : null,
        color: nonEmpty(l.color),
        description: nonEmpty(l.description),
      };
      const naturalKey = action === 'edited' ? [l.id, action, webhook.deliveryId] : [l.id, action];
      return normalized([githubEvent(webhook, { type: `label.${action}`, naturalKey, occurredAt: webhook.receivedAt, body, payload })]);
    }),
  );
}
