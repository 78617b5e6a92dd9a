/**
 * The one worker child of a fault run. It must live from the first fault to the last: any exit
 * before the planned SIGTERM is a failure of the run, recorded with its code and the moment.
 * The keeper then starts a new worker, so the faults after it are still tried and reported
 * (an early crash should not hide what the other faults would have shown); the verdict counts
 * the exits.
 */
import { startWorkerProcess, waitUntilReady, type WorkerProcess } from '../workerProcess.ts';

export interface WorkerExit {
  readonly pid: number;
  readonly code: number | string;
  /** Seconds into the run. */
  readonly atSeconds: number;
}

export interface WorkerKeeper {
  readonly exits: readonly WorkerExit[];
  current(): WorkerProcess;
  /** The planned stop: SIGTERM, and the exit code. */
  stop(): Promise<number | string>;
}

export async function keepWorker(env: Readonly<Record<string, string>>, logFile: string, metricsPort: number, options: { started: number; log: (line: string) => void }): Promise<WorkerKeeper> {
  const exits: WorkerExit[] = [];
  let planned = false;
  let worker: WorkerProcess;

  const launch = () => {
    const child = startWorkerProcess(env, logFile);
    worker = child;
    void child.exited.then((code) => {
      if (planned) return;
      exits.push({ pid: child.pid, code, atSeconds: Math.round((Date.now() - options.started) / 1000) });
      options.log(`WORKER EXITED UNPLANNED: pid ${child.pid}, exit ${code} (see the worker log); starting another so the remaining faults are still tried`);
      launch();
    });
    return child;
  };

  const first = launch();
  await waitUntilReady(metricsPort, first);
  options.log(`worker ${first.pid} ready`);
  return {
    exits,
    current: () => worker,
    async stop() {
      planned = true;
      worker.kill('SIGTERM');
      return worker.exited;
    },
  };
}
