/**
 * The worker process's own settings: where it serves /metrics and health, how much it logs,
 * and how long a graceful shutdown may take before it gives up.
 */
import { z } from 'zod';
import { type Env, Problems, type Setting, wholeNumber } from './spec.ts';

/** pino's levels, plus silent. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface WorkerSettings {
  readonly metricsPort: number;
  readonly logLevel: LogLevel;
  /** Stop fetching, flush, commit and disconnect within this, or exit non-zero saying what was left. */
  readonly shutdownTimeoutMs: number;
}

export const WORKER_SETTINGS: readonly Setting[] = [
  { name: 'METRICS_PORT', description: 'Port of the HTTP server for Prometheus /metrics and the health endpoints', default: '9464' },
  { name: 'LOG_LEVEL', description: `Log level: ${LOG_LEVELS.join(', ')}`, default: 'info' },
  { name: 'SHUTDOWN_TIMEOUT_MS', description: 'Longest a graceful shutdown (flush batches, commit, disconnect) may take, in milliseconds', default: '30000' },
];

export function readWorkerSettings(env: Env, problems: Problems): WorkerSettings {
  return {
    metricsPort: problems.read(env, 'METRICS_PORT', wholeNumber(1, 65_535), '9464') ?? 9464,
    logLevel: problems.read(env, 'LOG_LEVEL', z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }), 'info') ?? 'info',
    shutdownTimeoutMs: problems.read(env, 'SHUTDOWN_TIMEOUT_MS', wholeNumber(1_000, 600_000), '30000') ?? 30_000,
  };
}
