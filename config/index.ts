/**
 * Switchyard's whole configuration, from the environment (after `loadEnvFile` has added the
 * `.env` file's values), validated at start: `loadConfig` either returns everything the worker
 * needs or throws one ConfigError listing every bad variable, what was given (never a secret)
 * and what it must be.
 *
 * Each part is a `ConfigSection` (config/spec.ts) declared by the module that owns it: Kafka,
 * topics, the registry and the worker here in config/; each store by its descriptor in
 * sinks/<store>/ (listed in sinks/registry.ts); the per-sink settings by sinks/settings.ts from
 * the stores' defaults; the actuator by actuators/config.ts; the Slack channel map by
 * config/channels.ts. Nothing is declared twice, and a store added to the registry is read,
 * checked, redacted and listed in `.env.example` with no edit here.
 *
 *     import { loadEnvFile, loadConfig } from './config/index.ts';
 *     loadEnvFile();
 *     const config = loadConfig();          // throws ConfigError naming each bad variable
 *     log.info(redactedConfig(config));     // never a secret
 *     runTopology(topology, { kafka: kafkajsPort(config.kafka) });
 */
import { actuatorConfig } from '../actuators/config.ts';
import { STORES, type Store } from '../sinks/registry.ts';
import type { AnyStore, ConfigOf } from '../sinks/store.ts';
import type { ChannelMap } from '../topology/derive/slackNotifications.ts';
import { channelConfig } from './channels.ts';
import { ConfigError } from './errors.ts';
import { kafkaConfig, type KafkaClientConfig, type MskTokenSigner, readKafkaConfig } from './kafka.ts';
import { type LocalService, localServicesOf } from './localStack.ts';
import { registryConfig, type RegistryConfig } from './registry.ts';
import { sinkSettingsConfig, type SinkSettings } from '../sinks/settings.ts';
import { serveConfig, type ServeSettings } from '../serve/config.ts';
import { ingressConfig, type IngressSettings } from '../ingress/config.ts';
import { type ConfigSection, type Env, Problems, type Setting } from './spec.ts';
import { topicConfig, type TopicSettings } from './topics.ts';
import { workerConfig, type WorkerSettings } from './worker.ts';

export { ConfigError, type ConfigProblem } from './errors.ts';
export { ENV_FILE_VARIABLE, loadEnvFile, type EnvFileResult } from './env.ts';
export { type KafkaClientConfig, mskIamTokenProvider, type MskTokenSigner, SASL_MECHANISMS, type SaslMechanism } from './kafka.ts';
export { LOCAL_SERVICES, type LocalService } from './localStack.ts';
export { registryClientArgs, type RegistryClientArgs, type RegistryConfig } from './registry.ts';
export { redactedConfig } from './redact.ts';
export type { ConfigSection, Setting } from './spec.ts';
export { allTopics, type TopicSettings } from './topics.ts';
export { LOG_LEVELS, type LogLevel, type WorkerSettings } from './worker.ts';

/** Each store's configuration by store name, typed by its descriptor: `config.stores.postgres.url`. */
export type StoreConfigs = { readonly [D in (typeof STORES)[number] as D['name']]: ConfigOf<D> };

export interface SwitchyardConfig {
  /** For `kafkajsPort(config.kafka)` or `new Kafka(config.kafka)`. Secret: SASL password, TLS key. */
  readonly kafka: KafkaClientConfig;
  readonly topics: TopicSettings;
  readonly registry: RegistryConfig;
  readonly worker: WorkerSettings;
  /**
   * The selected stores' configurations. Reading one that was not selected
   * (`config.stores.neo4j` under `--only sink:clickhouse`) throws, saying so.
   */
  readonly stores: StoreConfigs;
  /** The stores whose configuration was loaded (all unless `LoadConfigOptions.stores` was given). */
  readonly selected: readonly Store[];
  readonly sinks: Readonly<Record<Store, SinkSettings>>;
  readonly channels: ChannelMap;
  /** The access layer's settings (`switchyard serve`, npm start): port, host, tokens (secret), limits. */
  readonly access: ServeSettings;
  /** The webhook ingress's settings (`switchyard ingress`, npm start): port, host, each sender's secrets (secret), limits. */
  readonly ingress: IngressSettings;
  /** The services this configuration finds on the local stack (see `usesLocalStack`). */
  readonly localServices: readonly LocalService[];
}

/** Every section, in `.env.example`'s order: the infrastructure, each store, then what acts on the events. */
export const SECTIONS: readonly ConfigSection<unknown>[] = [kafkaConfig, topicConfig, registryConfig, workerConfig, ...STORES.map((store) => store.config), channelConfig, actuatorConfig, sinkSettingsConfig, serveConfig, ingressConfig];

/** Every setting, by section title, for `.env.example` and the docs. */
export const SETTINGS: Readonly<Record<string, readonly Setting[]>> = Object.fromEntries(SECTIONS.map((section) => [section.title, section.settings]));

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
  const problems = new Problems(SECTIONS.flatMap((section) => section.settings));
  const kafka = readKafkaConfig(env, problems, options.mskSigner);
  const topics = topicConfig.read(env, problems);
  const registry = registryConfig.read(env, problems);
  const worker = workerConfig.read(env, problems);
  const selected: readonly AnyStore[] = STORES.filter((store) => (options.stores ?? STORES.map((s) => s.name)).includes(store.name));
  const stores: Record<string, unknown> = Object.fromEntries(selected.map((store) => [store.name, store.config.read(env, problems)]));
  const sinks = sinkSettingsConfig.read(env, problems);
  const channels = channelConfig.read(env, problems);
  // The actuator's configuration is the actuator's to load; its problems are reported with the rest.
  actuatorConfig.read(env, problems);
  const access = serveConfig.read(env, problems);
  const ingress = ingressConfig.read(env, problems);
  if (problems.list.length > 0 || access === undefined || ingress === undefined || topics === undefined || registry === undefined || worker === undefined || sinks === undefined || channels === undefined || Object.values(stores).includes(undefined)) {
    throw new ConfigError(problems.list.length > 0 ? problems.list : [{ variable: '(configuration)', message: 'a section could not be read and said nothing about why' }]);
  }
  const localServices = localServicesOf({
    kafka: kafka.brokers,
    schemaRegistry: registry.host,
    stores: selected.map((store) => store.localServices(stores[store.name])),
  });
  for (const store of STORES.filter((s) => !selected.includes(s))) {
    // Not enumerable: logging or spreading the configuration must not trip over it.
    Object.defineProperty(stores, store.name, {
      enumerable: false,
      get: () => {
        throw new Error(`the ${store.name} configuration was not loaded: sink:${store.name} is not among the selected stores (${selected.map((s) => s.name).join(', ') || 'none'})`);
      },
    });
  }
  return { kafka, topics, registry, worker, stores: stores as StoreConfigs, selected: selected.map((s) => s.name as Store), sinks, channels, access, ingress, localServices };
}

/**
 * Kafka and the topics alone, for commands that touch nothing else (`topics create`), so a
 * store's missing password does not stop them.
 */
export function loadKafkaConfig(env: Env = process.env, options: LoadConfigOptions = {}): Pick<SwitchyardConfig, 'kafka' | 'topics'> {
  const problems = new Problems([...kafkaConfig.settings, ...topicConfig.settings]);
  const kafka = readKafkaConfig(env, problems, options.mskSigner);
  const topics = topicConfig.read(env, problems);
  if (problems.list.length > 0 || topics === undefined) throw new ConfigError(problems.list);
  return { kafka, topics };
}

/** The Schema Registry alone (URL and credentials), for `schemas` and `describe`. */
export function loadRegistryConfig(env: Env = process.env): RegistryConfig {
  const problems = new Problems(registryConfig.settings);
  const registry = registryConfig.read(env, problems);
  if (problems.list.length > 0 || registry === undefined) throw new ConfigError(problems.list);
  return registry;
}

/** Whether anything is configured to run on the local stack, so `npm start` must bring it up. */
export function usesLocalStack(config: Pick<SwitchyardConfig, 'localServices'>): boolean {
  return config.localServices.length > 0;
}
