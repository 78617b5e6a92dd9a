/**
 * What a running topology says about itself, without knowing who listens: the seam between the
 * operators and a metrics system (Prometheus in `metrics/`, a recorder in tests). The operator
 * library stays free of prom-client; a worker passes an {@link Instrumentation} in
 * `RunOptions.instrumentation` and gets one {@link NodeMeter} per node of each sub-topology it
 * runs.
 *
 * What is reported, and by whom:
 * - records out of every node: what the Observable it tagged emits (a batch counts its records,
 *   `to` the records it produced, `guard` the failures it gives up on); counted by a thin
 *   wrapper that `tag` puts around each node's output while a sub-topology is instantiated with
 *   instrumentation, and nowhere else;
 * - records in of every node: what its parents emitted (a `split`/`fanOut` branch: what was
 *   routed to it); the source's records in are the records it consumed;
 * - `batch`: the size of each batch it emits;
 * - `guard`: each write's duration and outcome, and the breaker's state changes;
 * - the sub-topology's own logic: named {@link Counter}s of what it decided (a webhook skipped
 *   on purpose, a command carried out), which no node's records say.
 *
 * Meters are called on the hot path: an implementation must be cheap (add to a number; do the
 * expensive part when it is scraped) and must never throw.
 */
import { ErrorCodes, SwitchyardError } from './errors.ts';
import type { NodeRole } from './nodes.ts';

export type BreakerState = 'closed' | 'halfOpen' | 'open';

/**
 * How one write call of `guard` ended: `ok` (the writer resolved), `partial` (a BatchWriteError
 * naming some records), `error` (the whole call failed), `rejected` (the breaker was open, so the
 * store was not called).
 */
export type WriteOutcome = 'ok' | 'partial' | 'error' | 'rejected';

/** The node a meter is for: as in `describe()`. */
export interface MeteredNode {
  readonly name: string;
  /** The operator, e.g. mapValues, split, guard. */
  readonly kind: string;
  readonly role: NodeRole;
}

/** Reports of one node of one running sub-topology. */
export interface NodeMeter {
  recordsIn(count: number): void;
  recordsOut(count: number): void;
  /** `batch`: one batch of `records` records left the node. */
  batchSize(records: number): void;
  /** `guard`: one call of the writer took `ms` milliseconds (wall clock) and ended with `outcome`. */
  write(ms: number, outcome: WriteOutcome, records: number): void;
  /** `guard` with a breaker: its state now (reported once as `closed` when it starts). */
  breakerState(state: BreakerState): void;
  /** `deadLetter`: one failed record is durable in the dead-letter topic, failed at `stage` with `errorClass`. */
  deadLettered(stage: string, errorClass: string): void;
}

/** A count the sub-topology's own logic keeps, by labels of bounded cardinality (never ids, keys or free text). */
export interface Counter {
  inc(labels: Readonly<Record<string, string>>): void;
}

export interface Instrumentation {
  /**
   * The meter of `node` in `subTopology`; asked once per node each time a sub-topology is
   * instantiated (again after a restart: return the same counters so they keep counting).
   */
  node(subTopology: string, node: MeteredNode): NodeMeter;
  /**
   * The counter called `name` (e.g. `events_skipped`), asked for when a pipeline is built. The
   * implementation knows the names and their labels (Prometheus: `metrics/topology.ts`, through
   * {@link knownCounters}) and throws for a name it does not know, so a mistyped name fails the
   * build instead of counting nothing; {@link noInstrumentation} counts nothing by any name.
   */
  counter(name: string): Counter;
}

const ignore = () => {};

/**
 * An {@link Instrumentation}'s `counter` that knows the names of `counters` and no other: any
 * other name throws (SWY_TOPOLOGY) when the pipeline asks for it, naming it and the known ones.
 * A Map, so a name of Object's prototype (`toString`) is no counter either.
 *
 * @example
 * const counter = knownCounters(new Map([['events_skipped', { inc: (labels) => skipped.inc(labels) }]]));
 * counter('events_skiped'); // throws: no counter events_skiped; the counters are events_skipped
 */
export function knownCounters(counters: ReadonlyMap<string, Counter>): (name: string) => Counter {
  return (name) => {
    const counter = counters.get(name);
    if (counter === undefined) throw new SwitchyardError(`no counter ${name}; the counters are ${[...counters.keys()].join(', ')}`, ErrorCodes.topology);
    return counter;
  };
}

/** A counter that drops everything. */
export const noCounter: Counter = { inc: ignore };

/** A meter that drops everything. */
export const noMeter: NodeMeter = { recordsIn: ignore, recordsOut: ignore, batchSize: ignore, write: ignore, breakerState: ignore, deadLettered: ignore };

/** Reports nothing: the default. */
export const noInstrumentation: Instrumentation = { node: () => noMeter, counter: () => noCounter };
