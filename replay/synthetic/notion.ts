/**
 * Synthetic Notion webhook events from `topology/notion/fixtures/`: mostly edits of existing
 * pages (a pool of 300 in the cast's workspace), some pages created, some data sources updated.
 * Every event has its own id (Notion's event id is what the normalizer keys on).
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { DEVELOPERS, NOTION_WORKSPACE } from '../cast.ts';
import { fixture, type JsonObject } from '../fixtures.ts';
import { uuidId } from '../random.ts';
import { synthetic, type Draw } from './draw.ts';

const cache = new Map<string, JsonObject>();
const template = (type: string): JsonObject => {
  let found = cache.get(type);
  if (!found) cache.set(type, (found = fixture('notion', `${type}.json`)));
  return found;
};

function event(d: Draw, type: string, entityType: 'page' | 'data_source', entityId: string): RawWebhook {
  const base = template(type);
  const author = d.rng.pick(DEVELOPERS);
  return synthetic(d, 'notion', type, {
    ...base,
    id: d.uuid('notion-event'),
    timestamp: new Date(d.at).toISOString(),
    workspace_id: NOTION_WORKSPACE.id,
    workspace_name: NOTION_WORKSPACE.name,
    authors: [{ id: author.notionUserId, type: 'person' }],
    type,
    entity: { id: entityId, type: entityType },
    data: { ...(base.data as JsonObject | undefined), parent: { id: NOTION_WORKSPACE.id, type: 'space' } },
  });
}

const existingPage = (d: Draw) => uuidId('notion-page', d.rng.int(300));

export const NOTION_KINDS = {
  'notion.page_content_updated': { weight: 3, build: (d: Draw) => event(d, 'page.content_updated', 'page', existingPage(d)) },
  'notion.page_created': { weight: 1, build: (d: Draw) => event(d, 'page.created', 'page', d.uuid('notion-page')) },
  'notion.data_source_content_updated': { weight: 1, build: (d: Draw) => event(d, 'data_source.content_updated', 'data_source', uuidId('notion-data-source', d.rng.int(20))) },
} as const;
