/**
 * Notion page events → `page.created`, `page.updated`, `page.deleted`, `page.undeleted` or `page.moved`
 * (a NotionEntityChanged that keeps Notion's own event type), for the project_docs index and the
 * Document nodes.
 *
 * Content and property edits are updates: they change what a page says. A move is its own kind:
 * the text is the same and only the parent (the webhook's `data.parent`, where it went) changes,
 * so a store can change where it files the page without anything to re-embed. An undelete is its own kind, not an update: the page is back as it was when
 * trashed, but the webhook carries no text to embed, so a store must bring back what it kept of
 * the page at its deletion (the vector store's trash, sinks/vectors/projectDocs.ts) rather than
 * wait for an edit. Locks, unlocks and transcript deletions change neither, and are skipped like
 * any event not listed.
 *
 * Id: `<type>:<Notion's event id>` (see `entityChanged`). Moves and undeletes were page.updated
 * before they had kinds of their own: a replay of such an event from the raw topic now gives
 * `notion.page.moved:…` / `notion.page.undeleted:…` beside the old `notion.page.updated:…` row.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { entityChanged, type NotionEventType } from './entityChanged.ts';

const PAGE_EVENTS: readonly (readonly [string, NotionEventType])[] = [
  ['page.created', 'page.created'],
  ['page.content_updated', 'page.updated'],
  ['page.properties_updated', 'page.updated'],
  ['page.deleted', 'page.deleted'],
  ['page.undeleted', 'page.undeleted'],
  ['page.moved', 'page.moved'],
];

export const pageEvents: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map(
  PAGE_EVENTS.map(([notionType, type]) => [notionType, entityChanged(notionType, 'page', type)]),
);
