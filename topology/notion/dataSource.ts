/**
 * Notion data source events (API version 2025-09-03, where a database holds data sources) →
 * `data_source.created`, `data_source.updated` or `data_source.deleted`,
 * keeping Notion's own event type.
 *
 * Content updates (its pages changed), schema updates (its properties changed, listed in
 * `propertyChanges`), moves and an undelete are updates. The `database.*` events of older API versions are skipped: subscribe
 * with 2025-09-03 to get these.
 *
 * Id: `<type>:<Notion's event id>` (see `entityChanged`).
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { entityChanged, type NotionEventType } from './entityChanged.ts';

const DATA_SOURCE_EVENTS: readonly (readonly [string, NotionEventType])[] = [
  ['data_source.created', 'data_source.created'],
  ['data_source.content_updated', 'data_source.updated'],
  ['data_source.schema_updated', 'data_source.updated'],
  ['data_source.moved', 'data_source.updated'],
  ['data_source.undeleted', 'data_source.updated'],
  ['data_source.deleted', 'data_source.deleted'],
];

export const dataSourceEvents: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map(
  DATA_SOURCE_EVENTS.map(([notionType, type]) => [notionType, entityChanged(notionType, 'data_source', type, { propertyChanges: notionType === 'data_source.schema_updated' })]),
);
