/**
 * Replaying webhooks onto the raw topics: what `switchyard replay`, `npm start`, the bench and
 * the chaos test use. See README.md beside this file.
 */
export { rawKey, rawTopicOf } from '../topology/rawRecord.ts';
export { formatSummary, progressLine, progressReporter, type ProgressReporter } from './progress.ts';
export { readWebhooks } from './read.ts';
export { MAX_LISTED, replay, type ReplayOptions, type ReplayProgress, type ReplaySummary } from './replay.ts';
export { sampleWebhooks } from './samples.ts';
export { expectedEvents, SYNTHETIC_MIX, syntheticWebhook, syntheticWebhooks, type SyntheticOptions } from './synthetic.ts';
export { isUnreadable, toOnDisk, toRawWebhook, type ReplayInput, type Unreadable, type WebhookOnDisk } from './webhook.ts';
