/**
 * A worker process's whole life apart from the command line: assemble the pieces from the
 * configuration, start the sub-topologies, serve /metrics, /healthz, /readyz and /pipeline, collect
 * consumer lag (and from it, whether a partition stalled), log the state changes a person must
 * see (observability/stateLog.ts), and stop all of it in order. `switchyard worker` and
 * `npm start` both run this.
 */
import type { Logger } from 'pino';
import { allTopics, type SwitchyardConfig } from '../config/index.ts';
import { startLagCollector } from '../metrics/consumerLag.ts';
import { prometheusInstrumentation } from '../metrics/topology.ts';
import { composeInstrumentation } from '../operators/instrumentation.ts';
import { pipelineSnapshots } from '../observability/pipeline.ts';
import type { PipelineSnapshot } from '../observability/pipelineSnapshot.ts';
import { allReadiness, type ReadinessCheck } from '../observability/readiness.ts';
import { startObservabilityServer, type ObservabilityServer } from '../observability/server.ts';
import { stallWatch } from '../observability/stalled.ts';
import { stateLog } from '../observability/stateLog.ts';
import type { Sink } from '../sinks/sink.ts';
import { assemble, kafkaClientFor, type AssembleOptions } from './assemble.ts';
import { probeKafka } from './probeKafka.ts';
import type { SubTopologyName } from './selection.ts';
import { startWorker, type Worker } from './worker.ts';

export interface RunWorkerOptions {
  readonly config: SwitchyardConfig;
  readonly names: readonly SubTopologyName[];
  readonly log: Logger;
  readonly actuator?: AssembleOptions['actuator'];
  /** Default the configured METRICS_PORT; 0 picks a free one. */
  readonly metricsPort?: number;
  /** How often consumer lag is read; default 5 s. */
  readonly lagIntervalMs?: number;
  /** Wraps each store's sink before it runs (the pipeline bench times every write this way); default, none. */
  readonly wrapSink?: (sink: Sink) => Sink;
  /** More checks for /readyz (npm start adds the access layer it serves in the same process). */
  readonly ready?: ReadinessCheck;
}

export interface RunningWorker {
  readonly worker: Worker;
  readonly server: ObservabilityServer;
  /** The pipeline now (what /pipeline serves): `npm start` hands it to the access layer in the same process. */
  pipeline(): Promise<PipelineSnapshot>;
  /** Graceful: the sub-topologies first (flush, commit), then lag collection and the HTTP server. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function runWorker(options: RunWorkerOptions): Promise<RunningWorker> {
  const { config, log } = options;
  // First, before assembling reads topic limits: brokers that are not Kafka fail in seconds, naming KAFKA_BROKERS.
  await probeKafka(config.kafka);
  const kafka = kafkaClientFor(config, log);
  const pieces = await assemble({ config, names: options.names, log, kafka, ...(options.actuator === undefined ? {} : { actuator: options.actuator }) });
  // The port and Kafka are checked before any sub-topology starts: a second worker on the same
  // port, or brokers that do not answer, fail here, and what was built is closed again.
  let worker: Worker | undefined;
  let server: ObservabilityServer | undefined;
  const port = options.metricsPort ?? config.worker.metricsPort;
  const host = config.worker.metricsHost;
  const admin = kafka.admin();
  const states = stateLog({ log });
  const { events, jiraCommands, slackNotifications } = config.topics.names;
  // The exactly-once normalize writes these in transactions (as chaos/drained.ts counts them).
  const stalls = stallWatch({ afterMs: config.worker.stalledAfterMs, transactionalTopics: [events, jiraCommands, slackNotifications] });
  const ready = allReadiness(() => worker?.readiness() ?? [{ name: 'worker', ready: false, reason: 'starting' }], stalls.readiness, options.ready ?? (() => []));
  try {
    // /pipeline answers 503 until the worker below is built.
    const pipeline = () => (worker === undefined ? Promise.resolve(undefined) : pipelineSnapshots(worker)());
    server = await startObservabilityServer({ port, host, ready, pipeline }).catch((error: unknown) => {
      const inUse = (error as { code?: string }).code === 'EADDRINUSE' ? ' (in use: is another worker, or npm start, running?)' : '';
      throw new Error(`cannot serve /metrics on ${host} (METRICS_HOST) port ${port}${options.metricsPort === undefined ? ' (METRICS_PORT)' : ''}${inUse}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    await admin.connect().catch((error: unknown) => {
      throw new Error(`cannot reach Kafka at ${String(config.kafka.brokers)} (KAFKA_BROKERS): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    // A topic the broker auto-creates gets its default partition count (one, on the local stack),
    // which `topics create` would then leave alone: refuse instead, and say how to make them.
    const existing = new Set(await admin.listTopics());
    const missing = allTopics(config.topics.names).filter((topic) => !existing.has(topic));
    if (missing.length > 0) throw new Error(`topics missing on ${String(config.kafka.brokers)}: ${missing.join(', ')}; create them with \`npx switchyard topics create\` (KAFKA_TOPIC_PARTITIONS partitions each)`);
    worker = startWorker({
      ...pieces,
      ...(options.wrapSink === undefined ? {} : { sinks: pieces.sinks.map(options.wrapSink) }),
      run: {
        instrumentation: composeInstrumentation(prometheusInstrumentation(), states.instrumentation),
        commitIntervalMs: config.worker.commitIntervalMs,
        // Detect a killed worker within 10 s, so its partitions move to a live one quickly.
        consumer: { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000 },
      },
    });
  } catch (error) {
    await Promise.all(pieces.sinks.map((sink) => sink.close().catch(() => {})));
    await pieces.actuator?.close().catch(() => {});
    await admin.disconnect().catch(() => {});
    await server?.close().catch(() => {});
    states.stop();
    throw error;
  }
  const running = worker;
  const listening = server;
  const lag = startLagCollector({
    admin,
    groups: running.groups,
    intervalMs: options.lagIntervalMs ?? 5_000,
    onCollected: stalls.observe,
    onError: (error, groupId) => log.warn({ err: error, groupId }, 'could not read consumer lag'),
  });
  log.info({ subTopologies: options.names, metrics: `${listening.url}/metrics` }, `worker running ${options.names.join(', ')}; metrics on ${listening.url}/metrics`);

  return {
    worker: running,
    server: listening,
    pipeline: pipelineSnapshots(running),
    stop: async (timeoutMs = config.worker.shutdownTimeoutMs) => {
      try {
        await running.stop(timeoutMs);
      } finally {
        await lag.stop();
        await admin.disconnect().catch(() => {});
        await listening.close();
        states.stop();
      }
    },
  };
}
