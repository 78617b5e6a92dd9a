/** Raw webhooks for integration tests, built from the fixtures under topology/. */
import { readFileSync } from 'node:fs';
import type { RawWebhook } from '../../avro/generated/types.ts';

/** A fixture body under topology/, e.g. `github/fixtures/push.json`. */
export const fixture = (path: string) => JSON.parse(readFileSync(`topology/${path}`, 'utf8')) as Record<string, unknown>;

/** The envelope a gateway puts around a webhook body, at a fixed receive time. */
export const webhook = (source: string, eventName: string, body: unknown, deliveryId: string): RawWebhook => ({
  source,
  eventName,
  deliveryId,
  receivedAt: Date.parse('2026-11-25T10:00:00Z'),
  headers: {},
  body: JSON.stringify(body),
});
