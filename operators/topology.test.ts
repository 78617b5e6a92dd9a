import { describe, expect, it } from 'vitest';
import { SwitchyardError } from './errors.ts';
import { mapValues } from './mapValues.ts';
import { exampleTopology } from './test/pipelines.ts';
import { type SubTopologySpec, TopologyBuilder } from './topology.ts';

const noop = async () => {};
const sinks = { github: noop, other: noop, audit: noop, search: noop };

describe('TopologyBuilder', () => {
  it('describes itself as text, like Kafka Streams', () => {
    expect(exampleTopology(sinks).build().describe()).toMatchSnapshot();
  });

  it('describes itself as Mermaid', () => {
    expect(exampleTopology(sinks).build().describeMermaid()).toMatchSnapshot();
  });

  it('generates the same names every time it is built', () => {
    expect(exampleTopology(sinks).build().describe()).toBe(exampleTopology(sinks).build().describe());
  });

  it('rejects duplicate node names, sub-topology names and consumer groups at build time', () => {
    const twice: SubTopologySpec['pipeline'] = (records) =>
      records.pipe(mapValues((v) => v, { name: 'same' }), mapValues((v) => v, { name: 'same' }));
    expect(() => new TopologyBuilder().subTopology('a', { groupId: 'g', topics: ['t'], pipeline: twice }).build()).toThrow(/node name same is used twice/);
    const one: SubTopologySpec = { groupId: 'g', topics: ['t'], pipeline: (records) => records };
    expect(() => new TopologyBuilder().subTopology('a', one).subTopology('a', one).build()).toThrow(SwitchyardError);
    expect(() => new TopologyBuilder().subTopology('a', one).subTopology('b', one).build()).toThrow(/consumer group g is used twice/);
    expect(() => new TopologyBuilder().subTopology('a', { ...one, topics: [] }).build()).toThrow(/reads no topic/);
  });
});
