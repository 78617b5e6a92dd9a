/**
 * The actuator as the worker runs it: connected from the environment (actuators/connect.ts),
 * reading the configured topic names, in the application's consumer group. Its mode (live or
 * dry-run, per target) is logged at start, never a secret.
 */
import type { Logger } from 'pino';
import type { Codec } from '../avro/codec.ts';
import type { SwitchyardConfig } from '../config/index.ts';
import { connectActuator } from '../actuators/connect.ts';
import { subTopologyLogger } from '../observability/logger.ts';
import type { OutputLimits } from '../topology/normalize.ts';
import type { WorkerOptions } from './worker.ts';

export async function connectActuatorFor(config: SwitchyardConfig, log: Logger, codec: Codec, limits: OutputLimits = {}): Promise<NonNullable<WorkerOptions['actuator']>> {
  const logger = subTopologyLogger(log, 'actuator');
  // The same environment loadConfig validated: the ledger lives in the PostgreSQL the PostgreSQL
  // sink writes (POSTGRES_URL, the local stack's by default).
  const connected = await connectActuator(process.env, { codec, logger });
  logger.info({ actuator: connected.describe() }, 'actuator targets');
  const { jiraCommands, slackNotifications, deadLetters } = config.topics.names;
  return {
    spec: connected.subTopology({
      topics: { jiraCommands, slackNotifications, deadLetters },
      groupId: `${config.worker.applicationId}.actuator`,
      ...(limits.deadLetters === undefined ? {} : { deadLetterMaxBytes: limits.deadLetters }),
    }),
    init: () => connected.init(),
    close: () => connected.close(),
  };
}
