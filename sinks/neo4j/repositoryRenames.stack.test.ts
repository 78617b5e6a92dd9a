/**
 * A renamed repository in the real Neo4j (sinks/testing/repositoryRename.ts has the scenario): one
 * Repository node under the new name, with every relationship it had under the old one, however
 * the events were batched or replayed.
 */
import { describe, expect, it } from 'vitest';
import { afterRename, beforeRename, commit, created, renamed, renameScenario, T0 } from '../testing/repositoryRename.ts';
import { auditNeo4j } from './audit.ts';
import { useTestGraph } from './testing/testGraph.ts';
import type { Neo4jSink } from './sink.ts';

/** Every Repository node with its former names and the commits contributed to it. */
async function repositories(sink: Neo4jSink) {
  const { records } = await sink.driver.executeQuery(
    `MATCH (r:${sink.labels.Repository}) OPTIONAL MATCH (d:${sink.labels.Developer})-[c:CONTRIBUTED_TO]->(r)
     RETURN r.fullName AS name, r.githubId AS githubId, coalesce(r.formerNames, []) AS formerNames, collect(d.key + ' ' + toString(c.commits)) AS contributions ORDER BY name`,
    {},
    { database: sink.database },
  );
  return records.map((r) => r.toObject());
}

const merged = [{ name: 'acme/new', githubId: 42, formerNames: ['acme/old'], contributions: ['github:dave 2'] }];

describe('neo4j: a renamed repository', () => {
  const graph = useTestGraph();

  it('is one node with all its relationships, one event per batch', async () => {
    await graph.sink.init();
    for (const event of renameScenario()) await graph.sink.write([event]);
    expect(await repositories(graph.sink)).toEqual(merged);
    // The audit looks for the old name's contribution under the new name.
    expect(await auditNeo4j(graph.sink, renameScenario())).toMatchObject({ missing: 0, duplicated: 0, mismatched: 0 });
  });

  it('folds an old-name event replayed after the rename, and a whole replay in one batch', async () => {
    await graph.sink.init();
    await graph.sink.write([renamed(), ...afterRename()]);
    await graph.sink.write(beforeRename()); // late: the old name's node is made, then folded
    expect(await repositories(graph.sink)).toEqual(merged);
    await graph.sink.write(renameScenario());
    expect(await repositories(graph.sink)).toEqual(merged);
  });

  it('follows a rename of a rename into the newest name', async () => {
    await graph.sink.init();
    await graph.sink.write([...renameScenario(), renamed('acme/new', 'acme/newest', 6)]);
    expect(await repositories(graph.sink)).toEqual([{ name: 'acme/newest', githubId: 42, formerNames: ['acme/new', 'acme/old'], contributions: ['github:dave 2'] }]);
  });
});

/** Every Repository node with everything the fold decides by. */
async function nodes(sink: Neo4jSink) {
  const { records } = await sink.driver.executeQuery(
    `MATCH (r:${sink.labels.Repository}) OPTIONAL MATCH (d:${sink.labels.Developer})-[c:CONTRIBUTED_TO]->(r)
     RETURN r.fullName AS name, r.githubId AS githubId, r.githubAt AS githubAt, r.renamedAt AS renamedAt, coalesce(r.formerNames, []) AS formerNames,
       collect(d.key + ' ' + toString(c.commits)) AS contributions ORDER BY name`,
    {},
    { database: sink.database },
  );
  return records.map((r) => r.toObject());
}

const at = (step: number): number => T0 + step * 86_400_000;

describe('neo4j: a name used again', () => {
  const graph = useTestGraph();

  it('is not folded into the renamed repository once a new repository claims it', async () => {
    await graph.sink.init();
    // 42: acme/api → acme/api-legacy on day 3; 77 created as acme/api on day 4 and committed to on day 6.
    for (const event of [commit('acme/api', 'o1', 1), renamed('acme/api', 'acme/api-legacy', 3), created('acme/api', 77, 4), commit('acme/api', 'n1', 6)]) await graph.sink.write([event]);
    expect(await nodes(graph.sink)).toEqual([
      { name: 'acme/api', githubId: 77, githubAt: at(4), renamedAt: null, formerNames: [], contributions: ['github:dave 1'] },
      { name: 'acme/api-legacy', githubId: 42, githubAt: at(3), renamedAt: at(3), formerNames: ['acme/api'], contributions: ['github:dave 1'] },
    ]);
  });
});

/** a → b → a, with a commit under each name: one node under a, the newest rename's target. */
const backAndForth = () => [commit('acme/a', 'x1', 1), renamed('acme/a', 'acme/b', 3), commit('acme/b', 'x2', 4), renamed('acme/b', 'acme/a', 6), commit('acme/a', 'x3', 7)];
const renamedBack = [{ name: 'acme/a', githubId: 42, githubAt: at(6), renamedAt: at(6), formerNames: ['acme/b'], contributions: ['github:dave 3'] }];

describe('neo4j: renamed back (a → b → a)', () => {
  const inOrder = useTestGraph();
  const reversed = useTestGraph();
  const oneBatch = useTestGraph();

  it('ends under the newest rename\'s target, the same whatever the batches and their order', async () => {
    for (const graph of [inOrder, reversed, oneBatch]) await graph.sink.init();
    for (const event of backAndForth()) await inOrder.sink.write([event]);
    for (const event of backAndForth().reverse()) await reversed.sink.write([event]);
    const [c1, r1, c2, r2, c3] = backAndForth();
    await oneBatch.sink.write([r2!, c2!, c3!, r1!, c1!]);
    for (const graph of [inOrder, reversed, oneBatch]) expect(await nodes(graph.sink)).toEqual(renamedBack);
    // A replay of the first rename alone changes nothing; the audit looks under a.
    await inOrder.sink.write([renamed('acme/a', 'acme/b', 3)]);
    expect(await nodes(inOrder.sink)).toEqual(renamedBack);
    expect(await auditNeo4j(inOrder.sink, backAndForth())).toMatchObject({ missing: 0, duplicated: 0, mismatched: 0 });
  });
});
