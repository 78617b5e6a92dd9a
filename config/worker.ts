/**
 * The worker process's own settings: where it serves /metrics and health, how much it logs,
 * and how long a graceful shutdown may take before it gives up.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { LOG_LEVELS, logLevelOf, type LogLevel } from '../observability/logger.ts';
import { type ConfigSection, type Env, type Problems, type Setting, wholeNumber } from './spec.ts';

export { LOG_LEVELS, type LogLevel };

export interface WorkerSettings {
  readonly metricsPort: number;
  /** Address /metrics, /healthz and /readyz listen on: loopback unless a deployment opens it. */
  readonly metricsHost: string;
  /** `/readyz` says "stalled" when a partition with lag made no progress this long. */
  readonly stalledAfterMs: number;
  readonly logLevel: LogLevel;
  /** Stop fetching, flush, commit and disconnect within this, or exit non-zero saying what was left. */
  readonly shutdownTimeoutMs: number;
  /** Prefix of every consumer group (Kafka Streams' application.id). */
  readonly applicationId: string;
  /** This process among the workers of one application: names normalize's transactional id. */
  readonly instanceId: string | undefined;
  /** How often finished offsets are committed; for the exactly-once normalize, how often its transaction commits. */
  readonly commitIntervalMs: number;
}

export const WORKER_SETTINGS: readonly Setting[] = [
  { name: 'METRICS_PORT', description: 'Port of the HTTP server for Prometheus /metrics and the health endpoints', default: '9464' },
  {
    name: 'METRICS_HOST',
    description: 'Address the /metrics and health server listens on: 127.0.0.1 keeps them on this machine; 0.0.0.0 (or ::) opens them to every interface, e.g. in a container whose port Prometheus scrapes',
    default: '127.0.0.1',
  },
  { name: 'STALLED_AFTER_MINUTES', description: 'Minutes a partition may go without progress (its committed offset unchanged) while it has lag before /readyz reports it stalled', default: '5' },
  { name: 'LOG_LEVEL', description: `Log level: ${LOG_LEVELS.join(', ')}`, default: 'info' },
  { name: 'SWITCHYARD_APPLICATION_ID', description: 'Prefix of every consumer group (<id>.normalize, <id>.sink:postgres…), like Kafka Streams\' application.id: a second deployment on the same cluster takes its own', default: 'switchyard' },
  { name: 'SWITCHYARD_INSTANCE_ID', description: 'This worker among the processes of one application, for the exactly-once transactional id: stable across restarts (so a restart fences its killed predecessor at once) and distinct per process', default: 'the host name' },
  { name: 'COMMIT_INTERVAL_MS', description: 'How often each sub-topology commits its finished offsets, in milliseconds; for the exactly-once normalize also how often its transaction commits, so events reach the sinks no sooner (Kafka Streams uses 100 under exactly-once)', default: '1000' },
  { name: 'SHUTDOWN_TIMEOUT_MS', description: 'Longest a graceful shutdown (flush batches, commit, disconnect) may take, in milliseconds', default: '30000' },
];

/** Group and transactional ids end up in Kafka names: keep them to Kafka's safe characters. */
const KAFKA_NAME = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1 to 100 letters, digits, dots, dashes or underscores');

/**
 * An IP address (v4 or v6, as node:net reads it) or a host name (RFC 1123: dot-separated labels of
 * letters, digits and inner dashes, 63 characters each, 253 in all). A URL or `host:port` here
 * would make listen() fail later with a resolver error that does not name the variable.
 */
export const HOST: z.ZodType<string> = z
  .string()
  .refine(
    (value) => isIP(value) !== 0 || (value.length <= 253 && value.split('.').every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label))),
    'must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name, without scheme or port',
  );

/** The logger's own rule (observability/logger.ts), reported as a configuration problem. */
const LOG_LEVEL: z.ZodType<LogLevel> = z
  .string()
  .transform((value) => logLevelOf(value))
  .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }));

export function readWorkerSettings(env: Env, problems: Problems): WorkerSettings {
  return {
    metricsPort: problems.read(env, 'METRICS_PORT', wholeNumber(1, 65_535), '9464') ?? 9464,
    metricsHost: problems.read(env, 'METRICS_HOST', HOST, '127.0.0.1') ?? '127.0.0.1',
    stalledAfterMs: (problems.read(env, 'STALLED_AFTER_MINUTES', wholeNumber(1, 1_440), '5') ?? 5) * 60_000,
    logLevel: problems.read(env, 'LOG_LEVEL', LOG_LEVEL, 'info') ?? 'info',
    shutdownTimeoutMs: problems.read(env, 'SHUTDOWN_TIMEOUT_MS', wholeNumber(1_000, 600_000), '30000') ?? 30_000,
    applicationId: problems.read(env, 'SWITCHYARD_APPLICATION_ID', KAFKA_NAME, 'switchyard') ?? 'switchyard',
    instanceId: problems.read(env, 'SWITCHYARD_INSTANCE_ID', KAFKA_NAME, undefined),
    commitIntervalMs: problems.read(env, 'COMMIT_INTERVAL_MS', wholeNumber(50, 60_000), '1000') ?? 1_000,
  };
}

/** The worker process's section of the configuration. */
export const workerConfig: ConfigSection<WorkerSettings> = { title: 'Worker', settings: WORKER_SETTINGS, read: readWorkerSettings };
