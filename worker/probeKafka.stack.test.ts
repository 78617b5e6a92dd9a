import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { host, localStack, ports } from '../config/endpoints.ts';
import { probeKafka } from './probeKafka.ts';
import { runWorker } from './run.ts';

describe('the first connection to Kafka', () => {
  it('finds the local stack’s broker', async () => {
    await expect(probeKafka({ brokers: [...localStack.kafka.brokers] })).resolves.toBeUndefined();
  });

  it('stops a worker whose KAFKA_BROKERS is the PostgreSQL port within seconds, naming the variable', async () => {
    const brokers = `${host}:${ports.postgres}`;
    const config = loadConfig({ KAFKA_BROKERS: brokers }, { stores: [] });
    const started = Date.now();
    const failure = await runWorker({ config, names: ['normalize'], log: pino({ level: 'silent' }), metricsPort: 0 }).then(
      async (running) => {
        await running.stop();
        return undefined;
      },
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(new RegExp(`^KAFKA_BROKERS=${brokers.replace(/\./g, '\\.')} does not answer as a Kafka broker: ${brokers.replace(/\./g, '\\.')} accepted the connection and closed it`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
