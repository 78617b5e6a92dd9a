/**
 * What every Notion page and data source webhook event is read as: a NotionEntityChanged. The
 * 2025 webhook events all share one shape: the event's `id`, `type` and `timestamp`, the
 * `workspace_id`, the `authors` who made the change, the `entity` `{ id, type }` it happened to
 * and, in `data`, its `parent`. They carry ids only, so title, url and excerpt are null here:
 * fetching them from the Notion API is a later step's job.
 *
 * A data_source.schema_updated also says which properties changed (`data.updated_properties`,
 * read when `options.propertyChanges`): what a schema change was, which the update kind alone
 * does not. It stays a data_source.updated: no store does anything else with it, and a kind once
 * produced is never remapped (its ids would change under a replay).
 *
 * Id: `notion.<kind>:<Notion's event id>`. Notion documents `id` as the unique identifier of the event
 * (a retry repeats it, counting itself in `attempt_number`), so it is the event's identity in
 * Notion, read from the body like any other source's natural key. Entity id + timestamp is not:
 * Notion aggregates changes, and two events of one entity at one instant (say page.content_updated
 * and page.properties_updated, both page.updated) would share it, one overwriting the other.
 */
import { z } from 'zod';
import type { EngEvent, Identity, NotionParent, NotionPropertyChange, RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { isoMillis, parseBody } from '../payload.ts';

/** The Switchyard types a Notion entity's events become. */
export type NotionEventType = Extract<EngEvent['type'], `page.${string}` | `data_source.${string}`>;

const timestamp = isoMillis;

export const author = z.looseObject({ id: z.string(), type: z.string() });

/**
 * Notion's parent as NotionParent: a page or data source at the top level has the workspace
 * (Notion's `space`) as parent, which NotionParent names `workspace`, with no id.
 */
export const parent = z.looseObject({ id: z.string(), type: z.string() }).transform(
  (from): NotionParent => (from.type === 'space' || from.type === 'workspace' ? { type: 'workspace', id: null } : { type: from.type, id: from.id }),
);

/** The first author (a person, bot or agent) as an Identity; Notion sends ids, not names. */
export function actor(authors: readonly z.infer<typeof author>[] | null | undefined): Identity | null {
  const first = authors?.[0];
  return first === undefined ? null : { source: 'notion', accountId: first.id, login: null, displayName: null, email: null };
}

const propertyChange = z.looseObject({ id: z.string(), name: z.string(), action: z.string() });

/**
 * A reader of Notion's `notionType` events (page.created, …) about a `entityType` entity (page,
 * data_source), emitting one `type` event; with `propertyChanges`, one that lists the schema's
 * changed properties, required.
 */
export function entityChanged(notionType: string, entityType: 'page' | 'data_source', type: NotionEventType, options: { readonly propertyChanges?: boolean } = {}): (webhook: RawWebhook) => Outcome {
  // Other events' updated_properties (page.properties_updated's is a list of ids) are not read.
  const changes: z.ZodType<NotionPropertyChange[] | undefined> = options.propertyChanges
    ? z.array(propertyChange).transform((list) => list.map(({ id, name, action }) => ({ id, name, action })))
    : z.unknown().transform(() => undefined).optional();
  const body = z.looseObject({
    id: z.string().min(1),
    type: z.literal(notionType),
    timestamp,
    workspace_id: z.string(),
    authors: z.array(author).nullish(),
    entity: z.looseObject({ id: z.string(), type: z.literal(entityType) }),
    data: z.looseObject({ parent: parent.nullish(), updated_properties: changes }).nullish(),
  });
  return (webhook) => {
    const parsed = parseBody(body, webhook.body);
    if (!parsed.ok) return invalid(parsed.path, parsed.reason);
    const event = parsed.value;
    return normalized([
      engEvent(webhook, {
        type,
        naturalKey: [event.id],
        occurredAt: event.timestamp,
        source: 'notion',
        actor: actor(event.authors),
        payload: {
          entityId: event.entity.id,
          notionEventType: notionType,
          workspaceId: event.workspace_id,
          title: null,
          url: null,
          parent: event.data?.parent ?? null,
          lastEditedAt: event.timestamp,
          excerpt: null,
          propertyChanges: event.data?.updated_properties ?? null,
        },
      }),
    ]);
  };
}
