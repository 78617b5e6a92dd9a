/**
 * The worker as chaos treats it: a real `switchyard worker` child process, started with the
 * run's environment, killed with SIGKILL (no handler runs, nothing is flushed or committed) or
 * stopped with SIGTERM at the end. Its output is appended to one log file across restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';

export interface WorkerProcess {
  readonly pid: number;
  /** Resolves with the exit code (or the signal's name) when the process ended. */
  readonly exited: Promise<number | string>;
  kill(signal: 'SIGKILL' | 'SIGTERM'): void;
}

export function startWorkerProcess(env: Readonly<Record<string, string>>, logFile: string): WorkerProcess {
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', path.resolve('cli/switchyard.ts'), 'worker'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  // The child has its own copy of the descriptor.
  closeSync(out);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { pid: child.pid!, exited, kill: (signal) => void child.kill(signal) };
}

/** Resolves when the worker answers /readyz with 200 (every sub-topology running, every store answering). */
export async function waitUntilReady(port: number, worker: WorkerProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended: number | string | undefined;
  void worker.exited.then((code) => (ended = code));
  for (;;) {
    if (ended !== undefined) throw new Error(`the worker exited (${ended}) before it was ready`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the worker was not ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
