/**
 * Switchyard's whole topology: `normalize`, then one sink sub-topology per store (each its own
 * consumer group on eng.events.v1, so one store's outage never holds back another), then the
 * actuator that turns jira-commands and slack-notifications into Jira and Slack calls.
 */
import type { Codec } from '../avro/codec.ts';
import { TopologyBuilder, type SubTopologySpec, type Topology } from '../operators/index.ts';
import { sinkSettings, type SinkSettings } from '../sinks/settings.ts';
import type { Sink } from '../sinks/sink.ts';
import { sinkSubTopology } from '../sinks/subTopology.ts';
import type { ChannelMap } from './derive/slackNotifications.ts';
import { DEFAULT_TOPICS, normalizeSubTopology, type NormalizeOptions, type NormalizeTopics, type OutputLimits } from './normalize.ts';
import { STORE_NAMES, type Store, storeNamed } from '../sinks/registry.ts';

export interface SwitchyardOptions {
  readonly codec: Codec;
  readonly channels: ChannelMap;
  readonly sinks: readonly Sink[];
  /**
   * Like Kafka Streams' application.id: the prefix of every consumer group (`<id>.normalize`,
   * `<id>.sink:postgres`…), so a bench or a second deployment on the same cluster keeps its own
   * offsets. Default `switchyard`.
   */
  readonly applicationId?: string;
  /** The physical topic names; default the logical ones (a bench or a staging run renames them). */
  readonly topics?: NormalizeTopics;
  readonly normalize?: Partial<Omit<NormalizeOptions, 'codec' | 'channels' | 'topics' | 'maxMessageBytes'>>;
  /**
   * The output topics' and the DLQ's max.message.bytes, read at start (outputLimits.ts):
   * normalize dead-letters an output over its topic's limit, and every sink writes a dead letter
   * over the DLQ's without the record's value. Default none (nothing checked before producing).
   */
  readonly limits?: OutputLimits;
  /** Each store's batch, retry, breaker and limit settings; default read from the environment. */
  readonly sinkSettings?: Readonly<Record<Store, SinkSettings>>;
  /** The actuator's sub-topology (actuators/), when this process runs it. */
  readonly actuator?: SubTopologySpec;
}

export function switchyardTopology(options: SwitchyardOptions): Topology {
  const topics = options.topics ?? DEFAULT_TOPICS;
  const app = options.applicationId ?? 'switchyard';
  const dlqMaxBytes = options.limits?.deadLetters;
  let builder = new TopologyBuilder().subTopology('normalize', normalizeSubTopology({ codec: options.codec, channels: options.channels, topics, groupId: `${app}.normalize`, ...options.normalize, ...(options.limits === undefined ? {} : { maxMessageBytes: options.limits }) }));
  for (const sink of options.sinks) {
    const sinkTopics = { events: topics.events, deadLetters: topics.deadLetters };
    builder = builder.subTopology(`sink:${sink.store}`, sinkSubTopology({ sink, handlers: storeNamed(sink.store).handlers, codec: options.codec, settings: options.sinkSettings?.[sink.store] ?? sinkSettings(sink.store), topics: sinkTopics, groupId: `${app}.sink:${sink.store}`, ...(dlqMaxBytes === undefined ? {} : { deadLetterMaxBytes: dlqMaxBytes }) }));
  }
  if (options.actuator !== undefined) builder = builder.subTopology('actuator', options.actuator);
  return builder.build();
}

/**
 * A sink that only names its store, for building the graph to describe it without connecting
 * to anything: describing never writes, so its methods refuse.
 */
export function describedSink(store: Store): Sink {
  const refuse = () => Promise.reject(new Error(`sink:${store} was built to be described, not run`));
  return { store, init: refuse, write: refuse, health: refuse, close: refuse };
}

/** Every store's sink, for `describe`. */
export const describedSinks = (): Sink[] => STORE_NAMES.map(describedSink);
