/**
 * The guide's Neo4j questions, answered on testing/testScenario.ts's graph (events plus organization
 * file) in the real Neo4j; each expected answer is worked out in its comment.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { contributorsOf, dependencyChain, developersWithinHops, projectsAffectedBy } from './queries.ts';
import { useTestGraph } from './testing/testGraph.ts';
import { events, organization } from './testing/testScenario.ts';

describe('graph queries', () => {
  const graph = useTestGraph();
  beforeAll(async () => {
    await graph.sink.init();
    await graph.sink.syncOrganization(organization);
    await graph.sink.write(events);
  });

  it('"If Project X is delayed, what other projects are affected?": dependents, transitively', async () => {
    expect(await projectsAffectedBy(graph.sink, 'PLAT')).toEqual([
      { project: 'DATA', distance: 1 },
      { project: 'WEB', distance: 1 },
      { project: 'MOBILE', distance: 2 },
    ]);
    expect(await projectsAffectedBy(graph.sink, 'WEB')).toEqual([{ project: 'MOBILE', distance: 1 }]);
    expect(await projectsAffectedBy(graph.sink, 'MOBILE')).toEqual([]);
    expect(await projectsAffectedBy(graph.sink, 'NOPE')).toEqual([]);
  });

  it('"Find all developers within 2 hops of the Platform team": members, and who reviewed or was reviewed by them', async () => {
    expect(await developersWithinHops(graph.sink, 'Platform', 2)).toEqual([
      { key: 'github:alice', login: 'alice', displayName: 'Alice', hops: 1 },
      { key: 'github:bob', login: 'bob', displayName: 'Bob', hops: 1 },
      { key: 'github:carol', login: 'carol', displayName: 'Carol', hops: 2 },
      { key: 'github:dave', login: 'dave', displayName: 'Dave', hops: 2 },
    ]);
    expect((await developersWithinHops(graph.sink, 'Platform', 3)).map((d) => d.key)).toContain('github:frank');
    expect(await developersWithinHops(graph.sink, 'Platform', 1)).toHaveLength(2);
    expect(() => developersWithinHops(graph.sink, 'Platform', 9)).toThrow(RangeError);
  });

  it('"What\'s the dependency chain for this release?": every DEPENDS_ON path to a project that depends on nothing', async () => {
    expect(await dependencyChain(graph.sink, 'MOBILE')).toEqual([
      ['MOBILE', 'AUTH'],
      ['MOBILE', 'WEB', 'PLAT'],
    ]);
    expect(await dependencyChain(graph.sink, 'WEB')).toEqual([['WEB', 'PLAT']]);
    expect(await dependencyChain(graph.sink, 'PLAT')).toEqual([['PLAT']]);
    expect(await dependencyChain(graph.sink, 'NOPE')).toEqual([]);
  });

  it('contributors of a repository, by distinct commits', async () => {
    const T0 = Date.UTC(2025, 2, 3, 9);
    const hour = 3_600_000;
    expect(await contributorsOf(graph.sink, 'acme/web')).toEqual([
      { key: 'github:carol', login: 'carol', displayName: 'Carol', commits: 2, firstAt: T0 + 5 * hour, lastAt: T0 + 6 * hour },
      { key: 'email:gus@example.com', login: null, displayName: 'Gus', commits: 1, firstAt: T0 + 8 * hour, lastAt: T0 + 8 * hour },
      { key: 'github:alice', login: 'alice', displayName: 'Alice', commits: 1, firstAt: T0 + 7 * hour, lastAt: T0 + 7 * hour },
    ]);
    expect((await contributorsOf(graph.sink, 'acme/platform')).map((c) => [c.key, c.commits])).toEqual([
      ['github:alice', 3],
      ['github:bob', 1],
    ]);
  });
});
