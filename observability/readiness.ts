/**
 * What `/readyz` asks: a list of named checks, each ready or not with a reason. The worker
 * combines the checks below (one per supervised sub-topology, one per store) with
 * {@link allReadiness}.
 */
import { scrubText } from './logger.ts';

export interface Readiness {
  readonly name: string;
  readonly ready: boolean;
  /** Why it is not ready (or what it is, when it is): for the person reading `/readyz`. */
  readonly reason?: string;
}

export type ReadinessCheck = () => readonly Readiness[] | Promise<readonly Readiness[]>;

/**
 * Runs `check` with a time limit; a check that throws or is too slow is one not-ready entry.
 * Reasons are served to whoever asks: credentials in them (a URL in a driver's error) are cut.
 */
export async function checkReadiness(check: ReadinessCheck, timeoutMs: number): Promise<readonly Readiness[]> {
  const entries = await runCheck(check, timeoutMs);
  return entries.map((entry) => (entry.reason === undefined ? entry : { ...entry, reason: scrubText(entry.reason) }));
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<readonly Readiness[]> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<readonly Readiness[]>((resolve) => {
    timer = setTimeout(() => resolve([{ name: 'readiness', ready: false, reason: `checks took longer than ${timeoutMs} ms` }]), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timedOut]);
  } catch (error) {
    return [{ name: 'readiness', ready: false, reason: `a check failed: ${error instanceof Error ? error.message : String(error)}` }];
  } finally {
    clearTimeout(timer);
  }
}

/** What `/readyz` answers: 200 when every entry is ready, else 503, and the entries that are not named (both servers answer it so). */
export async function readinessReport(check: ReadinessCheck, timeoutMs: number): Promise<{ status: 200 | 503; body: { ready: boolean; notReady: string[]; checks: readonly Readiness[] } }> {
  const checks = await checkReadiness(check, timeoutMs);
  const notReady = checks.filter((entry) => !entry.ready).map((entry) => entry.name);
  return { status: notReady.length === 0 ? 200 : 503, body: { ready: notReady.length === 0, notReady, checks } };
}

/** Every check's entries, run in parallel. */
export function allReadiness(...checks: readonly ReadinessCheck[]): ReadinessCheck {
  return async () => (await Promise.all(checks.map((check) => check()))).flat();
}

/** What the runner returns for each sub-topology it started (see `operators/runner.ts`). */
interface RunningLike {
  readonly subTopologies: ReadonlyMap<string, { readonly done: Promise<void> }>;
}

/**
 * One entry per sub-topology of a topology run without a supervisor (the runner's or the test
 * driver's `running`): ready until it stops (after a graceful
 * stop, or an error that stopped it, which the reason quotes).
 */
export function subTopologyReadiness(running: RunningLike): ReadinessCheck {
  const ended = new Map<string, string>();
  for (const [name, sub] of running.subTopologies) {
    sub.done.then(
      () => ended.set(name, 'stopped'),
      (error: unknown) => ended.set(name, `failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  return () =>
    [...running.subTopologies.keys()].map((name) => {
      const reason = ended.get(name);
      return reason === undefined ? { name: `sub-topology ${name}`, ready: true, reason: 'running' } : { name: `sub-topology ${name}`, ready: false, reason };
    });
}

/** One entry per sub-topology the worker's supervisor runs: ready while running, else its state and last error. */
export function supervisedReadiness(status: () => readonly { readonly name: string; readonly state: string; readonly lastError?: string | undefined }[]): ReadinessCheck {
  return () =>
    status().map(({ name, state, lastError }) => ({
      name: `sub-topology ${name}`,
      ready: state === 'running',
      reason: state === 'running' || lastError === undefined ? state : `${state}: ${lastError}`,
    }));
}

/** A store's health (a sink's `health()`) as one readiness entry. */
export function storeReadiness(name: string, health: () => Promise<{ readonly healthy: boolean; readonly detail?: string; readonly version?: string }>): ReadinessCheck {
  return async () => {
    try {
      const { healthy, detail, version } = await health();
      const reason = detail ?? version;
      return [{ name: `store ${name}`, ready: healthy, ...(reason === undefined ? {} : { reason }) }];
    } catch (error) {
      return [{ name: `store ${name}`, ready: false, reason: error instanceof Error ? error.message : String(error) }];
    }
  };
}
