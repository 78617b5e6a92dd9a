/**
 * Where a store's client reports an error it raised on its own, outside any call (a pooled
 * PostgreSQL connection the server ended, a socket reset while idle): one `node:diagnostics_channel`
 * channel. The client modules hold no logger and need none; the worker's process guards
 * subscribe and log each report with its context (worker/processGuards.ts).
 *
 * Such an error needs no handling beyond being seen: the client that raised it is discarded by
 * its pool, and the next call opens a new connection or fails with an error its caller handles.
 */
import diagnosticsChannel from 'node:diagnostics_channel';

export interface ClientErrorReport {
  /** Which client, e.g. `postgres sink:postgres`, `postgres actuator ledger`. */
  readonly client: string;
  readonly error: unknown;
}

const channel = diagnosticsChannel.channel('switchyard:client-error');

/** Reports `error` from `client`; a no-op while no one listens. */
export function reportClientError(client: string, error: unknown): void {
  if (channel.hasSubscribers) channel.publish({ client, error } satisfies ClientErrorReport);
}

/** Calls `listener` for every report, in the reporter's async context, until the returned function is called. */
export function onClientError(listener: (report: ClientErrorReport) => void): () => void {
  const subscriber = (message: unknown) => listener(message as ClientErrorReport);
  channel.subscribe(subscriber);
  return () => void channel.unsubscribe(subscriber);
}
