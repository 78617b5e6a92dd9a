/**
 * The ingress the bench measures, as `switchyard ingress` starts it (cli/commands/ingress.ts):
 * Kafka, the topics, the registry and the ingress's settings read from `env`, `startIngress` on a
 * free loopback port, awaited until ready (producer connected, codec prepared, the raw topics'
 * limits read). Warnings only, to stderr: the ingress logs nothing per delivery at info anyway,
 * and stdout is the child's line protocol (bench/ingress/serve.ts).
 */
import { pino } from 'pino';
import { loadKafkaConfig } from '../../config/index.ts';
import { ConfigError } from '../../config/errors.ts';
import { readRegistryConfig, registryConfig } from '../../config/registry.ts';
import { Problems, readSection, type Env } from '../../config/spec.ts';
import { ingressConfig } from '../../ingress/config.ts';
import { startIngress, type StartedIngress } from '../../ingress/open.ts';

/** Longer than the ingress takes on a healthy stack by far; it waits for ever otherwise (missing topics, registry away). */
const READY_TIMEOUT_MS = 30_000;

export async function startBenchIngress(env: Env): Promise<StartedIngress> {
  const { kafka, topics } = loadKafkaConfig(env);
  const problems = new Problems(registryConfig.settings);
  const registry = readRegistryConfig(env, problems);
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  const settings = readSection(ingressConfig, env);
  const ingress = await startIngress({ settings, config: { kafka, topics, registry }, logger: pino({ level: 'warn' }, pino.destination(2)), port: 0 });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS)));
  const ready = await Promise.race([ingress.readied.then(() => 'ready' as const), timedOut]);
  clearTimeout(timer);
  if (ready === 'timeout') {
    const waiting = (await ingress.readiness()).filter((r) => !r.ready).map((r) => `${r.name}: ${r.reason}`);
    await ingress.close();
    throw new Error(`the ingress was not ready within ${READY_TIMEOUT_MS / 1000} s: ${waiting.join('; ')}`);
  }
  return ingress;
}
