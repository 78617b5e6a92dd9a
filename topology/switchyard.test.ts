import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../avro/codec.ts';
import { parseChannelMap } from './derive/slackNotifications.ts';
import { describedSinks, switchyardTopology } from './switchyard.ts';

// Building the graph never calls the registry: an unreachable one proves it.
const topology = switchyardTopology({ codec: createCodec(new SchemaRegistry({ host: 'http://127.0.0.1:9' })), channels: parseChannelMap('', undefined), sinks: describedSinks() });

describe("Switchyard's topology", () => {
  it('describes itself as text; a change to the graph shows in review', () => {
    expect(topology.describe()).toMatchSnapshot();
  });

  it('has normalize and one sink sub-topology per store, each with its own consumer group', () => {
    const text = topology.describe();
    for (const store of ['postgres', 'clickhouse', 'pinecone', 'neo4j']) expect(text).toContain(`Sub-topology: sink:${store} (group: switchyard.sink:${store})`);
  });

  it('renders as a Mermaid flowchart joining sub-topologies through their topics', () => {
    const mermaid = topology.describeMermaid();
    expect(mermaid.startsWith('flowchart LR')).toBe(true);
    for (const topic of ['github-events', 'eng.events.v1', 'jira-commands', 'slack-notifications', 'switchyard.dlq']) expect(mermaid).toContain(`[["${topic}"]]`);
  });
});
