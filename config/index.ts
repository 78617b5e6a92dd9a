/**
 * Switchyard's whole configuration, from the environment (after `loadEnvFile` has added the
 * `.env` file's values), validated at start: `loadConfig` either returns everything the worker
 * needs or throws one ConfigError listing every bad variable and what it must be.
 *
 * Each part is read by the module that owns it: Kafka, topics, the registry and the worker here
 * in config/; each store by its loader in sinks/; the per-sink settings by sinks/settings.ts;
 * the Slack channel map by topology/derive. Nothing is declared twice.
 *
 *     import { loadEnvFile, loadConfig, describeConfig } from './config/index.ts';
 *     loadEnvFile();
 *     const config = loadConfig();          // throws ConfigError naming each bad variable
 *     log.info(redactedConfig(config));     // never a secret
 *     runTopology(topology, { kafka: kafkajsPort(config.kafka) });
 */
import { ACTUATOR_SETTINGS, loadActuatorConfig } from '../actuators/config.ts';
import type { SinkSettings } from '../sinks/settings.ts';
import type { ChannelMap } from '../topology/derive/slackNotifications.ts';
import { STORES, type Store } from '../topology/routing.ts';
import { CHANNEL_SETTINGS, readChannelMap } from './channels.ts';
import { ConfigError, problemsFrom } from './errors.ts';
import { KAFKA_SETTINGS, type KafkaClientConfig, type MskTokenSigner, readKafkaConfig } from './kafka.ts';
import { type LocalService, localServicesOf } from './localStack.ts';
import { readRegistryConfig, REGISTRY_SETTINGS, type RegistryConfig } from './registry.ts';
import { SINK_SETTINGS, readSinkSettings } from './sinks.ts';
import { type Env, Problems, type Setting } from './spec.ts';
import { CONFIG_OF_STORE, readStoreConfigs, STORE_SETTINGS, type StoreConfigs } from './stores.ts';
import { readTopicSettings, TOPIC_SETTINGS, type TopicSettings } from './topics.ts';
import { readWorkerSettings, WORKER_SETTINGS, type WorkerSettings } from './worker.ts';

export { ConfigError, type ConfigProblem } from './errors.ts';
export { ENV_FILE_VARIABLE, loadEnvFile, type EnvFileResult } from './env.ts';
export { type KafkaClientConfig, mskIamTokenProvider, type MskTokenSigner, SASL_MECHANISMS, type SaslMechanism } from './kafka.ts';
export { LOCAL_SERVICES, type LocalService } from './localStack.ts';
export { registryClientArgs, type RegistryClientArgs, type RegistryConfig } from './registry.ts';
export { describeConfig, redactedConfig } from './redact.ts';
export type { Setting } from './spec.ts';
export { allTopics, type TopicSettings } from './topics.ts';
export { LOG_LEVELS, type LogLevel, type WorkerSettings } from './worker.ts';

export interface SwitchyardConfig extends StoreConfigs {
  /** For `kafkajsPort(config.kafka)` or `new Kafka(config.kafka)`. Secret: SASL password, TLS key. */
  readonly kafka: KafkaClientConfig;
  readonly topics: TopicSettings;
  readonly registry: RegistryConfig;
  readonly worker: WorkerSettings;
  readonly sinks: Readonly<Record<Store, SinkSettings>>;
  readonly channels: ChannelMap;
  /**
   * The stores whose configuration was loaded (all unless `stores` was given). Reading another
   * store's config (`config.neo4j` without neo4j) throws, saying it was not selected.
   */
  readonly stores: readonly Store[];
  /** The services this configuration finds on the local stack (see `usesLocalStack`). */
  readonly localServices: readonly LocalService[];
}

/**
 * Every setting, by section, for `.env.example` and the docs.
 */
export const SETTINGS: Readonly<Record<string, readonly Setting[]>> = {
  'Kafka': KAFKA_SETTINGS,
  'Topics': TOPIC_SETTINGS,
  'Schema Registry': REGISTRY_SETTINGS,
  'Worker': WORKER_SETTINGS,
  'PostgreSQL': STORE_SETTINGS.postgres,
  'ClickHouse': STORE_SETTINGS.clickhouse,
  'Neo4j': STORE_SETTINGS.neo4j,
  'Vectors (Pinecone or pgvector) and embeddings': STORE_SETTINGS.vectors,
  'Slack channels for derived notifications': CHANNEL_SETTINGS,
  'Upstream: Jira and Slack (the actuator)': ACTUATOR_SETTINGS,
  'Per-sink batching, retries, breaker and rate limit': SINK_SETTINGS,
};

export interface LoadConfigOptions {
  /** Signs MSK IAM tokens; AWS's signer by default (tests pass a stand-in). */
  readonly mskSigner?: MskTokenSigner;
  /**
   * Only these stores' configuration is read and checked: a worker running
   * `--only sink:clickhouse` needs no Neo4j password. Every store by default.
   */
  readonly stores?: readonly Store[];
}

/** Reads and checks everything; throws a ConfigError listing every bad variable at once. */
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): SwitchyardConfig {
  const problems = new Problems();
  const kafka = readKafkaConfig(env, problems, options.mskSigner);
  const topics = readTopicSettings(env, problems);
  const registry = readRegistryConfig(env, problems);
  const worker = readWorkerSettings(env, problems);
  const stores = options.stores ?? STORES;
  const storeConfigs = readStoreConfigs(env, problems, stores);
  const sinks = readSinkSettings(env, problems);
  const channels = readChannelMap(env, problems);
  // The actuator's own loader owns its rules; its problems join the others here.
  try {
    loadActuatorConfig(env);
  } catch (error) {
    for (const p of problemsFrom(error, ACTUATOR_SETTINGS.map((s) => s.name), '(actuator)')) problems.add(p.variable, p.message);
  }
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  const localServices = localServicesOf({
    kafka: kafka.brokers,
    schemaRegistry: registry.host,
    postgres: storeConfigs.postgres?.url,
    pgvector: storeConfigs.vectors?.store.kind === 'pgvector' ? storeConfigs.vectors.store.url : undefined,
    clickhouse: storeConfigs.clickhouse?.url,
    neo4j: storeConfigs.neo4j?.url,
  });
  const config = { kafka, topics, registry, worker, ...storeConfigs, sinks, channels, stores: [...stores], localServices };
  for (const store of STORES.filter((s) => !stores.includes(s))) {
    const key = CONFIG_OF_STORE[store];
    if (key in config) continue;
    // Not enumerable: logging or spreading the config must not trip over it.
    Object.defineProperty(config, key, {
      enumerable: false,
      get: () => {
        throw new Error(`the ${key} configuration was not loaded: sink:${store} is not among the selected stores (${stores.join(', ') || 'none'})`);
      },
    });
  }
  return config as SwitchyardConfig;
}

/**
 * Kafka and the topics alone, for commands that touch nothing else (`topics create`), so a
 * store's missing password does not stop them.
 */
export function loadKafkaConfig(env: Env = process.env, options: LoadConfigOptions = {}): Pick<SwitchyardConfig, 'kafka' | 'topics'> {
  const problems = new Problems();
  const kafka = readKafkaConfig(env, problems, options.mskSigner);
  const topics = readTopicSettings(env, problems);
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  return { kafka, topics };
}

/** The Schema Registry alone (URL and credentials), for `schemas` and `describe`. */
export function loadRegistryConfig(env: Env = process.env): RegistryConfig {
  const problems = new Problems();
  const registry = readRegistryConfig(env, problems);
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  return registry;
}

/** Whether anything is configured to run on the local stack, so `npm start` must bring it up. */
export function usesLocalStack(config: Pick<SwitchyardConfig, 'localServices'>): boolean {
  return config.localServices.length > 0;
}
