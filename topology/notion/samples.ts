/**
 * Notion's part of the samples `npm start` replays (replay/samples.ts), the fixtures beside this
 * file: a page created, then edited.
 */
import { readJson } from '../fixtures.ts';
import type { Sample } from '../normalizer.ts';

export function notionSamples(): Sample[] {
  return ['page.created', 'page.content_updated'].map((type) => ({ source: 'notion', eventName: type, body: readJson(new URL(`./fixtures/${type}.json`, import.meta.url)) }));
}
