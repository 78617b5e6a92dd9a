/**
 * Keeps each sub-topology of a worker running on its own, like a Kafka Streams thread per task
 * group: one failing sub-topology (a store's sink whose client broke, an exactly-once normalize
 * that lost partitions in a rebalance) is restarted from its committed offsets while the others
 * go on.
 *
 * Each sub-topology runs through its own `runTopology` (its consumer, its producer), so
 * restarting one never touches another's connections. A retriable stop (SWY_REBALANCED) is
 * restarted at once; any other failure after a backoff that doubles up to `maxRestartDelayMs`
 * and resets once the sub-topology has run for a minute. Nothing is lost by a restart: what
 * was not committed is read again, and every write downstream is idempotent.
 */
import type { RunningTopology, RunOptions, Topology } from '../operators/index.ts';
import { runTopology } from '../operators/index.ts';
import { runAttributed } from './attribution.ts';

export type SubTopologyState = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped';

export interface SubTopologyStatus {
  readonly name: string;
  readonly state: SubTopologyState;
  /** Times it was restarted after a failure. */
  readonly restarts: number;
  /** The last failure's message, if it ever failed. */
  readonly lastError?: string;
}

export interface SupervisorOptions extends Omit<RunOptions, 'only' | 'onError'> {
  /** Sub-topologies to run; each is supervised on its own. */
  readonly names: readonly string[];
  /** A sub-topology failed and will be restarted after `restartInMs`. */
  readonly onFailure?: (name: string, error: unknown, restartInMs: number) => void;
  /**
   * Run before each (re)start of a sub-topology, e.g. a sink's migrations: a store that is down
   * when the worker starts fails this step and is retried with the backoff, while the others run.
   */
  readonly prepare?: (name: string) => Promise<void>;
  /** A sub-topology (re)started and is consuming. */
  readonly onStarted?: (name: string, restarts: number) => void;
  /** Default 1000 ms; doubled per consecutive failure. */
  readonly minRestartDelayMs?: number;
  /** Default 30 s. */
  readonly maxRestartDelayMs?: number;
}

export interface Supervisor {
  status(): readonly SubTopologyStatus[];
  /**
   * Restarts `name` because of `error` (one the process guards traced to it, processGuards.ts):
   * what it runs is stopped and the failure takes the usual backoff. False when there is nothing
   * to end: it is already waiting to restart, the supervisor is stopping, or no such name.
   */
  fail(name: string, error: unknown): boolean;
  /** Graceful stop of every sub-topology (see RunningTopology.stop), within `timeoutMs`. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** A run that lasts this long is healthy again: the next failure starts the backoff anew. */
const HEALTHY_RUN_MS = 60_000;

export function supervise(topology: Topology, options: SupervisorOptions): Supervisor {
  const { names, prepare, onFailure, onStarted, minRestartDelayMs = 1_000, maxRestartDelayMs = 30_000, ...run } = options;
  const known = new Set(topology.subTopologies.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`unknown sub-topology ${unknown.join(', ')}; the topology has ${[...known].join(', ')}`);

  let stopping = false;
  const wakeUps = new Set<() => void>();
  const supervised = names.map((name) => {
    const entry = {
      name,
      state: 'starting' as SubTopologyState,
      restarts: 0,
      lastError: undefined as string | undefined,
      current: undefined as RunningTopology | undefined,
      loop: Promise.resolve(),
      /** Ends the current attempt with an error (fail()); set while it prepares, starts or runs. */
      abort: undefined as ((error: unknown) => void) | undefined,
    };
    const attribution = {
      subTopology: name,
      fail: (error: unknown) => {
        if (stopping || entry.abort === undefined) return false;
        entry.abort(error);
        entry.abort = undefined;
        return true;
      },
    };
    // Everything the sub-topology starts runs in its context: an error that escapes it is traced back here (attribution.ts).
    entry.loop = runAttributed(attribution, async () => {
      let failuresInARow = 0;
      while (!stopping) {
        const startedAt = Date.now();
        const aborted = abortSignal();
        entry.abort = aborted.abort;
        let error: unknown;
        try {
          entry.state = entry.restarts === 0 ? 'starting' : 'restarting';
          await Promise.race([prepare?.(name), aborted.promise]);
          if (stopping) break;
          entry.current = await startAbortably(() => runTopology(topology, { ...run, only: [name] }), aborted.promise);
          if (stopping) break;
          entry.state = 'running';
          notify(() => onStarted?.(name, entry.restarts));
          await Promise.race([entry.current.subTopologies.get(name)!.done, aborted.promise]);
          if (stopping) break;
          error = new Error(`sub-topology ${name} ended without being stopped`);
        } catch (caught) {
          error = caught;
        }
        entry.abort = undefined;
        if (stopping) break;
        // Whatever it still holds (its producer) goes before the restart builds new ones.
        await entry.current?.stop({ timeoutMs: 1_000 }).catch(() => {});
        entry.current = undefined;
        failuresInARow = Date.now() - startedAt > HEALTHY_RUN_MS ? 1 : failuresInARow + 1;
        const retriable = typeof error === 'object' && error !== null && 'retriable' in error && error.retriable === true && failuresInARow === 1;
        const delay = retriable ? 0 : Math.min(maxRestartDelayMs, minRestartDelayMs * 2 ** (failuresInARow - 1));
        entry.restarts += 1;
        entry.lastError = error instanceof Error ? error.message : String(error);
        entry.state = 'restarting';
        notify(() => onFailure?.(name, error, delay));
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            wakeUps.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, delay);
          wakeUps.add(wake);
        });
      }
    }).finally(() => {
      entry.abort = undefined;
    });
    return Object.assign(entry, { attribution });
  });

  return {
    status: () => supervised.map(({ name, state, restarts, lastError }) => ({ name, state, restarts, ...(lastError === undefined ? {} : { lastError }) })),
    fail: (name, error) => supervised.find((entry) => entry.name === name)?.attribution.fail(error) ?? false,
    stop: async ({ timeoutMs = 30_000 } = {}) => {
      stopping = true;
      [...wakeUps].forEach((wake) => wake());
      // One deadline for the whole stop: a sub-topology still preparing (migrations against a
      // store that is down) is left behind at it rather than holding the stop open.
      const deadline = Date.now() + timeoutMs;
      const left = () => Math.max(0, deadline - Date.now());
      const orDeadline = (work: Promise<unknown>) =>
        Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, left()).unref())]);
      // Every sub-topology stops (or is cut) before the stop says how it went: one that failed
      // must not leave the others unflushed.
      const stops = await Promise.allSettled(
        supervised.map(async (entry) => {
          entry.state = 'stopping';
          const running = entry.current;
          try {
            await running?.stop({ timeoutMs: left() });
            await orDeadline(entry.loop);
            // One that was still starting when the stop came is stopped once its start returned.
            if (entry.current !== undefined && entry.current !== running) await entry.current.stop({ timeoutMs: left() });
          } finally {
            entry.state = 'stopped';
          }
        }),
      );
      const failed = stops.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof Error ? s.reason.message : String(s.reason)] : []));
      if (failed.length > 0) throw new Error(failed.join('; '));
    },
  };
}

/** A promise that rejects when `abort(error)` is called (and never otherwise); never reported as unhandled. */
function abortSignal(): { promise: Promise<never>; abort: (error: unknown) => void } {
  let abort!: (error: unknown) => void;
  const promise = new Promise<never>((_resolve, reject) => (abort = reject));
  promise.catch(() => {});
  return { promise, abort };
}

/** The started topology, unless `aborted` comes first: then one that starts later is stopped at once. */
async function startAbortably(start: () => Promise<RunningTopology>, aborted: Promise<never>): Promise<RunningTopology> {
  const starting = start();
  try {
    return await Promise.race([starting, aborted]);
  } catch (error) {
    void starting.then((late) => late.stop({ timeoutMs: 1_000 }), () => {}).catch(() => {});
    throw error;
  }
}

/** Runs a caller's hook; one that throws (a log call that failed) must not end the supervision loop. */
function notify(hook: () => void): void {
  try {
    hook();
  } catch {
    // Nothing to report it through: the hook is the reporting.
  }
}
