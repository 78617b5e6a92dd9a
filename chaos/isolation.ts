/**
 * A chaos or bench run's own corner of the stack: topics under a prefix, its own consumer groups
 * and exactly-once instance, each store's own corner (its descriptor's `isolation.env`: a
 * PostgreSQL schema, a ClickHouse database, Neo4j labels, pgvector tables), and an actuator that
 * only dry-runs. Every name derives from one run id, so the worker child, the audits and the
 * clean-up agree, and the real deployment's data is never read or touched, nor Jira or Slack called.
 */
import { createServer } from 'node:net';
import { STORES } from '../sinks/registry.ts';

export interface RunIsolation {
  readonly id: string;
  /** Variables the worker child and this process's loadConfig both see. */
  readonly env: Readonly<Record<string, string>>;
}

export function isolation(id: string, metricsPort: number): RunIsolation {
  return {
    id,
    env: {
      SWITCHYARD_TOPIC_PREFIX: `${id}.`,
      SWITCHYARD_APPLICATION_ID: id,
      // The same instance id across restarts: a restarted worker fences its killed predecessor's transaction at once.
      SWITCHYARD_INSTANCE_ID: id,
      ...Object.fromEntries(STORES.flatMap((store) => Object.entries(store.isolation.env(id)))),
      // Never Jira or Slack, whatever .env holds: the actuator only logs what it would send.
      SWITCHYARD_ACTUATOR_DRY_RUN: 'true',
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
    },
  };
}

/** A port nobody listens on right now, for the worker child's /metrics. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
