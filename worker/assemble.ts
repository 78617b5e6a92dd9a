/**
 * Builds a worker's pieces from the validated configuration (config/): the Kafka port, the
 * codec (its schema ids looked up before anything flows), a sink for each selected store, and
 * the actuator when it is selected. Only what the selection runs is built, so
 * `--only sink:clickhouse` needs no Neo4j credentials and opens no Neo4j connection.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import kafkajs from 'kafkajs';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { createCodec, type Codec } from '../avro/codec.ts';
import { registryClientArgs, type SwitchyardConfig } from '../config/index.ts';
import { kafkajsPort } from '../operators/index.ts';
import { STORES, type Store } from '../sinks/registry.ts';
import type { Sink } from '../sinks/sink.ts';
import type { AnyStore } from '../sinks/store.ts';
import { NORMALIZE_OUTPUT_TOPICS } from '../topology/normalize.ts';
import type { OutputLimits } from '../topology/normalize.ts';
import { readOutputLimits } from '../topology/outputLimits.ts';
import { selectedStores, type SubTopologyName } from './selection.ts';
import { namingConnection } from './storeConnections.ts';
import type { WorkerOptions } from './worker.ts';

const { Kafka, logLevel } = kafkajs;

/** kafkajs logs through pino, warnings and up: its info lines (joins, commits) would drown ours. */
function kafkaLogCreator(log: Logger) {
  return () =>
    ({ level, log: entry }: { level: number; log: { message: string } & Record<string, unknown> }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry;
      if (level === logLevel.ERROR) log.error({ kafka: fields }, message);
      else if (level === logLevel.WARN) log.warn({ kafka: fields }, message);
    };
}

/** The kafkajs client every part of the worker shares (its consumers, producers and the lag collector's admin). */
export function kafkaClientFor(config: SwitchyardConfig, log: Logger): kafkajs.Kafka {
  return new Kafka({ ...config.kafka, logLevel: logLevel.WARN, logCreator: kafkaLogCreator(log.child({ component: 'kafkajs' })) });
}

/** The codec with every output topic's schema id looked up: a registry without our schemas fails here, naming the subject. */
export async function preparedCodec(config: SwitchyardConfig): Promise<Codec> {
  const codec = createCodec(new SchemaRegistry(registryClientArgs(config.registry)), { registryUrl: config.registry.host });
  await codec.prepare([...NORMALIZE_OUTPUT_TOPICS]);
  return codec;
}

/** A store's sink, built by its descriptor from its section of the configuration (connects at init, not here; its init errors name its URL's variable). */
export function sinkOf(store: AnyStore, config: SwitchyardConfig): Sink {
  const storeConfig = config.stores[store.name as Store];
  return namingConnection(store.connect(storeConfig), store.whereFrom(storeConfig));
}

/** The sinks of the stores the selection runs. */
export function sinksFor(config: SwitchyardConfig, names: readonly SubTopologyName[]): Sink[] {
  const selected = selectedStores(names);
  return STORES.filter((store) => selected.includes(store.name)).map((store) => sinkOf(store, config));
}

/**
 * The transactional id of normalize's exactly-once producer: stable across restarts of the same
 * instance, so a restarted worker fences its killed predecessor at once (Kafka aborts the
 * zombie's open transaction when the same id initializes) instead of leaving the sinks behind
 * the transaction's timeout. Two workers on one host need distinct SWITCHYARD_INSTANCE_ID.
 */
export function transactionalId(applicationId: string, instanceId: string = hostname()): string {
  return `${applicationId}.normalize.${instanceId}`;
}

export interface AssembleOptions {
  readonly config: SwitchyardConfig;
  readonly names: readonly SubTopologyName[];
  readonly log: Logger;
  /** Builds the actuator when it is selected. */
  readonly actuator?: (config: SwitchyardConfig, log: Logger, codec: Codec, limits: OutputLimits) => Promise<NonNullable<WorkerOptions['actuator']>>;
}

export async function assemble(options: AssembleOptions & { readonly kafka: kafkajs.Kafka }): Promise<Omit<WorkerOptions, 'run'>> {
  const { config, names, log } = options;
  const codec = await preparedCodec(config);
  // Read once at start: normalize dead-letters an output over its topic's limit instead of
  // producing it; every sub-topology writes a dead letter over the DLQ's without its value.
  const limits = await readOutputLimits(kafkajsPort(options.kafka).admin(), config.topics.names);
  const actuator = names.includes('actuator') && options.actuator !== undefined ? await options.actuator(config, log, codec, limits) : undefined;
  return {
    kafka: kafkajsPort(options.kafka),
    codec,
    names,
    sinks: sinksFor(config, names),
    channels: config.channels,
    topics: config.topics.names,
    applicationId: config.worker.applicationId,
    sinkSettings: config.sinks,
    normalize: { exactlyOnce: { transactionalId: transactionalId(config.worker.applicationId, config.worker.instanceId) } },
    limits,
    ...(actuator === undefined ? {} : { actuator }),
    log,
  };
}
