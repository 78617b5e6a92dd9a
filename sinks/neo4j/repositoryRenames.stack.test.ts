/**
 * A renamed repository in the real Neo4j (sinks/testing/repositoryRename.ts has the scenario): one
 * Repository node under the new name, with every relationship it had under the old one, however
 * the events were batched or replayed.
 */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { afterRename, beforeRename, commit, created, renamed, renameScenario, T0 } from '../testing/repositoryRename.ts';
import { auditNeo4j } from './audit.ts';
import { teamAccess, teamRef } from './testing/teamEvents.ts';
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

/** Every HAS_ACCESS (team, repository, permission, time) and every team's removals, sorted. */
async function access(sink: Neo4jSink) {
  const L = sink.labels;
  const { records } = await sink.driver.executeQuery(
    `MATCH (t:${L.Team}) OPTIONAL MATCH (t)-[a:HAS_ACCESS]->(r:${L.Repository})
     WITH t, a, r ORDER BY r.fullName
     RETURN t.name AS team, collect(r.fullName + ' ' + a.permission + ' @' + toString(a.githubAt)) AS access, coalesce(t.githubRemovals, []) AS removals ORDER BY team`,
    {},
    { database: sink.database },
  );
  return records.map((r) => ({ ...r.toObject(), removals: [...(r.get('removals') as string[])].sort() }));
}

const platform = teamRef(100, 'Platform');
/** Team access events around repository 42's rename acme/old → acme/new on day 3. */
const grant = (repository: string, permission: string, step: number) => teamAccess(platform, repository, permission, at(step));
const revoke = (repository: string, step: number) => teamAccess(platform, repository, null, at(step));

describe('neo4j: team access across a rename', () => {
  const inOrder = useTestGraph();
  const late = useTestGraph();
  const oneBatch = useTestGraph();

  /**
   * Writes `events` one per batch into `inOrder`, into `late` with the one at `lateIndex` moved to
   * the end (a late delivery), and into `oneBatch` reversed in one batch: the three graphs agree.
   */
  async function both(events: readonly EngEvent[], lateIndex: number) {
    await inOrder.sink.init();
    await late.sink.init();
    await oneBatch.sink.init();
    for (const sink of [inOrder.sink, late.sink, oneBatch.sink]) await sink.driver.executeQuery(`MATCH (n) WHERE any(l IN labels(n) WHERE l STARTS WITH $p) DETACH DELETE n`, { p: sink.labels.prefix }, { database: sink.database });
    for (const event of events) await inOrder.sink.write([event]);
    for (const event of [...events.filter((_, i) => i !== lateIndex), events[lateIndex]!]) await late.sink.write([event]);
    const graph = await access(late.sink);
    await oneBatch.sink.write([...events].reverse());
    expect(graph).toEqual(await access(inOrder.sink));
    expect(await access(oneBatch.sink)).toEqual(graph);
    expect(await auditNeo4j(late.sink, events)).toMatchObject({ missing: 0, duplicated: 0, mismatched: 0 });
    return graph;
  }

  it('a removal under the old name delivered after the rename takes the access, as in order', async () => {
    // Granted at day 1, removed at day 2 (delivered last), renamed at day 3.
    expect(await both([grant('acme/old', 'pull', 1), revoke('acme/old', 2), renamed()], 1)).toEqual([{ team: 'Platform', access: [], removals: [`repository acme/new @${at(2)}`] }]);
  });

  it('a grant under the old name delivered after the rename is the newer one, as in order (the audit finds it under the new name)', async () => {
    // pull at day 1, push at day 2 (delivered last), renamed at day 3: push, at day 2.
    expect(await both([grant('acme/old', 'pull', 1), grant('acme/old', 'push', 2), renamed()], 1)).toEqual([{ team: 'Platform', access: [`acme/new push @${at(2)}`], removals: [] }]);
  });

  it('an older grant under the old name delivered last leaves the newer one under the new name', async () => {
    // pull at day 1 (delivered last), renamed at day 3, admin on acme/new at day 4.
    expect(await both([grant('acme/old', 'pull', 1), renamed(), grant('acme/new', 'admin', 4)], 0)).toEqual([{ team: 'Platform', access: [`acme/new admin @${at(4)}`], removals: [] }]);
  });

  it('a removal under the old name older than a grant under the new name leaves the grant', async () => {
    expect(await both([grant('acme/old', 'pull', 1), revoke('acme/old', 2), renamed(), grant('acme/new', 'maintain', 4)], 1)).toEqual([
      { team: 'Platform', access: [`acme/new maintain @${at(4)}`], removals: [`repository acme/new @${at(2)}`] },
    ]);
  });
});
