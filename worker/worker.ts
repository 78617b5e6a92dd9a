/**
 * The worker: Switchyard's whole topology, or the `--only` part of it, running in this process.
 * It builds the topology from the pieces it is handed (a Kafka port, the codec, the selected
 * stores' sinks, the actuator), supervises each sub-topology on its own (supervisor.ts) and
 * answers whether it is ready. It reads no configuration itself: `assemble.ts` builds its
 * pieces from the environment, tests build them directly.
 */
import type { Logger } from 'pino';
import type { Codec } from '../avro/codec.ts';
import type { KafkaPort, RunOptions, SubTopologySpec, Topology } from '../operators/index.ts';
import type { Sink } from '../sinks/sink.ts';
import type { ChannelMap } from '../topology/derive/slackNotifications.ts';
import { switchyardTopology, type SwitchyardOptions } from '../topology/switchyard.ts';
import type { SubTopologyName } from './selection.ts';
import { supervise, type SubTopologyStatus } from './supervisor.ts';
import { consumerGroupsOf, type ConsumerGroupTopics } from '../metrics/consumerLag.ts';
import { allReadiness, storeReadiness, supervisedReadiness, type ReadinessCheck } from '../observability/readiness.ts';

export interface WorkerOptions {
  readonly kafka: KafkaPort;
  readonly codec: Codec;
  /** What to run (selection.ts). */
  readonly names: readonly SubTopologyName[];
  /** A sink for every store whose sub-topology is selected. */
  readonly sinks: readonly Sink[];
  readonly channels: ChannelMap;
  /** The actuator's sub-topology, what to do before it (re)starts (connect its ledger), and how to release its clients. */
  readonly actuator?: { readonly spec: SubTopologySpec; init?(): Promise<void>; close(): Promise<void> };
  readonly normalize?: SwitchyardOptions['normalize'];
  readonly limits?: SwitchyardOptions['limits'];
  readonly topics?: SwitchyardOptions['topics'];
  readonly applicationId?: string;
  readonly sinkSettings?: SwitchyardOptions['sinkSettings'];
  readonly log: Logger;
  /** Passed to every sub-topology's runner (consumer settings, commit interval, instrumentation…). */
  readonly run?: Omit<RunOptions, 'kafka' | 'only' | 'onError'>;
  readonly minRestartDelayMs?: number;
}

export interface Worker {
  status(): readonly SubTopologyStatus[];
  /** For /readyz: ready when every selected sub-topology runs and every sink's store answers. */
  readonly readiness: ReadinessCheck;
  /** The consumer groups it runs and the topics they read (for the lag collector). */
  readonly groups: readonly ConsumerGroupTopics[];
  /** The topology it was built from: normalize, the selected stores' sinks and the actuator if built (the pipeline snapshot reads it). */
  readonly topology: Topology;
  /** Graceful: stop fetching, flush, commit, disconnect, close the stores; cut at `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export function startWorker(options: WorkerOptions): Worker {
  const { log } = options;
  const sinkOf = new Map(options.sinks.map((sink) => [`sink:${sink.store}`, sink]));
  const missing = options.names.filter((name) => name.startsWith('sink:') && !sinkOf.has(name));
  if (missing.length > 0) throw new Error(`no sink was built for ${missing.join(', ')}`);
  if (options.names.includes('actuator') && options.actuator === undefined) throw new Error('the actuator is selected but was not built');

  const topology = switchyardTopology({
    codec: options.codec,
    channels: options.channels,
    sinks: options.sinks,
    ...(options.actuator === undefined ? {} : { actuator: options.actuator.spec }),
    ...(options.normalize === undefined ? {} : { normalize: options.normalize }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.topics === undefined ? {} : { topics: options.topics }),
    ...(options.applicationId === undefined ? {} : { applicationId: options.applicationId }),
    ...(options.sinkSettings === undefined ? {} : { sinkSettings: options.sinkSettings }),
  });
  const supervisor = supervise(topology, {
    kafka: options.kafka,
    ...options.run,
    names: options.names,
    ...(options.minRestartDelayMs === undefined ? {} : { minRestartDelayMs: options.minRestartDelayMs }),
    // A sink's migrations or DDL, the actuator's ledger, run before its sub-topology consumes; a store down at start is retried.
    prepare: async (name) => (name === 'actuator' ? options.actuator?.init?.() : sinkOf.get(name)?.init()),
    onStarted: (name, restarts) => log.info({ subTopology: name, restarts }, restarts === 0 ? `${name} started` : `${name} restarted`),
    onFailure: (name, error, restartInMs) => log.error({ subTopology: name, err: error, restartInMs }, `${name} failed: ${error instanceof Error ? error.message : String(error)}; restarting in ${restartInMs} ms`),
  });

  return {
    status: () => supervisor.status(),
    readiness: allReadiness(
      supervisedReadiness(() => supervisor.status()),
      ...options.sinks.map((sink) => storeReadiness(sink.store, () => sink.health())),
    ),
    groups: consumerGroupsOf(topology, options.names),
    topology,
    stop: async (timeoutMs = 30_000) => {
      // The stores and the actuator are closed whatever the stop of the sub-topologies did.
      try {
        await supervisor.stop({ timeoutMs });
      } finally {
        await Promise.all(options.sinks.map((sink) => sink.close().catch((error: unknown) => log.warn({ store: sink.store, err: error }, `closing ${sink.store} failed`))));
        await options.actuator?.close().catch((error: unknown) => log.warn({ err: error }, 'closing the actuator failed'));
      }
    },
  };
}
