/**
 * "A webhook" on disk, and the RawWebhook it becomes on a raw topic.
 *
 * The on-disk form is the RawWebhook envelope with everything but what the source sent made
 * optional, so a person can write one by hand and a JSON-lines file can hold a million:
 *
 *     {"source":"github","eventName":"push","deliveryId":"d-1","headers":{},"body":{…}}
 *
 * - `source`, `eventName`: required (see avro/schemas/RawWebhook.avsc for the names).
 * - `body`: the webhook body, as a JSON value or as JSON text.
 * - `deliveryId`: default, where the webhook came from (`file:samples.jsonl:3`, the path as
 *   given), the same each time that file is replayed by that path. Event ids do not use it, except GitHub's kinds without a time of
 *   their own (topology/github/organizationInternals.ts), which take the delivery id, GitHub's
 *   GUID of the event, into their id: a made-up one changes only those, so replaying one onto
 *   the events the live webhook made needs its X-GitHub-Delivery.
 * - `receivedAt`: epoch milliseconds or an ISO-8601 string; default, the time of the replay.
 * - `headers`: default, the source's own (`Normalizer.headers`: x-github-event…), a subset of what the ingress keeps.
 */
import type { RawWebhook } from '../avro/generated/types.ts';
import { normalizerFor } from '../topology/sources.ts';

export interface WebhookOnDisk {
  readonly source: string;
  readonly eventName: string;
  readonly body: unknown;
  readonly deliveryId?: string;
  readonly receivedAt?: number | string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Something that could not be replayed, and why: reported, never dropped silently. */
export interface Unreadable {
  /** Where it came from: a file path, `path:line` for a JSON-lines file. */
  readonly origin: string;
  readonly reason: string;
  /** Files under a folder that are not webhook files at all (READMEs, code): listed so nothing goes unsaid, not an error. */
  readonly ignored?: true;
}

/** What a reader hands `replay`: a webhook, or a report of something it could not read. */
export type ReplayInput = RawWebhook | Unreadable;

export const isUnreadable = (input: ReplayInput): input is Unreadable => 'reason' in input && !('body' in input);

/** True when a parsed JSON value is in the on-disk form rather than a bare webhook body. */
export function isWebhookOnDisk(value: unknown): value is WebhookOnDisk {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  return typeof o.source === 'string' && typeof o.eventName === 'string' && 'body' in o;
}

/** The headers a gateway keeps for a delivery (the source's own, `Normalizer.headers`), so a replayed webhook looks like a received one. */
export function gatewayHeaders(source: string, eventName: string, deliveryId: string): Record<string, string> {
  return { ...normalizerFor(source)?.headers(eventName, deliveryId) };
}

/**
 * The RawWebhook of an on-disk webhook; throws an Error naming the field that is wrong.
 * `origin` is the default delivery id, `now` the default receivedAt.
 */
export function toRawWebhook(entry: WebhookOnDisk, origin: string, now: number): RawWebhook {
  const deliveryId = entry.deliveryId ?? origin;
  if (typeof deliveryId !== 'string' || deliveryId === '') throw new Error('deliveryId must be a non-empty string');
  let receivedAt = now;
  if (typeof entry.receivedAt === 'number') receivedAt = entry.receivedAt;
  else if (typeof entry.receivedAt === 'string') receivedAt = Date.parse(entry.receivedAt);
  else if (entry.receivedAt !== undefined) throw new Error('receivedAt must be epoch milliseconds or an ISO-8601 string');
  if (!Number.isSafeInteger(receivedAt)) throw new Error(`receivedAt ${JSON.stringify(entry.receivedAt)} is not a time`);
  const headers = entry.headers ?? gatewayHeaders(entry.source, entry.eventName, deliveryId);
  if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) throw new Error('headers must be an object of strings');
  if (entry.body === undefined || entry.body === null) throw new Error('body is missing');
  const body = typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body);
  return { source: entry.source, eventName: entry.eventName, deliveryId, receivedAt, headers: { ...headers }, body };
}

/** The on-disk form of a RawWebhook (the body as JSON, not text): what `--dry-run` prints. */
export function toOnDisk(webhook: RawWebhook): WebhookOnDisk {
  return { source: webhook.source, eventName: webhook.eventName, deliveryId: webhook.deliveryId, receivedAt: new Date(webhook.receivedAt).toISOString(), headers: webhook.headers, body: JSON.parse(webhook.body) as unknown };
}
