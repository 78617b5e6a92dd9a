import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { describedActuatorSubTopology } from '../actuators/subTopology.ts';
import { createCodec } from '../avro/codec.ts';
import { parseChannelMap } from './derive/slackNotifications.ts';
import { describedSinks, switchyardTopology } from './switchyard.ts';

// Building the graph never calls the registry: an unreachable one proves it.
const codec = createCodec(new SchemaRegistry({ host: 'http://127.0.0.1:9' }));
const topology = switchyardTopology({ codec, channels: parseChannelMap('', undefined), sinks: describedSinks(), actuator: describedActuatorSubTopology(codec) });

describe("Switchyard's topology", () => {
  it('describes itself as text; a change to the graph shows in review', () => {
    expect(topology.describe()).toMatchSnapshot();
  });

  it('has normalize, one sink sub-topology per store and the actuator, each with its own consumer group', () => {
    const text = topology.describe();
    expect(text).toContain('Sub-topology: actuator (group: switchyard.actuator)');
    for (const store of ['postgres', 'clickhouse', 'pinecone', 'neo4j']) expect(text).toContain(`Sub-topology: sink:${store} (group: switchyard.sink:${store})`);
  });

  it('prefixes every consumer group with the application id, and reads renamed topics', () => {
    const staging = switchyardTopology({ codec, channels: parseChannelMap('', undefined), sinks: describedSinks(), applicationId: 'staging', topics: { raw: { 'github-events': 's.github-events' }, events: 's.events', jiraCommands: 's.jira', slackNotifications: 's.slack', deadLetters: 's.dlq' } });
    expect(staging.subTopologies.map((s) => s.spec.groupId)).toEqual(['staging.normalize', 'staging.sink:postgres', 'staging.sink:clickhouse', 'staging.sink:pinecone', 'staging.sink:neo4j']);
    expect(staging.subTopologies.map((s) => s.spec.topics)).toEqual([['s.github-events'], ...Array.from({ length: 4 }, () => ['s.events'])]);
  });

  it('renders as a Mermaid flowchart joining sub-topologies through their topics', () => {
    const mermaid = topology.describeMermaid();
    expect(mermaid.startsWith('flowchart LR')).toBe(true);
    for (const topic of ['github-events', 'eng.events.v1', 'jira-commands', 'slack-notifications', 'switchyard.dlq']) expect(mermaid).toContain(`[["${topic}"]]`);
  });
});
