/**
 * The Notion normalizer: webhook events (the 2025 webhook events API) from `notion-events`,
 * dispatched on Notion's `type` (the RawWebhook's eventName).
 *
 * | Notion type                                                       | kinds (source notion) |
 * | ----------------------------------------------------------------- | --------------------- |
 * | page.created                                                      | page.created          |
 * | page.content_updated, .properties_updated                          | page.updated          |
 * | page.deleted                                                      | page.deleted          |
 * | page.undeleted                                                    | page.undeleted        |
 * | page.moved                                                        | page.moved            |
 * | data_source.created                                               | data_source.created   |
 * | data_source.content_updated, .schema_updated, .moved, .undeleted  | data_source.updated   |
 * | data_source.deleted                                               | data_source.deleted   |
 * | comment.created                                                   | page_comment.created  |
 *
 * Everything else (comment edits and deletions, file uploads, database.* of older API versions, page locks, the
 * subscription's verification request) is skipped, with its reason (skipped.ts). Every page and data source id is
 * `notion.<kind>:<Notion's event id>` (see `entityChanged.ts` for why), a comment's its comment id (comment.ts). How its webhooks are
 * keyed and told on disk: webhooks.ts; its samples: samples.ts.
 *
 * @see https://developers.notion.com/reference/webhooks-events-delivery
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { fixturesIn } from '../fixtures.ts';
import { skipped, type Normalizer, type Outcome } from '../normalizer.ts';
import { commentEvents } from './comment.ts';
import { dataSourceEvents } from './dataSource.ts';
import { pageEvents } from './page.ts';
import { notionSamples } from './samples.ts';
import { skipReason } from './skipped.ts';
import { notionKey, recognizeNotion } from './webhooks.ts';
import { notionReceiver } from './receiver.ts';

const kinds: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map([...pageEvents, ...dataSourceEvents, ...commentEvents]);

export const notion: Normalizer = {
  source: 'notion',
  topic: 'notion-events',
  normalize(webhook) {
    const kind = kinds.get(webhook.eventName);
    return kind === undefined ? skipped(skipReason(webhook.eventName)) : kind(webhook);
  },
  key: notionKey,
  receivers: [notionReceiver],
  recognize: recognizeNotion,
  headers: () => ({}),
  fixtures: fixturesIn(new URL('./fixtures/', import.meta.url), recognizeNotion),
  samples: notionSamples,
};
