/**
 * Which sub-topology an error that escaped every handler belongs to, so the process guards
 * (processGuards.ts) restart that one sub-topology instead of letting the process die.
 *
 * Two ways, the explicit one first:
 * 1. The error (or one of its causes) says so: a string `subTopology` field naming a
 *    sub-topology a supervisor runs in this process (see {@link tagSubTopology}).
 * 2. Where it happened: the supervisor runs each sub-topology (its preparation, its consumer,
 *    its producer, its store's clients) inside an AsyncLocalStorage context naming it. Node
 *    carries that context into every callback those create (sockets, timers, promises), and it
 *    is still current when `uncaughtException` or `unhandledRejection` is emitted for them, so a
 *    client's unhandled `'error'` event or a forgotten rejection in a sink is traced to the
 *    sub-topology whose code created it.
 * A shared client created outside any sub-topology (the worker's Kafka admin, the codec's
 * registry client) has no context: its errors are not attributed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Attribution {
  readonly subTopology: string;
  /** Restarts the sub-topology with `error` as the reason; false when it could not (already restarting, stopping). */
  fail(error: unknown): boolean;
}

const current = new AsyncLocalStorage<Attribution>();
/** The sub-topologies supervised in this process, by name, for errors that name theirs. */
const supervised = new Map<string, Attribution>();

/** Runs `work` (and whatever it starts, asynchronously too) as part of `attribution`'s sub-topology. */
export function runAttributed<T>(attribution: Attribution, work: () => T): T {
  return current.run(attribution, work);
}

/** Makes `attribution` findable by name until the returned function is called. */
export function registerSubTopology(attribution: Attribution): () => void {
  supervised.set(attribution.subTopology, attribution);
  return () => {
    if (supervised.get(attribution.subTopology) === attribution) supervised.delete(attribution.subTopology);
  };
}

/** Marks `error` as belonging to `subTopology`; returns it (for `throw tagSubTopology(e, name)`). */
export function tagSubTopology<E>(error: E, subTopology: string): E {
  if (typeof error === 'object' && error !== null && Object.isExtensible(error)) Object.assign(error, { subTopology });
  return error;
}

/** The sub-topology `error` belongs to (by its tag, else by where it was raised), or undefined. */
export function attributionOf(error: unknown): Attribution | undefined {
  const named = taggedName(error);
  return (named === undefined ? undefined : supervised.get(named)) ?? current.getStore();
}

/** The `subTopology` field of the error or of its nearest cause that has one. */
function taggedName(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  try {
    for (let at = error; typeof at === 'object' && at !== null && !seen.has(at); at = (at as { cause?: unknown }).cause) {
      seen.add(at);
      const name = (at as { subTopology?: unknown }).subTopology;
      if (typeof name === 'string') return name;
    }
  } catch {
    // A getter that throws: this error names nothing.
  }
  return undefined;
}
