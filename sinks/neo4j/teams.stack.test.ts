/**
 * GitHub's teams in the real Neo4j, from webhooks alone (sinks/testing/githubOrganization.ts has
 * the scenario), then beside an organization file.
 */
import { describe, expect, it } from 'vitest';
import { organizationWebhooks, workWebhooks } from '../testing/githubOrganization.ts';
import { auditNeo4j } from './audit.ts';
import { developersWithinHops } from './queries.ts';
import { teamAccess, teamMembership, teamRef, teamRenamed } from './testing/teamEvents.ts';
import { snapshot, useTestGraph } from './testing/testGraph.ts';
import type { Neo4jSink } from './sink.ts';

async function teams(sink: Neo4jSink): Promise<{ name: string; githubId: number | null; deleted: boolean | null; members: string[] }[]> {
  const { records } = await sink.driver.executeQuery(
    `MATCH (t:${sink.labels.Team}) OPTIONAL MATCH (d:${sink.labels.Developer})-[:MEMBER_OF]->(t)
     WITH t, d ORDER BY d.key
     RETURN t.name AS name, t.githubId AS githubId, t.githubDeleted AS deleted, collect(d.key) AS members ORDER BY name`,
    {},
    { database: sink.database },
  );
  return records.map((r) => r.toObject() as never);
}

const dev = (login: string, hops: number) => ({ key: `github:${login}`, login, displayName: null, hops });

describe('neo4j: GitHub teams from webhooks alone', () => {
  const graph = useTestGraph();

  it('a team created, renamed and deleted; a member added then removed; the guide\'s 2-hop question', async () => {
    await graph.sink.init();
    // One event per batch, in the order received.
    for (const event of [...organizationWebhooks(), ...workWebhooks()]) await graph.sink.write([event]);

    // "Platform Team" renamed in place to "Platform": alice, added before the rename, is still a member;
    // bob was added and removed; Legacy is deleted (kept as a marked, empty node: see teamCypher.ts).
    expect(await teams(graph.sink)).toEqual([
      { name: 'Legacy', githubId: 300, deleted: true, members: [] },
      { name: 'Payments', githubId: 200, deleted: false, members: ['github:carol'] },
      { name: 'Platform', githubId: 100, deleted: false, members: ['github:alice'] },
    ]);

    // Worked by hand: alice is a member (1 hop); carol is a member of Payments, which Platform is
    // the parent of (PARENT_OF, MEMBER_OF); dave committed to acme/api, which Platform has access
    // to (HAS_ACCESS, CONTRIBUTED_TO); erin reviewed alice (REVIEWED, MEMBER_OF). Not bob (removed;
    // only gina reviewed him), gina (Legacy's member until its deletion), hana (organization
    // member) or ivan (collaborator): nothing links them to the team.
    expect(await developersWithinHops(graph.sink, 'Platform', 2)).toEqual([dev('alice', 1), dev('carol', 2), dev('dave', 2), dev('erin', 2)]);
    expect(await developersWithinHops(graph.sink, 'Platform Team', 2)).toEqual([]);
    expect(await developersWithinHops(graph.sink, 'Legacy', 2)).toEqual([]);
  });

  it('replays exactly: the same webhooks again, in one batch or one by one, change nothing', async () => {
    const before = await snapshot(graph.sink);
    await graph.sink.write([...organizationWebhooks(), ...workWebhooks()]);
    for (const event of organizationWebhooks()) await graph.sink.write([event]);
    expect(await snapshot(graph.sink)).toEqual(before);
  });

  it('ignores an add older than the removal that followed it (bob\'s add replayed after his removal)', async () => {
    const bobAdded = organizationWebhooks()[3]!;
    expect(bobAdded.type).toBe('team.member_added');
    await graph.sink.write([{ ...bobAdded, eventId: `${bobAdded.eventId}:again` }]);
    expect((await teams(graph.sink)).find((t) => t.name === 'Platform')!.members).toEqual(['github:alice']);
  });
});

describe('neo4j: GitHub teams beside an organization file', () => {
  const graph = useTestGraph();

  it('the file is the override: a webhook removal keeps what the file declares, and the file\'s sync keeps GitHub\'s teams', async () => {
    await graph.sink.init();
    await graph.sink.syncOrganization({ teams: [{ name: 'Platform', members: ['bob', 'zed'], owns: ['PLAT'] }], dependencies: [], projects: [] });
    await graph.sink.write([...organizationWebhooks(), ...workWebhooks()]);

    // GitHub's "Platform Team", renamed to "Platform", meets the file's Platform: one node. bob,
    // removed on GitHub, stays (the file declares him); alice comes from GitHub, zed from the file.
    expect((await teams(graph.sink)).find((t) => t.name === 'Platform')).toEqual({ name: 'Platform', githubId: 100, deleted: false, members: ['github:alice', 'github:bob', 'github:zed'] });

    // The file no longer lists Platform: its members and ownership go, GitHub's team and alice stay.
    await graph.sink.syncOrganization({ teams: [], dependencies: [], projects: [] });
    expect((await teams(graph.sink)).find((t) => t.name === 'Platform')).toEqual({ name: 'Platform', githubId: 100, deleted: false, members: ['github:alice'] });
    expect((await developersWithinHops(graph.sink, 'Platform', 1)).map((d) => d.key)).toEqual(['github:alice']);
  });
});

describe('neo4j: a GitHub team renamed onto a team the file declares', () => {
  const graph = useTestGraph();

  it('moves GitHub\'s side onto the file\'s node, whose name the file owns, and drops the old node', async () => {
    await graph.sink.init();
    await graph.sink.syncOrganization({ teams: [{ name: 'Platform', members: ['zed'], owns: ['PLAT'] }], dependencies: [], projects: [] });
    for (const event of [...organizationWebhooks(), ...workWebhooks()]) await graph.sink.write([event]);
    const all = await teams(graph.sink);
    expect(all.map((t) => t.name)).toEqual(['Legacy', 'Payments', 'Platform']);
    expect(all.find((t) => t.name === 'Platform')).toEqual({ name: 'Platform', githubId: 100, deleted: false, members: ['github:alice', 'github:zed'] });
    expect(await developersWithinHops(graph.sink, 'Platform', 2)).toEqual([dev('alice', 1), dev('zed', 1), dev('carol', 2), dev('dave', 2), dev('erin', 2)]);
  });
});

describe('neo4j: a GitHub team renamed onto a team the file declares, after a removal', () => {
  const graph = useTestGraph();

  it('carries the removals with GitHub\'s side: an older add delivered after the rename is still refused', async () => {
    await graph.sink.init();
    await graph.sink.syncOrganization({ teams: [{ name: 'Ops', members: ['zed'], owns: [] }], dependencies: [], projects: [] });
    const opsTeam = teamRef(600, 'Ops Team');
    const ops = teamRef(600, 'Ops');
    await graph.sink.write([teamMembership(opsTeam, 'bob', true, 1_000), teamAccess(opsTeam, 'acme/ops', 'push', 1_000)]);
    await graph.sink.write([teamMembership(opsTeam, 'bob', false, 2_000), teamAccess(opsTeam, 'acme/ops', null, 2_000)]);
    await graph.sink.write([teamRenamed(ops, 'Ops Team', 3_000)]);
    // The add and the grant of t=1,000 delivered again, after the rename.
    await graph.sink.write([teamMembership(ops, 'bob', true, 1_000), teamAccess(ops, 'acme/ops', 'push', 1_000)]);
    const { records } = await graph.sink.driver.executeQuery(
      `MATCH (t:${graph.sink.labels.Team} {githubId: 600}) OPTIONAL MATCH (d:${graph.sink.labels.Developer})-[m:MEMBER_OF]->(t) WHERE m.github
       OPTIONAL MATCH (t)-[a:HAS_ACCESS]->() RETURN t.name AS name, collect(DISTINCT d.key) AS members, count(DISTINCT a) AS access`,
    );
    expect(records.map((r) => r.toObject())).toEqual([{ name: 'Ops', members: [], access: 0 }]);
  });
});

describe('neo4j: the audit of GitHub teams', () => {
  const graph = useTestGraph();

  it('passes once the webhooks are written, and names a membership the graph lost', async () => {
    await graph.sink.init();
    const events = [...organizationWebhooks(), ...workWebhooks()];
    for (const event of events) await graph.sink.write([event]);
    const result = await auditNeo4j(graph.sink, events);
    expect(result).toMatchObject({ missing: 0, duplicated: 0, mismatched: 0 });
    expect(result.present).toBeGreaterThanOrEqual(events.length);

    await graph.sink.driver.executeQuery(`MATCH (:${graph.sink.labels.Developer} {key: 'github:alice'})-[m:MEMBER_OF]->() DELETE m`, {}, { database: graph.sink.database });
    const broken = await auditNeo4j(graph.sink, events);
    expect(broken.mismatched).toBe(1); // alice's add (step 2); no other event names that membership
  });
});

describe('neo4j: a removal for a team the graph has no node of yet', () => {
  const inOrder = useTestGraph();
  const removalFirst = useTestGraph();

  it('is remembered, so an older add delivered after it grants nothing, as in order', async () => {
    const newcomers = teamRef(500, 'Newcomers');
    const at = (minute: number) => Date.UTC(2025, 2, 3, 9, minute);
    const added = [teamMembership(newcomers, 'alice', true, at(5)), teamAccess(newcomers, 'acme/api', 'push', at(5))];
    const removed = [teamMembership(newcomers, 'alice', false, at(10)), teamAccess(newcomers, 'acme/api', null, at(10))];
    await inOrder.sink.init();
    await removalFirst.sink.init();
    for (const event of [...added, ...removed]) await inOrder.sink.write([event]);
    for (const event of [...removed, ...added]) await removalFirst.sink.write([event]);

    const state = async (sink: Neo4jSink) => {
      const { records } = await sink.driver.executeQuery(
        `MATCH (t:${sink.labels.Team} {githubId: 500}) RETURN t.name AS name, COUNT { (t)<-[:MEMBER_OF]-() } AS members, COUNT { (t)-[:HAS_ACCESS]->() } AS access, t.githubRemovals AS removals`,
        {},
        { database: sink.database },
      );
      return records.map((r) => ({ ...r.toObject(), removals: [...(r.get('removals') as string[])].sort() }));
    };
    const want = [{ name: 'Newcomers', members: 0, access: 0, removals: [`member github:alice @${at(10)}`, `repository acme/api @${at(10)}`] }];
    expect(await state(inOrder.sink)).toEqual(want);
    expect(await state(removalFirst.sink)).toEqual(want);
    expect(await auditNeo4j(removalFirst.sink, [...removed, ...added])).toMatchObject({ missing: 0, duplicated: 0, mismatched: 0 });
  });
});
