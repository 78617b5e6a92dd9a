/**
 * The ingress bench's child process: the ingress alone in its own process and event loop, as it
 * is deployed (bench/ingress/underTest.ts says why). Configured entirely by the environment the
 * bench passes (no `.env` read here: the bench's environment already has it).
 *
 * Line protocol: stdout gets `{"url": …}` once the ingress is ready (or `{"error": …}`), and
 * `{"cpuMicros": n}` (user + system CPU of this process so far) for each `cpu` line on stdin.
 * stdin closing (the bench finished, or died) closes the ingress and ends the process, so it
 * never outlives the bench.
 */
import { createInterface } from 'node:readline';
import { startBenchIngress } from './start.ts';

const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

try {
  const ingress = await startBenchIngress(process.env);
  say({ url: ingress.url });
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line.trim() !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    say({ cpuMicros: user + system });
  });
  input.once('close', () => void ingress.close().finally(() => process.exit(0)));
} catch (error) {
  say({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
