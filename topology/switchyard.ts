/**
 * Switchyard's whole topology: `normalize`, then one sink sub-topology per store (each its own
 * consumer group on eng.events.v1, so one store's outage never holds back another). The
 * actuator joins it when it is built.
 */
import type { Codec } from '../avro/codec.ts';
import { TopologyBuilder, type Topology } from '../operators/index.ts';
import { sinkSettings } from '../sinks/settings.ts';
import type { Sink } from '../sinks/sink.ts';
import { sinkSubTopology } from '../sinks/subTopology.ts';
import type { ChannelMap } from './derive/slackNotifications.ts';
import { normalizeSubTopology, type NormalizeOptions } from './normalize.ts';
import { STORES, type Store } from './routing.ts';

export interface SwitchyardOptions {
  readonly codec: Codec;
  readonly channels: ChannelMap;
  readonly sinks: readonly Sink[];
  readonly normalize?: Partial<Omit<NormalizeOptions, 'codec' | 'channels'>>;
}

export function switchyardTopology(options: SwitchyardOptions): Topology {
  let builder = new TopologyBuilder().subTopology('normalize', normalizeSubTopology({ codec: options.codec, channels: options.channels, ...options.normalize }));
  for (const sink of options.sinks) {
    builder = builder.subTopology(`sink:${sink.store}`, sinkSubTopology({ sink, codec: options.codec, settings: sinkSettings(sink.store) }));
  }
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
export const describedSinks = (): Sink[] => STORES.map(describedSink);
