/**
 * Where the measured ingress runs. By default a child process (bench/ingress/serve.ts), because
 * in-process skews the figures against it: the bench's HTTP client (building requests, parsing
 * answers, its timers) would share the ingress's one event loop, so the ingress would be charged
 * for the load generator's work, while the bare producer, which needs no client, would not be. A
 * child gets its own event loop as the deployed `switchyard ingress` has; its CPU is read from
 * inside it, so `cpu` counts the ingress alone. BENCH_INGRESS_IN_PROCESS=1 runs it in the bench's
 * process instead, to see the difference (its CPU figure is then not reported).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Env } from '../../config/spec.ts';
import { startBenchIngress } from './start.ts';

export interface IngressUnderTest {
  readonly url: string;
  readonly where: 'child process' | 'in process';
  /** User + system CPU of the ingress's process so far, in µs; undefined in process (the bench's own would be counted). */
  cpuMicros(): Promise<number | undefined>;
  close(): Promise<void>;
}

const SERVE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.ts');
const START_TIMEOUT_MS = 45_000;

export async function ingressUnderTest(env: Env, inProcess: boolean): Promise<IngressUnderTest> {
  if (inProcess) {
    const ingress = await startBenchIngress(env);
    return { url: ingress.url, where: 'in process', cpuMicros: () => Promise.resolve(undefined), close: () => ingress.close() };
  }
  // BENCH_INGRESS_CPU_PROF=<folder>: the child's V8 CPU profile, written there when it ends, to see where its time goes.
  const profile = env.BENCH_INGRESS_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_INGRESS_CPU_PROF}`] : [];
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', ...profile, SERVE], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(code ?? signal))));
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((cpu: number) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ingress child was not ready within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    void exited.then((code) => reject(new Error(`the ingress child exited (${code}) before it was ready`)));
    lines.on('line', (line) => {
      let message: { url?: string; error?: string; cpuMicros?: number };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (message.cpuMicros !== undefined) waiting.shift()?.(message.cpuMicros);
      else if (message.error !== undefined) reject(new Error(`the ingress child failed: ${message.error}`));
      else if (message.url !== undefined) {
        clearTimeout(timer);
        resolve(message.url);
      }
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url,
    where: 'child process',
    cpuMicros: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin!.write('cpu\n');
      }),
    close: async () => {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
