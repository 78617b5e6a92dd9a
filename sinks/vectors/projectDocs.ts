/**
 * Project docs (namespace `project_docs`): one vector per Notion page, id = Notion's page id, so
 * "which documentation is most relevant to this question?" is a nearest-neighbour query. A page
 * created or updated is (re)embedded from its title and the start of its text; a page deleted
 * leaves project_docs (no question finds it any more) for the trash namespace
 * (`project_docs_trash`), and a page undeleted comes back from there as it was.
 *
 * Why a trash rather than a plain delete: Notion's `page.undeleted` carries ids only, like every
 * webhook, so it has no text to embed; the vector kept at deletion is the page as it was when
 * trashed, which is what Notion restores. Notion keeps a trashed page 30 days and sends nothing
 * when it empties its trash, so the trash here is only emptied by an undelete; a page deleted
 * before the trash existed is not in it, and comes back with its next fetched edit.
 *
 * Notion's webhooks carry ids only: the title, url, parent and excerpt are what the normalizer
 * could fetch from Notion's API, and may be null (not fetched, no access). A page with neither
 * title nor excerpt is an `unfetched` change, which leaves the stored vector as it is: an empty
 * text would replace a good vector with a meaningless one. The parent is kept in metadata, not in
 * the text: the webhook names its type and id, not its title, and an id says nothing about the
 * page. So a move re-files the stored page under its new parent, as of the move, without
 * re-embedding it: `page.moved` carries no text, and the text has not changed. The excerpt is the start of the page only, so a long page is found by its beginning.
 *
 * Idempotent: the record is a function of the event alone. `lastEditedAt` in metadata lets the
 * sink skip an event older than the stored page, so a replay of an older update does not undo a
 * newer one.
 */
import type { NotionParent } from '../../avro/generated/types.ts';
import type { EventOf } from '../handlers.ts';
import type { Metadata } from './store.ts';

/** Characters of the excerpt kept in metadata, to show with a match (well under 40 KB). */
const EXCERPT_IN_METADATA = 4_000;

export type DocChange =
  | { readonly kind: 'upsert'; readonly id: string; readonly text: string; readonly lastEditedAt: number; readonly metadata: Metadata }
  | { readonly kind: 'delete'; readonly id: string }
  /** The page changed, but Notion gave nothing to embed: its stored vector, if any, stays. */
  | { readonly kind: 'unfetched'; readonly id: string; readonly lastEditedAt: number }
  /** The page is out of Notion's trash: its vector comes back from ours, unless project_docs already has the page. */
  | { readonly kind: 'restore'; readonly id: string }
  /** The page moved: same text, so same vector; its stored metadata takes the new parent (`parentMetadata`). */
  | { readonly kind: 'move'; readonly id: string; readonly lastEditedAt: number; readonly parent: Metadata };

/** A page created or updated: (re)embedded from its title and excerpt, when Notion gave either. */
export function pageChange(event: EventOf<'page.created' | 'page.updated'>): DocChange {
  const p = event.payload;
  const text = [p.title, p.excerpt].filter((part): part is string => part !== null && part.trim().length > 0).join('\n\n');
  if (text.length === 0) return { kind: 'unfetched', id: p.entityId, lastEditedAt: p.lastEditedAt };
  const metadata: Metadata = {
    pageId: p.entityId,
    workspaceId: p.workspaceId,
    lastEditedAt: p.lastEditedAt,
    ...(p.title === null ? {} : { title: p.title }),
    ...(p.url === null ? {} : { url: p.url }),
    ...parentMetadata(p.parent),
    ...(p.excerpt === null ? {} : { excerpt: p.excerpt.slice(0, EXCERPT_IN_METADATA) }),
  };
  return { kind: 'upsert', id: p.entityId, text, lastEditedAt: p.lastEditedAt, metadata };
}

/** A page deleted: its vector goes to the trash namespace. */
export const pageDeletion = (event: EventOf<'page.deleted'>): DocChange => ({ kind: 'delete', id: event.payload.entityId });

/** A page undeleted: its vector comes back from the trash namespace (the webhook has no text to embed). */
export const pageRestore = (event: EventOf<'page.undeleted'>): DocChange => ({ kind: 'restore', id: event.payload.entityId });

/** A page moved: the stored page takes its new parent, its text and vector unchanged. */
export const pageMove = (event: EventOf<'page.moved'>): DocChange => ({ kind: 'move', id: event.payload.entityId, lastEditedAt: event.payload.lastEditedAt, parent: parentMetadata(event.payload.parent) });

/** The parent as metadata: `parentType`, and `parentId` unless it is the workspace; nothing when unknown. */
export function parentMetadata(parent: NotionParent | null): Metadata {
  return parent === null ? {} : { parentType: parent.type, ...(parent.id === null ? {} : { parentId: parent.id }) };
}

/** A stored page's metadata re-filed under `parent` as of `lastEditedAt`; the rest is kept. */
export function movedMetadata(stored: Metadata, parent: Metadata, lastEditedAt: number): Metadata {
  const { parentType: _type, parentId: _id, ...rest } = stored;
  return { ...rest, ...parent, lastEditedAt };
}
