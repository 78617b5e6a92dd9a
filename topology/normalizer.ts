/**
 * What every source is: one folder (its normalizer, its fixtures) whose `Normalizer` carries all
 * that Switchyard knows of the source, so nothing outside the folder switches on a source name.
 *
 * `normalize` is a pure function from one raw webhook to what became of it:
 *
 * - `normalized`: the typed events it yields (zero or more: a push yields one per commit).
 * - `skipped`: an event or action Switchyard does not use; counted, never an error.
 * - `invalid`: a supported event whose payload lacks or mistypes what the normalizer needs; it
 *   goes to the dead-letter topic with `path` (a JSON path into the webhook body) and `reason`.
 *
 * Normalizers never throw for bad input, never do I/O and never read the clock, so replaying a
 * webhook gives the same events with the same ids.
 *
 * The rest is what replay (and the gateway it stands in for) needs to know of the source: the
 * Kafka key of a webhook, the headers kept with it, how a bare body on disk is told to be the
 * source's, and its fixtures and samples. Before they lived here, replay switched on source
 * names, and a source it did not know had all its webhooks keyed to one partition.
 */
import type { EngEvent, EngEventType, Identity, RawWebhook } from '../avro/generated/types.ts';
import type { RawTopic } from '../avro/schemas.ts';
import type { Receiver } from './receiver.ts';

export type Outcome =
  | { readonly kind: 'normalized'; readonly events: readonly EngEvent[] }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly path: string; readonly reason: string };

/**
 * What a source makes of a bare webhook body (a file, no envelope): the RawWebhook `source` and
 * `eventName` it arrives with, or why it is the source's yet unreadable. `by` says what told it:
 * the body's own fields, or only the file's place (GitHub, which names its event in a header);
 * an answer from the body wins over one from the place.
 */
export type Recognized = { readonly by: 'body' | 'path' } & ({ readonly source: string; readonly eventName: string } | { readonly reason: string });

/** A webhook body in a source's `fixtures/` folder, and the envelope it arrives in. */
export interface Fixture {
  /** Its path under the folder, as tests and samples name it: `push/payload.json`, `sprint_closed.json`. */
  readonly name: string;
  /** Its absolute path. */
  readonly file: string;
  /** The RawWebhook `source` (the normalizer's, or one of its `senders`) and `eventName`. */
  readonly source: string;
  readonly eventName: string;
}

/** A webhook of the samples `npm start` replays: the envelope's names and the body. */
export interface Sample {
  readonly source: string;
  readonly eventName: string;
  readonly body: object;
}

/**
 * A source. `Topic` is its raw topic: one of avro/schemas.ts's RawTopics for every source of
 * topology/sources.ts; a test's throwaway source, which cannot add to that list, names its own.
 */
export interface Normalizer<Topic extends string = RawTopic> {
  /** The `source` of its webhooks and events: github, jira, notion, prometheus. */
  readonly source: string;
  /** Other senders whose webhooks share its topic and normalizer (their RawWebhook `source`): Alertmanager's, for Prometheus. */
  readonly senders?: readonly string[];
  /** The raw topic its webhooks arrive on. */
  readonly topic: Topic;
  normalize(webhook: RawWebhook): Outcome;
  /**
   * The Kafka key the gateway gives a webhook with this parsed body: what keeps one repository's,
   * project's or workspace's events in order from raw topic to store. Undefined when the body
   * names none (the caller then keys by the source: one partition, still in order).
   */
  key(body: unknown): string | undefined;
  /** Whether a bare body at `file` is this source's, and which event; undefined when it is not. */
  recognize(file: string, body: object): Recognized | undefined;
  /** How the ingress receives its webhooks over HTTP, one receiver per sender (ingress/); none: it has no webhook route. */
  readonly receivers: readonly Receiver[];
  /** The headers the gateway keeps for a delivery (`x-github-event`…), so a replayed webhook looks received. */
  headers(eventName: string, deliveryId: string): Readonly<Record<string, string>>;
  /** Its fixtures, read from its `fixtures/` folder when first asked (I/O, unlike `normalize`). */
  fixtures(): readonly Fixture[];
  /** What it adds to the samples `npm start` replays, in the order they happen (built from its fixtures). */
  samples(): readonly Sample[];
}

export const normalized = (events: readonly EngEvent[]): Outcome => ({ kind: 'normalized', events });
export const skipped = (reason: string): Outcome => ({ kind: 'skipped', reason });
export const invalid = (path: string, reason: string): Outcome => ({ kind: 'invalid', path, reason });

/**
 * A deterministic event id: the source, the event's kind and the parts that identify the event
 * in its source (never the processing time; the delivery id only where it is the source's id of
 * the event: GitHub's GUID, for its kinds without a time of their own), so a replayed or
 * redelivered webhook yields the same id and every store upserts on it. Readable on purpose: it shows up in
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
