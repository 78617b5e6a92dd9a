/**
 * Project docs (namespace `project_docs`): one vector per Notion page, id = Notion's page id, so
 * "which documentation is most relevant to this question?" is a nearest-neighbour query. A page
 * created or updated is (re)embedded from its title and the start of its text; a page deleted
 * deletes its vector.
 *
 * Notion's webhooks carry ids only: the title, url, parent and excerpt are what the normalizer
 * could fetch from Notion's API, and may be null (not fetched, no access). A page with neither
 * title nor excerpt is an `unfetched` change, which leaves the stored vector as it is: an empty
 * text would replace a good vector with a meaningless one. The parent is kept in metadata, not in
 * the text: the webhook names its type and id, not its title, and an id says nothing about the
 * page. The excerpt is the start of the page only, so a long page is found by its beginning.
 *
 * Idempotent: the record is a function of the event alone. `lastEditedAt` in metadata lets the
 * sink skip an event older than the stored page, so a replay of an older update does not undo a
 * newer one.
 */
import type { EventOf } from '../handlers.ts';
import type { Metadata } from './store.ts';

/** Characters of the excerpt kept in metadata, to show with a match (well under 40 KB). */
const EXCERPT_IN_METADATA = 4_000;

export type DocChange =
  | { readonly kind: 'upsert'; readonly id: string; readonly text: string; readonly lastEditedAt: number; readonly metadata: Metadata }
  | { readonly kind: 'delete'; readonly id: string }
  /** The page changed, but Notion gave nothing to embed: its stored vector, if any, stays. */
  | { readonly kind: 'unfetched'; readonly id: string; readonly lastEditedAt: number };

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
    ...(p.parent === null ? {} : { parentType: p.parent.type, ...(p.parent.id === null ? {} : { parentId: p.parent.id }) }),
    ...(p.excerpt === null ? {} : { excerpt: p.excerpt.slice(0, EXCERPT_IN_METADATA) }),
  };
  return { kind: 'upsert', id: p.entityId, text, lastEditedAt: p.lastEditedAt, metadata };
}

/** A page deleted: its vector goes. */
export const pageDeletion = (event: EventOf<'page.deleted'>): DocChange => ({ kind: 'delete', id: event.payload.entityId });
