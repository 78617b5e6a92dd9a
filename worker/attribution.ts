/**
 * Which sub-topology an error that escaped every handler belongs to, so the process guards
 * (processGuards.ts) restart that one sub-topology instead of letting the process die.
 *
 * Where it happened: the supervisor runs each sub-topology (its preparation, its consumer, its
 * producer, its store's clients) inside an AsyncLocalStorage context naming it. Node carries
 * that context into every callback those create (sockets, timers, promises), and it is still
 * current when `uncaughtException` or `unhandledRejection` is emitted for them, so a client's
 * unhandled `'error'` event or a forgotten rejection in a sink is traced to the sub-topology
 * whose code created it. A shared client created outside any sub-topology (the worker's Kafka
 * admin, the codec's registry client) has no context: its errors are not attributed. One created
 * lazily by the first sub-topology to use it carries that one's context: its errors restart that
 * sub-topology, which loses nothing (it reads again from its committed offsets).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Attribution {
  readonly subTopology: string;
  /** Restarts the sub-topology with `error` as the reason; false when it could not (already restarting, stopping). */
  fail(error: unknown): boolean;
}

const current = new AsyncLocalStorage<Attribution>();

/** Runs `work` (and whatever it starts, asynchronously too) as part of `attribution`'s sub-topology. */
export function runAttributed<T>(attribution: Attribution, work: () => T): T {
  return current.run(attribution, work);
}

/** The sub-topology whose code is running now (in a guard: the one that raised the error), or undefined. */
export function currentAttribution(): Attribution | undefined {
  return current.getStore();
}
