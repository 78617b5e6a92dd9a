/**
 * Notion page events → `page.created`, `page.updated` or `page.deleted`
 * (a NotionEntityChanged that keeps Notion's own event type), for the project_docs index and the
 * Document nodes.
 *
 * Every event that changes what a page says or where it lives is an update: content and property
 * edits, moves, and an undelete (the page is back as it was). Locks, unlocks and transcript
 * deletions change neither, and are skipped like any event not listed.
 *
 * Id: `<type>:<Notion's event id>` (see `entityChanged`).
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { entityChanged, type NotionEventType } from './entityChanged.ts';

const PAGE_EVENTS: readonly (readonly [string, NotionEventType])[] = [
  ['page.created', 'page.created'],
  ['page.content_updated', 'page.updated'],
  ['page.properties_updated', 'page.updated'],
  ['page.moved', 'page.updated'],
  ['page.undeleted', 'page.updated'],
  ['page.deleted', 'page.deleted'],
];

export const pageEvents: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map(
  PAGE_EVENTS.map(([notionType, type]) => [notionType, entityChanged(notionType, 'page', type)]),
);
