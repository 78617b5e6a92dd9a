/**
 * A store's first connection names its variable: when a sink's `init()` fails (the store is down,
 * the URL points elsewhere, the credentials are refused), the error the supervisor logs starts
 * with `POSTGRES_URL=postgres://app:redacted@db:5432/eng: …`, not only the driver's
 * `connect ECONNREFUSED 10.0.0.5:5432`, which says nothing of where that address came from.
 * Which variable points a store where is its descriptor's `whereFrom` (sinks/store.ts).
 */
import { ConnectionError, storeUnreachable, type ConnectionSetting } from '../config/connectionErrors.ts';
import type { Sink } from '../sinks/sink.ts';

/**
 * The sink, its `init()` failures rethrown as a ConnectionError naming `setting` (the store's
 * error kept as the cause, and whether a retry may help). A copy: the sinks are plain objects
 * of closures, so the other methods work unchanged on it.
 */
export function namingConnection<S extends Sink>(sink: S, setting: ConnectionSetting): S {
  return {
    ...sink,
    init: () =>
      sink.init().catch((error: unknown) => {
        const retriable = (error as { retriable?: unknown } | null)?.retriable;
        throw new ConnectionError(setting.variable, storeUnreachable(setting.variable, setting.value, error), { cause: error, retriable: typeof retriable === 'boolean' ? retriable : true });
      }),
  };
}
