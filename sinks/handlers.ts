/**
 * What a store does with each kind of event: one `Handler` per kind, or `null` for "this store
 * keeps nothing of it". A store's handlers are a `Handlers<Row>` checked with `satisfies`, so a
 * new kind in avro/schemas/EngEvent.avsc fails to compile until every store has decided:
 *
 *     export const neo4jHandlers = {
 *       'commit.pushed': { why: 'Contribution link (CONTRIBUTED_TO)', rows: (event) => [contributionOf(event)] },
 *       'metric.sampled': null,
 *       …every other kind…
 *     } satisfies Handlers<GraphFact>;
 *
 * Handlers see what an event *is* (its kind and payload), never who sent it: a GitLab push is a
 * `commit.pushed` like GitHub's and reaches the same handler. The routing table
 * (topology/routing.ts) is drawn from the handlers — `null` is ✗, a handler is ✓ with its `why`,
 * a handler with `when` is "Maybe" with the rule in words — so the table cannot disagree with
 * what the stores write. The sink sub-topology keeps the events `accepts` says yes to; the sinks
 * themselves never re-apply routing.
 *
 * `rows` builds what the store writes for one event, as plain values; a store groups them into
 * its batch writes. It is pure (no I/O, no clock): a replay yields the same rows.
 */
import type { EngEvent, EngEventType } from '../avro/generated/types.ts';

/** What an event is, whoever sent it: `commit.pushed`, `pull_request.merged`, `issue.updated`, … */
export type Kind = EngEventType;

/** The events of one kind, their payload typed. */
export type EventOf<K extends Kind> = Extract<EngEvent, { type: K }>;

/** A "maybe": only the events that pass the rule reach the store. */
export interface Rule<K extends Kind> {
  /** The rule in words, for the routing table: "a substantial commit (new, not a merge, …)". */
  readonly when: string;
  readonly test: (event: EventOf<K>) => boolean;
}

export interface Handler<K extends Kind, Row> {
  /**
   * Why the store keeps these events: "Update user stats". The routing table shows it in a ✓
   * cell; a "maybe" cell shows `only.when`, the rule, as the guide's table does.
   */
  readonly why: string;
  /** Set for a "maybe": events failing it are not sent to the store. */
  readonly only?: Rule<K>;
  /** What the store writes for one event; never empty for an event the store accepts (a contract test checks it on every fixture). */
  readonly rows: (event: EventOf<K>) => readonly Row[];
}

/** Every kind, decided: a handler, or null for "nothing to keep". */
export type Handlers<Row> = { readonly [K in Kind]: Handler<K, Row> | null };

/** One kind's handler with its event type erased, as stores and the routing table look them up. */
type AnyHandler<Row> = Handler<Kind, Row>;

/** The handler of an event's kind, or null. */
export function handlerOf<Row>(handlers: Handlers<Row>, event: EngEvent): AnyHandler<Row> | null {
  // Handlers<Row>[K] is Handler<K, Row>: the handler looked up by the event's own type takes it.
  return handlers[event.type] as AnyHandler<Row> | null;
}

/** Whether a store with these handlers keeps the event: a handler, whose rule (if any) holds. */
export function accepts(handlers: Handlers<unknown>, event: EngEvent): boolean {
  const handler = handlerOf(handlers, event);
  return handler !== null && (handler.only === undefined || handler.only.test(event as never));
}

/** What a store writes for an event: its handler's rows, or none when the store does not keep it. */
export function rowsOf<Row>(handlers: Handlers<Row>, event: EngEvent): readonly Row[] {
  return accepts(handlers, event) ? handlerOf(handlers, event)!.rows(event as never) : [];
}

/** The routing-table cell of a kind for a store: ✓ why, Maybe: when, or ✗. */
export function cellOf(handlers: Handlers<unknown>, kind: Kind): string {
  const handler = handlers[kind] as AnyHandler<unknown> | null;
  if (handler === null) return '✗';
  return handler.only === undefined ? `✓ ${handler.why}` : `Maybe: ${handler.only.when}`;
}
