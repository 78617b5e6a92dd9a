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
 *   on purpose, a command carried out), which no node's records say;
 * - the runner: each partition its source stops fetching and fetches again ({@link PartitionMeter}),
 *   so a partition held back for long (a breaker open, a record that never finishes) is seen.
 *
 * Meters are called on the hot path: an implementation must be cheap (add to a number; do the
 * expensive part when it is scraped) and must never throw.
 */
import { ErrorCodes, SwitchyardError } from './errors.ts';
import type { NodeRole } from './nodes.ts';
import type { TopicPartition } from './record.ts';

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
  /**
   * `guard`: one call of the writer took `ms` milliseconds (wall clock) and ended with `outcome`.
   * `records`: what it wrote for `ok` and `partial` (a partial call's failed records left out, so
   * ok plus partial is what reached the store); the records it was given for `error` and `rejected`.
   */
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

/** Why a paused partition fetches no more; asked when someone wants to know, as it may change while paused. */
export type PauseReason = () => string;

/** How a paused partition stopped being paused: fetching again, no longer this consumer's, or its source stopped. */
export type PauseEnd = 'resumed' | 'revoked' | 'stopped';

/**
 * The runner's reports of one running sub-topology's source: each partition it pauses (its
 * in-flight bound is full, or an operator holds the flow, e.g. a guard with its breaker open)
 * and how the pause ended. Pauses are frequent and mostly short under load: keep each call cheap.
 */
export interface PartitionMeter {
  paused(tp: TopicPartition, reason: PauseReason): void;
  /** Once per pause; a partition that was not paused is not reported. */
  ended(tp: TopicPartition, how: PauseEnd): void;
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
  /**
   * The partition meter of `subTopology`'s source, asked once each time it starts. Optional:
   * an implementation that does not watch pauses leaves it out.
   */
  partitions?(subTopology: string): PartitionMeter;
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

/**
 * Several instrumentations as one: every report goes to each, in order (the worker: Prometheus
 * and the state log). A counter is asked of each, so one that does not know the name throws
 * as it would alone.
 *
 * @example
 * instrumentation: composeInstrumentation(prometheusInstrumentation(), stateLog.instrumentation)
 */
export function composeInstrumentation(...parts: readonly Instrumentation[]): Instrumentation {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  return {
    node: (subTopology, node) => {
      const meters = parts.map((part) => part.node(subTopology, node));
      return {
        recordsIn: (count) => meters.forEach((m) => m.recordsIn(count)),
        recordsOut: (count) => meters.forEach((m) => m.recordsOut(count)),
        batchSize: (records) => meters.forEach((m) => m.batchSize(records)),
        write: (ms, outcome, records) => meters.forEach((m) => m.write(ms, outcome, records)),
        breakerState: (state) => meters.forEach((m) => m.breakerState(state)),
        deadLettered: (stage, errorClass) => meters.forEach((m) => m.deadLettered(stage, errorClass)),
      };
    },
    counter: (name) => {
      const counters = parts.map((part) => part.counter(name));
      return { inc: (labels) => counters.forEach((c) => c.inc(labels)) };
    },
    partitions: (subTopology) => {
      const meters = parts.flatMap((part) => (part.partitions === undefined ? [] : [part.partitions(subTopology)]));
      return {
        paused: (tp, reason) => meters.forEach((m) => m.paused(tp, reason)),
        ended: (tp, how) => meters.forEach((m) => m.ended(tp, how)),
      };
    },
  };
}
