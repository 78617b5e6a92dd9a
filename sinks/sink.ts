/**
 * What every store's sink is (DESIGN.md "Stores"): the same shape for PostgreSQL, ClickHouse,
 * Neo4j and the vector stores, so the sink sub-topologies treat them alike.
 *
 *     eng.events.v1 ─ decode ─ accepts(store's handlers) ─ batch ─ guard(sink.write) ─ commit
 *
 * - `init()` creates what the store needs (migrations, DDL, constraints); idempotent, run at
 *   start.
 * - `write(events)` stores a batch of normalized events, idempotently: writing the same events
 *   again (a replay, an at-least-once redelivery) leaves the store as it was. It throws a
 *   retriable error when trying again may help (the store is down), a non-retriable one when
 *   it never will (the event breaks a constraint); a `BatchWriteError` names the events that
 *   failed when the others were written.
 * - `health()` answers whether the store is reachable with our credentials, and its version.
 * - `summary()` (optional) says what the store holds in a few headline counts and where it is,
 *   for `npm start` and the chaos check to print; a cheap query or two, never a scan per event.
 * - `close()` releases connections.
 *
 * Which events reach a sink is its store's handlers' business (sinks/handlers.ts), applied by
 * the sink sub-topology, not the sink; batch size, wait, breaker and rate limit are declared in
 * configuration and applied by the shared operators, not coded here.
 */
import type { EngEvent } from '../avro/generated/types.ts';
import type { Store } from './registry.ts';

export interface SinkHealth {
  readonly healthy: boolean;
  readonly version?: string;
  readonly detail?: string;
}

/** What a store holds, for people: a few counts by what they count, and the store's address. */
export interface StoreSummary {
  /** Headline counts, e.g. `{ users: 12, 'processed events': 5000 }`; the keys are for reading. */
  readonly rows: Readonly<Record<string, number>>;
  /** The store's address without credentials, e.g. `postgres://127.0.0.1:5432/switchyard (schema public)`. */
  readonly where: string;
}

/**
 * A URL as it may be printed: user, password and query string removed (a query string may carry
 * a password or token too, e.g. `?password=`).
 */
export function addressOf(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an address that is not a URL)';
  }
}

export interface Sink {
  readonly store: Store;
  init(): Promise<void>;
  write(events: readonly EngEvent[]): Promise<void>;
  health(): Promise<SinkHealth>;
  summary?(): Promise<StoreSummary>;
  close(): Promise<void>;
}
