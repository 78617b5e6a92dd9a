/**
 * `switchyard ingress`: the webhook ingress on SWITCHYARD_INGRESS_HOST:PORT — `POST
 * /webhooks/<sender>` for GitHub, Jira, Notion and Alertmanager, verified and produced to the raw
 * topics with acks=all before the 2xx (ingress/README.md). Reads only what it needs: Kafka, the
 * topics, the schema registry and its own section. Stops gracefully on SIGINT/SIGTERM (the send
 * in flight is waited for).
 */
import { Command } from 'commander';
import { loadKafkaConfig } from '../../config/index.ts';
import { readRegistryConfig, registryConfig } from '../../config/registry.ts';
import { ConfigError } from '../../config/errors.ts';
import { Problems, readSection } from '../../config/spec.ts';
import { ingressConfig, redactedIngressSettings, senderState } from '../../ingress/config.ts';
import { handshakeText } from '../../ingress/handshakes.ts';
import { startIngress } from '../../ingress/open.ts';
import { RECEIVERS } from '../../ingress/receivers.ts';
import { createLogger } from '../../observability/logger.ts';
import { installProcessGuards } from '../../worker/processGuards.ts';
import { exitOnSignals } from '../../worker/signals.ts';

export function ingressCommand(): Command {
  return new Command('ingress')
    .description(`receive webhooks: POST /webhooks/{${RECEIVERS.map((r) => r.route).join(',')}} on SWITCHYARD_INGRESS_PORT, verified, onto the raw topics (acks=all) before the 2xx`)
    .action(async () => {
      const logger = createLogger({ ...(process.env.LOG_LEVEL === undefined ? {} : { level: process.env.LOG_LEVEL }) });
      const { kafka, topics } = loadKafkaConfig();
      const problems = new Problems(registryConfig.settings);
      const registry = readRegistryConfig(process.env, problems);
      if (problems.list.length > 0) throw new ConfigError(problems.list);
      const settings = readSection(ingressConfig);
      // One delivery or one dropped connection never takes the process down.
      installProcessGuards({ log: logger });
      logger.info({ settings: redactedIngressSettings(settings) }, 'ingress settings');
      const ingress = await startIngress({
        settings,
        config: { kafka, topics, registry },
        logger,
        onHandshake: (receiver, token) => console.log(handshakeText(receiver, token)),
      });
      console.log(`switchyard ingress: ${RECEIVERS.map((r) => `POST ${ingress.url}/webhooks/${r.route}`).join(', ')}`);
      for (const receiver of RECEIVERS) console.log(`  ${receiver.label}: ${senderState(receiver, settings).text}`);
      console.log(`  health: ${ingress.url}/healthz ${ingress.url}/readyz   metrics: ${ingress.url}/metrics (this machine only)`);
      exitOnSignals({
        stop: () => ingress.close(),
        timeoutMs: settings.produceTimeoutMs + 5_000,
        log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
      });
    });
}
