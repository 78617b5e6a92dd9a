/**
 * Every fixture of every source, as the graph keeps it: the events written one by one in the
 * order the fixtures sort, one by one in reverse, and in one batch, each into a graph of its own.
 * The three graphs are the same and the audit finds every event in each. The fixtures hold every
 * kind the sources read, and contradict each other as real histories do (a team created, renamed,
 * deleted; a repository given to it and taken away; an issue deleted and then linked).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { distinctEvents, fixtureEvents, sameMillisecondDeliveries } from '../testing/fixtureEvents.ts';
import { auditNeo4j } from './audit.ts';
import { neo4jSink, type Neo4jSink } from './sink.ts';
import { dropTestGraph, localConfig, snapshot, uniquePrefix } from './testing/testGraph.ts';



/**
 * A snapshot with the graph's own label prefix taken out, so two graphs compare, and the lists the
 * graph keeps as sets (a team's removals, an issue's deleted links) sorted.
 */
async function unprefixed(sink: Neo4jSink): Promise<{ nodes: string[]; relationships: string[] }> {
  const { nodes, relationships } = await snapshot(sink);
  const sets = (_key: string, value: unknown) => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value].sort() : value);
  const strip = (line: string) => JSON.stringify(JSON.parse(line.replaceAll(sink.labels.prefix, '')), sets);
  return { nodes: nodes.map(strip).sort(), relationships: relationships.map(strip).sort() };
}

describe('every fixture in the graph', () => {
  const sinks: Neo4jSink[] = [];
  afterAll(async () => {
    for (const sink of sinks) {
      await dropTestGraph(sink);
      await sink.close();
    }
  });

  async function graphOf(batches: readonly (readonly EngEvent[])[]): Promise<Neo4jSink> {
    const sink = neo4jSink(localConfig(), { labelPrefix: uniquePrefix() });
    sinks.push(sink);
    await sink.init();
    for (const batch of batches) await sink.write(batch);
    return sink;
  }

  it('is the same graph however the events are ordered or batched, and the audit finds each', { timeout: 120_000 }, async () => {
    const events = fixtureEvents();
    const kinds = new Set(events.map((e) => e.type));
    expect(kinds.size).toBeGreaterThan(80);
    const distinct = distinctEvents(events);

    const forward = await graphOf(events.map((e) => [e]));
    const backward = await graphOf([...events].reverse().map((e) => [e]));
    const together = await graphOf([events]);

    const expected = await unprefixed(forward);
    expect(expected.relationships.length).toBeGreaterThan(3);
    expect(await unprefixed(backward)).toEqual(expected);
    expect(await unprefixed(together)).toEqual(expected);
    for (const sink of [forward, backward, together]) {
      const audit = await auditNeo4j(sink, distinct);
      expect(audit, audit.details.join('\n')).toMatchObject({ ok: true, missing: 0 });
    }
  });

  it('at the same millisecond a removal or a deletion wins, whatever order or batch', async () => {
    const { events, orders } = sameMillisecondDeliveries();
    for (const batches of orders) {
      const sink = await graphOf(batches);
      const { records } = await sink.driver.executeQuery(
        `MATCH (t:${sink.labels.Team} {githubId: 400}) OPTIONAL MATCH (d:${sink.labels.Developer})-[m:MEMBER_OF]->(t) RETURN t.name AS name, t.githubDeleted AS deleted, count(m) AS members`,
      );
      expect(records.map((r) => r.toObject()), JSON.stringify(batches.map((b) => b.map((e) => e.type)))).toEqual([{ name: 'Contested Renamed', deleted: true, members: 0 }]);
      expect((await auditNeo4j(sink, events)).ok).toBe(true);
    }
  });
});
