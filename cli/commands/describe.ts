/** `switchyard describe [--mermaid]`: the whole topology, as text (with the routing table) or Mermaid. */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Command } from 'commander';
import { createCodec } from '../../avro/codec.ts';
import { loadRegistryConfig, registryClientArgs } from '../../config/index.ts';
import { parseChannelMap } from '../../topology/derive/slackNotifications.ts';
import { routingTableMarkdown } from '../../topology/routing.ts';
import { describedActuatorSubTopology } from '../../actuators/subTopology.ts';
import { describedSinks, switchyardTopology } from '../../topology/switchyard.ts';

export function describeCommand(): Command {
  return new Command('describe')
    .description('print the topology: sub-topologies, their nodes and topics, and the routing table')
    .option('--mermaid', 'a Mermaid flowchart instead of text')
    .action((options: { mermaid?: boolean }) => {
      // Describing builds the graph without running it: the codec is never called.
      const codec = createCodec(new SchemaRegistry(registryClientArgs(loadRegistryConfig())));
      const topology = switchyardTopology({ codec, channels: parseChannelMap(process.env.SLACK_CHANNELS, process.env.SLACK_DEFAULT_CHANNEL), sinks: describedSinks(), actuator: describedActuatorSubTopology(codec) });
      if (options.mermaid) {
        console.log(topology.describeMermaid());
        return;
      }
      console.log(topology.describe());
      console.log(`\nRouting table (topology/routing.ts):\n\n${routingTableMarkdown()}`);
    });
}
