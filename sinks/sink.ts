/**
 * What every store's sink is (DESIGN.md "Stores"): the same shape for PostgreSQL, ClickHouse,
 * Neo4j and the vector stores, so the sink sub-topologies treat them alike.
 *
 *     eng.events.v1 ─ routesTo(store) ─ batch ─ guard(sink.write) ─ commit
 *
 * - `init()` creates what the store needs (migrations, DDL, constraints); idempotent, run at
 *   start.
 * - `write(events)` stores a batch of normalized events, idempotently: writing the same events
 *   again (a replay, an at-least-once redelivery) leaves the store as it was. It throws a
 *   retriable error when trying again may help (the store is down), a non-retriable one when
 *   it never will (the event breaks a constraint); a `BatchWriteError` names the events that
 *   failed when the others were written.
 * - `health()` answers whether the store is reachable with our credentials, and its version.
 * - `close()` releases connections.
 *
 * Which events reach a sink is the routing table's business (topology/routing.ts), not the
 * sink's; batch size, wait, breaker and rate limit are declared in configuration and applied by
 * the shared operators, not coded here.
 */
import type { EngEvent } from '../avro/generated/types.ts';
import type { Store } from '../topology/routing.ts';

export interface SinkHealth {
  readonly healthy: boolean;
  readonly version?: string;
  readonly detail?: string;
}

export interface Sink {
  readonly store: Store;
  init(): Promise<void>;
  write(events: readonly EngEvent[]): Promise<void>;
  health(): Promise<SinkHealth>;
  close(): Promise<void>;
}
