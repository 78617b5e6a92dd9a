/**
 * The worker process's last line: `unhandledRejection` and `uncaughtException` handlers, and the
 * log of errors the stores' clients reported on their own (observability/clientErrors.ts), so
 * one record or one connection never takes the whole worker down.
 *
 * What reaches a guard is logged once at `error`, with the error's code, class, message and stack
 * and, when known, the sub-topology. Then:
 * - traced to a sub-topology (attribution.ts: the context it was raised in): that one
 *   sub-topology is restarted through its supervisor, with the usual backoff; the others go on;
 * - an unhandled rejection that cannot be traced: logged, and the process goes on. A rejection
 *   travels through promises, not through a half-run function: nothing was left half-updated
 *   that the rejected promise's own chain does not own, and its owner's next step fails (or
 *   times out) where that is handled;
 * - an uncaught exception that cannot be traced but is a lost connection (ECONNRESET, EPIPE, a
 *   server that ended the session…): logged, and the process goes on. The client that lost it is
 *   unusable, and whoever uses it next gets an error it handles (a sink's retry);
 * - any other uncaught exception is a bug thrown through frames we know nothing about: logged
 *   at `fatal` and the process exits 1. Node documents that resuming after one is unsafe (state
 *   half-updated, locks or acks never released), and a partition silently stalled is worse than
 *   a restart: the orchestrator starts the worker again and nothing is lost (uncommitted records
 *   are read again, every write is idempotent).
 */
import type { Logger } from 'pino';
import { onClientError } from '../observability/clientErrors.ts';
import { connectionLost, errorClassOf } from '../operators/errors.ts';
import { currentAttribution } from './attribution.ts';

/** What the guards need of `process`; tests pass an EventEmitter. */
export interface GuardedProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown, promise: Promise<unknown>) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown, promise: Promise<unknown>) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
}

export interface ProcessGuardsOptions {
  readonly log: Logger;
  /** Default `process`. */
  readonly process?: GuardedProcess;
  /** Default `process.exit`; only for an uncaught exception no one can own (see the module comment). */
  readonly exit?: (code: number) => void;
}

/** PostgreSQL SQLSTATEs of a session the server ended (admin shutdown, crash shutdown, cannot connect now). */
const ENDED_SESSION_STATES = new Set(['57P01', '57P02', '57P03']);

/** Installs the handlers; returns a function that removes them. */
export function installProcessGuards(options: ProcessGuardsOptions): () => void {
  const target = options.process ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.log.child({ component: 'process-guards' });

  const handle = (kind: 'unhandled rejection' | 'uncaught exception', error: unknown) => {
    const context = contextOf(error);
    const attribution = currentAttribution();
    if (attribution !== undefined) {
      const restarting = attribution.fail(error);
      log.error(
        { ...context, subTopology: attribution.subTopology, restarting },
        `${kind} in ${attribution.subTopology}: ${restarting ? 'restarting it' : 'it is already restarting'}; the other sub-topologies go on`,
      );
      return;
    }
    if (kind === 'unhandled rejection') {
      log.error(context, `${kind} outside any sub-topology: logged, the worker goes on`);
      return;
    }
    if (isLostConnection(error)) {
      log.error(context, `${kind} from a lost connection outside any sub-topology: logged, the worker goes on; the client's next use fails and is retried`);
      return;
    }
    log.fatal(context, `${kind} outside any sub-topology, not a lost connection: a bug; exiting so the worker is restarted from its committed offsets`);
    exit(1);
  };
  const onRejection = (reason: unknown) => handle('unhandled rejection', reason);
  const onException = (error: Error) => handle('uncaught exception', error);
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  const stopReporting = onClientError(({ client, error }) => {
    const attribution = currentAttribution();
    log.warn(
      { ...contextOf(error), client, ...(attribution === undefined ? {} : { subTopology: attribution.subTopology }) },
      `${client} lost a connection: the next query opens a new one`,
    );
  });

  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
    stopReporting();
  };
}

/**
 * Whether `error` says a connection was lost or refused (the client's fault to recover from, not
 * the process's): the one list of network codes and words (operators/errors.ts `connectionLost`),
 * or a session the server ended.
 */
export function isLostConnection(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  try {
    const { code } = error as { code?: unknown };
    return (typeof code === 'string' && ENDED_SESSION_STATES.has(code)) || connectionLost(error);
  } catch {
    return false;
  }
}

/** The fields a guard's line carries: the error itself (code, message, stack: the logger's serializer), its class and code. */
function contextOf(error: unknown): Record<string, unknown> {
  try {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    return { err: error, errorClass: errorClassOf(error), ...(code === undefined ? {} : { errorCode: code }) };
  } catch {
    return { err: error };
  }
}
