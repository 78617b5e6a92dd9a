/**
 * `switchyard worker [--only normalize,sink:clickhouse,…]`: runs Switchyard's sub-topologies in
 * this process until SIGTERM or SIGINT (graceful; a second signal forces). Configuration comes
 * from the environment and `.env` (see .env.example), checked before anything connects.
 */
import { Command } from 'commander';
import { loadConfig, redactedConfig } from '../../config/index.ts';
import { createLogger } from '../../observability/logger.ts';
import { connectActuatorFor } from '../../worker/actuator.ts';
import { installProcessGuards } from '../../worker/processGuards.ts';
import { runWorker } from '../../worker/run.ts';
import { selectedStores, selectSubTopologies, SUB_TOPOLOGIES } from '../../worker/selection.ts';
import { exitOnSignals } from '../../worker/signals.ts';

export function workerCommand(): Command {
  return new Command('worker')
    .description('run the sub-topologies (all by default) until SIGTERM/SIGINT; serves /metrics, /healthz and /readyz on METRICS_PORT')
    .option('--only <names>', `comma-separated sub-topologies to run: ${SUB_TOPOLOGIES.join(', ')}`)
    .action(async (options: { only?: string }) => {
      const names = selectSubTopologies(options.only);
      const config = loadConfig(process.env, { stores: selectedStores(names) });
      const log = createLogger({ level: config.worker.logLevel });
      log.info({ config: redactedConfig(config) }, 'configuration');
      // One record or one connection never takes the process down: see worker/processGuards.ts.
      installProcessGuards({ log });
      const starting = runWorker({ config, names, log, actuator: connectActuatorFor });
      // Before the start finishes: a signal during start-up waits for it, then stops what started.
      exitOnSignals({
        stop: async (timeoutMs) => (await starting.catch(() => undefined))?.stop(timeoutMs),
        timeoutMs: config.worker.shutdownTimeoutMs,
        log: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
      });
      await starting;
    });
}
