/**
 * Switchyard's whole topology, built from its sub-topologies. Today: `normalize`; the store
 * sinks and the actuator join it as they are built.
 */
import type { Codec } from '../avro/codec.ts';
import { TopologyBuilder, type Topology } from '../operators/index.ts';
import type { ChannelMap } from './derive/slackNotifications.ts';
import { normalizeSubTopology, type NormalizeOptions } from './normalize.ts';

export interface SwitchyardOptions {
  readonly codec: Codec;
  readonly channels: ChannelMap;
  readonly normalize?: Partial<Omit<NormalizeOptions, 'codec' | 'channels'>>;
}

export function switchyardTopology(options: SwitchyardOptions): Topology {
  return new TopologyBuilder().subTopology('normalize', normalizeSubTopology({ codec: options.codec, channels: options.channels, ...options.normalize })).build();
}
