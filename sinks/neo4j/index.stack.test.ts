/** A run's corner of the graph, made and dropped, in the local stack's Neo4j. */
import { describe, expect, it } from 'vitest';
import { neo4jStore } from './index.ts';
import { neo4jSink } from './sink.ts';
import { constraintNames, counts, localConfig } from './testing/testGraph.ts';
import { events } from './testing/testScenario.ts';

describe('neo4jStore isolation', () => {
  it('drops a run’s nodes and constraints, and nothing without a label prefix', async () => {
    const config = { ...localConfig(), labelPrefix: `Drop${Date.now().toString(36)}_` };
    const sink = neo4jSink(config);
    try {
      await sink.init();
      await sink.write(events);
      expect(await counts(sink)).toMatchObject({ Developer: 7, CONTRIBUTED_TO: 5 }); // no organization file: erin is not there
      await neo4jStore.isolation.drop(config);
      expect(await counts(sink)).toEqual({});
      expect(await constraintNames(sink)).toEqual([]);
      await expect(neo4jStore.isolation.drop(localConfig())).rejects.toThrow(/NEO4J_LABEL_PREFIX is unset/);
    } finally {
      await sink.close();
    }
  });
});
