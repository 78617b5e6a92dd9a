import { describe, expect, it } from 'vitest';
import { counts, useTestGraph } from './testing/testGraph.ts';
import { events, organization } from './testing/testScenario.ts';

describe('neo4j sink: summary', () => {
  const graph = useTestGraph();

  it('counts this graph’s nodes per label and relationships per type, and names its prefix', async () => {
    await graph.sink.init();
    await graph.sink.syncOrganization(organization);
    await graph.sink.write(events);
    const { rows, where } = await graph.sink.summary();
    const expected = await counts(graph.sink); // the test helper's own full scan
    for (const [name, n] of Object.entries(expected)) {
      const key = /^[A-Z][a-z]/.test(name) ? `${name} nodes` : `${name} relationships`;
      expect([key, rows[key]]).toEqual([key, n]);
    }
    expect(rows['Developer nodes']).toBeGreaterThan(0);
    expect(rows['CONTRIBUTED_TO relationships']).toBeGreaterThan(0);
    expect(where).toBe(`bolt://127.0.0.1:7687 (database neo4j, labels prefixed ${graph.sink.labels.prefix})`);
  });
});
