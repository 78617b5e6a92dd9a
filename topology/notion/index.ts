/**
 * The Notion normalizer: webhook events (the 2025 webhook events API) from `notion-events`,
 * dispatched on Notion's `type` (the RawWebhook's eventName).
 *
 * | Notion type                                                       | kinds (source notion) |
 * | ----------------------------------------------------------------- | --------------------- |
 * | page.created                                                      | page.created          |
 * | page.content_updated, .properties_updated, .moved, .undeleted     | page.updated          |
 * | page.deleted                                                      | page.deleted          |
 * | data_source.created                                               | data_source.created   |
 * | data_source.content_updated, .schema_updated, .moved, .undeleted  | data_source.updated   |
 * | data_source.deleted                                               | data_source.deleted   |
 *
 * Everything else (comments, file uploads, database.* of older API versions, page locks, the
 * subscription's verification request) is skipped. Every id is
 * `notion.<kind>:<Notion's event id>`: see `entityChanged.ts` for why. How its webhooks are
 * keyed and told on disk: webhooks.ts; its samples: samples.ts.
 *
 * @see https://developers.notion.com/reference/webhooks-events-delivery
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { fixturesIn } from '../fixtures.ts';
import { skipped, type Normalizer, type Outcome } from '../normalizer.ts';
import { dataSourceEvents } from './dataSource.ts';
import { pageEvents } from './page.ts';
import { notionSamples } from './samples.ts';
import { notionKey, recognizeNotion } from './webhooks.ts';

const kinds: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map([...pageEvents, ...dataSourceEvents]);

export const notion: Normalizer = {
  source: 'notion',
  topic: 'notion-events',
  normalize(webhook) {
    const kind = kinds.get(webhook.eventName);
    return kind === undefined ? skipped(`Notion event ${webhook.eventName} is not used`) : kind(webhook);
  },
  key: notionKey,
  recognize: recognizeNotion,
  headers: () => ({}),
  fixtures: fixturesIn(new URL('./fixtures/', import.meta.url), recognizeNotion),
  samples: notionSamples,
};
