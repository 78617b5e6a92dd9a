import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from './errors.ts';
import { mapValues } from './mapValues.ts';
import { exampleTopology } from './testing/pipelines.ts';
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

  it('numbers generated names in the build they are applied in, whatever was built before or elsewhere', () => {
    // Made once, outside any pipeline, and applied in two topologies with other builds in between.
    const shared = mapValues((v: Buffer | null) => v);
    const spec: SubTopologySpec = { groupId: 'g', topics: ['t'], pipeline: (records) => records.pipe(shared) };
    const first = new TopologyBuilder().subTopology('a', spec).build().describe();
    of().pipe(mapValues((v) => v), mapValues((v) => v));
    exampleTopology(sinks).build();
    expect(new TopologyBuilder().subTopology('a', spec).build().describe()).toBe(first);
    expect(first).toContain('Processor: MAPVALUES-0000000001 (mapValues)');
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
