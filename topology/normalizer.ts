/**
 * What every source's normalizer is: a pure function from one raw webhook to what became of it.
 *
 * - `normalized`: the typed events it yields (zero or more: a push yields one per commit).
 * - `skipped`: an event or action Switchyard does not use; counted, never an error.
 * - `invalid`: a supported event whose payload lacks or mistypes what the normalizer needs; it
 *   goes to the dead-letter topic with `path` (a JSON path into the webhook body) and `reason`.
 *
 * Normalizers never throw for bad input, never do I/O and never read the clock, so replaying a
 * webhook gives the same events with the same ids.
 */
import type { EngEvent, EngEventType, Identity, RawWebhook } from '../avro/generated/types.ts';

export type Outcome =
  | { readonly kind: 'normalized'; readonly events: readonly EngEvent[] }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly path: string; readonly reason: string };

export interface Normalizer {
  /** The `source` of its webhooks and events: github, jira, notion, prometheus. */
  readonly source: string;
  /** The raw topic its webhooks arrive on. */
  readonly topic: string;
  normalize(webhook: RawWebhook): Outcome;
}

export const normalized = (events: readonly EngEvent[]): Outcome => ({ kind: 'normalized', events });
export const skipped = (reason: string): Outcome => ({ kind: 'skipped', reason });
export const invalid = (path: string, reason: string): Outcome => ({ kind: 'invalid', path, reason });

/**
 * A deterministic event id: the source, the event's kind and the parts that identify the event
 * in its source (never the delivery id or the processing time), so a replayed or redelivered
 * webhook yields the same id and every store upserts on it. Readable on purpose: it shows up in
 * stores and logs. The source keeps two sources' events of one kind apart (and the ids are what
 * they were when types were `<source>.<kind>`).
 *
 * @example eventId('github', 'commit.pushed', 'octo/hello', sha) // 'github.commit.pushed:octo/hello:6113728f…'
 */
export function eventId(source: string, kind: EngEvent['type'], ...naturalKey: readonly (string | number)[]): string {
  return [`${source}.${kind}`, ...naturalKey.map(String)].join(':');
}

type PayloadOf<T extends EngEventType> = Extract<EngEvent, { type: T }>['payload'];

/** What a normalizer knows of one event; `engEvent` adds the envelope every event shares. */
export interface EventParts<T extends EngEventType> {
  readonly type: T;
  /** The parts that identify the event in its source (see `eventId`). */
  readonly naturalKey: readonly (string | number)[];
  readonly occurredAt: number;
  readonly source: string;
  readonly actor: Identity | null;
  readonly repository?: string | null;
  readonly projectKey?: string | null;
  readonly payload: PayloadOf<T>;
}

/** An EngEvent of a webhook: the id from the natural key, provenance from the delivery. */
export function engEvent<T extends EngEventType>(webhook: RawWebhook, parts: EventParts<T>): EngEvent {
  // TypeScript cannot narrow a union member from a generic type parameter; `type` and `payload`
  // are tied by PayloadOf<T>, which is what the cast relies on.
  return {
    eventId: eventId(parts.source, parts.type, ...parts.naturalKey),
    type: parts.type,
    occurredAt: parts.occurredAt,
    source: parts.source,
    actor: parts.actor,
    repository: parts.repository ?? null,
    projectKey: parts.projectKey ?? null,
    deliveryId: webhook.deliveryId,
    payload: parts.payload,
  } as EngEvent;
}
