/**
 * What both chaos runs (`npm run chaos` and `-- --faults`) open before anything else: a run id, a
 * free metrics port, the run's own corner of the stack (isolation.ts) in this process's
 * environment and configuration, its worker log file, a clock that prefixes every line with the
 * seconds since the start, the stack checked healthy, and the Kafka and registry clients.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import kafkajs from 'kafkajs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, registryClientArgs, type SwitchyardConfig } from '../config/index.ts';
import { stackPaths } from '../scripts/stack/paths.ts';
import { allHealthy, stackUp } from '../scripts/stack/provider.ts';
import { freePort, isolation } from './isolation.ts';

export interface ChaosCorner {
  /** `<prefix>_<time>`: the prefix of the run's topics, groups, schema, database, labels and tables. */
  readonly id: string;
  readonly metricsPort: number;
  /** The variables that put a worker in the corner (pass them to its child process). */
  readonly env: Readonly<Record<string, string>>;
  readonly config: SwitchyardConfig;
  readonly logFile: string;
  readonly started: number;
  /** Prints a line after the seconds since the start. */
  readonly say: (line: string) => void;
  readonly kafka: kafkajs.Kafka;
  readonly registry: SchemaRegistry;
}

/**
 * Opens the corner: `env` adds to the isolation's variables; `intro` is said before the stack is
 * brought up (it may name the log file).
 */
export async function openCorner(prefix: string, options: { env?: Readonly<Record<string, string>>; intro: (corner: Pick<ChaosCorner, 'id' | 'logFile'>) => string }): Promise<ChaosCorner> {
  const started = Date.now();
  const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const id = `${prefix}_${Date.now().toString(36)}`;
  const metricsPort = await freePort();
  const env = { ...isolation(id, metricsPort).env, ...options.env };
  Object.assign(process.env, env);
  const config = loadConfig();
  const logFile = path.join(stackPaths.logs, `${id}-worker.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  say(options.intro({ id, logFile }));
  if (!allHealthy(await stackUp())) throw new Error('the local stack is not healthy (npm run stack -- status)');
  const kafka = new kafkajs.Kafka({ ...config.kafka, clientId: id, logLevel: kafkajs.logLevel.NOTHING });
  const registry = new SchemaRegistry(registryClientArgs(config.registry));
  return { id, metricsPort, env, config, logFile, started, say, kafka, registry };
}
