/**
 * The sink against the real Neo4j of the local stack, isolated by a label prefix (testing/testGraph.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { writeThroughGuard } from '../testing/throughGuard.ts';
import { Neo4jSinkError } from './errors.ts';
import { constraintStatements } from './schema.ts';
import { neo4jSink } from './sink.ts';
import { constraintNames, counts, localConfig, snapshot, useTestGraph } from './testing/testGraph.ts';
import { events, jiraIssue, organization, page } from './testing/testScenario.ts';

let dir: string;
let teamsFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-neo4j-'));
  teamsFile = join(dir, 'teams.json');
  // The organization file in its own format (sinks/organization.ts), saying what `organization` says.
  const keys = [...new Set([...organization.dependencies.map((d) => d.project), ...organization.projects.map((p) => p.key)])];
  const file = {
    teams: organization.teams.map((t) => ({ name: t.name, members: t.members.map((github) => ({ github })), projects: t.owns })),
    projects: keys.map((key) => ({
      key,
      repositories: organization.projects.find((p) => p.key === key)?.repositories ?? [],
      dependsOn: organization.dependencies.filter((d) => d.project === key).flatMap((d) => d.dependsOn),
    })),
  };
  await writeFile(teamsFile, JSON.stringify(file));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('neo4jSink', () => {
  const graph = useTestGraph(() => localConfig(teamsFile));

  it('creates one uniqueness constraint per label, and init() can run again', async () => {
    await graph.sink.init();
    await graph.sink.init();
    const expected = constraintStatements(graph.sink.labels).map((s) => s.name).sort();
    expect(expected).toHaveLength(8);
    expect(await constraintNames(graph.sink)).toEqual(expected);
  });

  it('syncs the organization file at init', async () => {
    expect(await counts(graph.sink)).toEqual({ Team: 3, Developer: 4, Project: 5, Repository: 2, MEMBER_OF: 4, OWNS: 4, DEPENDS_ON: 4, PART_OF: 2 });
  });

  // Developers: alice, bob, carol, erin (file); dave, frank, gus; Jira acc-2. acc-1's assignment is
  // superseded within the batch (the newest update of an issue wins), so acc-1 never gets a node.
  it('writes a batch: nodes, relationships and their properties', async () => {
    await graph.sink.write(events);
    expect(await counts(graph.sink)).toEqual({
      Team: 3, Developer: 8, Project: 5, Repository: 2, Issue: 2, Sprint: 1, Document: 2,
      MEMBER_OF: 4, OWNS: 4, DEPENDS_ON: 4, PART_OF: 2, CONTRIBUTED_TO: 5, REVIEWED: 4, ASSIGNED_TO: 1, IN_PROJECT: 2, IN_SPRINT: 1,
    });
    const { records } = await graph.sink.driver.executeQuery(
      `MATCH (d:${graph.sink.labels.Developer})-[c:CONTRIBUTED_TO]->(r:${graph.sink.labels.Repository}) RETURN d.key AS dev, r.fullName AS repo, c.commits AS commits, c.shas AS shas, c.firstAt AS firstAt, c.lastAt AS lastAt ORDER BY dev, repo`,
      {},
      { database: graph.sink.database },
    );
    const hour = 3_600_000;
    const T0 = Date.UTC(2025, 2, 3, 9);
    expect(records.map((r) => r.toObject())).toEqual([
      { dev: 'email:gus@example.com', repo: 'acme/web', commits: 1, shas: ['g1'], firstAt: T0 + 8 * hour, lastAt: T0 + 8 * hour },
      { dev: 'github:alice', repo: 'acme/platform', commits: 3, shas: ['a1', 'a2', 'a3'], firstAt: T0 + hour, lastAt: T0 + 4 * hour },
      { dev: 'github:alice', repo: 'acme/web', commits: 1, shas: ['a4'], firstAt: T0 + 7 * hour, lastAt: T0 + 7 * hour },
      { dev: 'github:bob', repo: 'acme/platform', commits: 1, shas: ['b1'], firstAt: T0 + 3 * hour, lastAt: T0 + 3 * hour },
      { dev: 'github:carol', repo: 'acme/web', commits: 2, shas: ['c1', 'c2'], firstAt: T0 + 5 * hour, lastAt: T0 + 6 * hour },
    ]);
    const reviewed = await graph.sink.driver.executeQuery(
      `MATCH (a)-[v:REVIEWED]->(b) WHERE a:${graph.sink.labels.Developer} RETURN a.key AS reviewer, b.key AS author, v.count AS count, v.pullRequests AS prs ORDER BY reviewer, author`,
      {},
      { database: graph.sink.database },
    );
    expect(reviewed.records.map((r) => r.toObject())).toEqual([
      { reviewer: 'github:alice', author: 'github:carol', count: 1, prs: ['acme/web#21'] },
      { reviewer: 'github:bob', author: 'github:alice', count: 1, prs: ['acme/platform#10'] },
      { reviewer: 'github:carol', author: 'github:frank', count: 1, prs: ['acme/web#20'] },
      { reviewer: 'github:dave', author: 'github:alice', count: 1, prs: ['acme/platform#10'] },
    ]);
    const issue = await graph.sink.driver.executeQuery(
      `MATCH (i:${graph.sink.labels.Issue} {key: 'PLAT-1'}) OPTIONAL MATCH (i)-[:ASSIGNED_TO]->(d) OPTIONAL MATCH (i)-[:IN_SPRINT]->(s) RETURN i.status AS status, collect(d.key) AS assignees, s.name AS sprint`,
      {},
      { database: graph.sink.database },
    );
    expect(issue.records[0]?.toObject()).toEqual({ status: 'In Progress', assignees: ['jira:acc-2'], sprint: 'Sprint 5' });
  });

  it('leaves the graph exactly as it was when the events are replayed, batched differently and out of order', async () => {
    const before = await snapshot(graph.sink);
    const beforeCounts = await counts(graph.sink);
    await graph.sink.write(events);
    expect(await snapshot(graph.sink)).toEqual(before);
    for (const event of [...events].reverse()) await graph.sink.write([event]);
    await graph.sink.write([...events, ...events]);
    await graph.sink.syncOrganization();
    await graph.sink.init();
    expect(await counts(graph.sink)).toEqual(beforeCounts);
    expect(await snapshot(graph.sink)).toEqual(before);
  });

  it('counts a new commit once, however often it is delivered', async () => {
    const extra = { ...events[0]!, eventId: 'github:commit:acme/platform:a5', payload: { ...(events[0]!.payload as object), sha: 'a5' } } as EngEvent;
    await graph.sink.write([extra, extra]);
    await graph.sink.write([extra]);
    const { records } = await graph.sink.driver.executeQuery(
      `MATCH (:${graph.sink.labels.Developer} {key: 'github:alice'})-[c:CONTRIBUTED_TO]->(:${graph.sink.labels.Repository} {fullName: 'acme/platform'}) RETURN c.commits AS commits`,
      {},
      { database: graph.sink.database },
    );
    expect(records[0]?.get('commits')).toBe(4);
  });

  it('makes a deleted Document live again when the page is undeleted; a move keeps it live', async () => {
    const documents = async () => {
      const { records } = await graph.sink.driver.executeQuery(`MATCH (d:${graph.sink.labels.Document}) RETURN d.id AS id, d.title AS title, d.deleted AS deleted ORDER BY id`, {}, { database: graph.sink.database });
      return records.map((r) => [r.get('id'), r.get('title'), r.get('deleted')]);
    };
    // The draft's create and delete met in one batch: the tombstone alone was written, without a title.
    expect(await documents()).toEqual([['draft', null, true], ['runbook', 'On-call runbook v2', false]]);
    await graph.sink.write([page('page.undeleted', 'draft', null, 7), page('page.moved', 'runbook', null, 8)]);
    const live = [['draft', null, false], ['runbook', 'On-call runbook v2', false]]; // a title the webhooks never gave stays unknown
    expect(await documents()).toEqual(live);
    await graph.sink.write([page('page.deleted', 'draft', null, 6)]); // the old delete, replayed, is older than the undelete
    expect(await documents()).toEqual(live);
  });

  it('through the guard, writes the good events of a batch and dead-letters the bad one alone', async () => {
    const bad: EngEvent = { ...events[18]!, eventId: 'bad', type: 'issue.created', payload: { issue: { ...jiraIssue('BAD-1'), projectKey: null as never } } } as EngEvent;
    const good = { ...events[0]!, eventId: 'github:commit:acme/platform:a6', payload: { ...(events[0]!.payload as object), sha: 'a6' } } as EngEvent;
    const { failures } = await writeThroughGuard(graph.sink, [good, bad]);
    expect(failures.map((f) => f.record.value.eventId)).toEqual(['bad']);
    expect(failures[0]?.error).toMatchObject({ retriable: false, name: 'Neo4jSinkError' });
    const { records } = await graph.sink.driver.executeQuery(
      `MATCH (:${graph.sink.labels.Developer} {key: 'github:alice'})-[c:CONTRIBUTED_TO]->(:${graph.sink.labels.Repository} {fullName: 'acme/platform'}) RETURN c.commits AS commits`,
      {},
      { database: graph.sink.database },
    );
    expect(records[0]?.get('commits')).toBe(5);
  });

  it('rejects a duplicate key as a permanent constraint error', async () => {
    const run = graph.sink.driver.executeQuery(`CREATE (:${graph.sink.labels.Team} {name: 'Platform'})`, {}, { database: graph.sink.database });
    const error = await run.then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'Neo.ClientError.Schema.ConstraintValidationFailed' });
  });

  it('replaces teams, members and dependencies when the organization changes', async () => {
    await graph.sink.syncOrganization({
      teams: [{ name: 'Platform', members: ['alice'], owns: ['PLAT', 'AUTH'] }],
      dependencies: [{ project: 'MOBILE', dependsOn: ['WEB'] }],
      projects: [],
    });
    const c = await counts(graph.sink);
    expect(c).toMatchObject({ Team: 1, MEMBER_OF: 1, OWNS: 2, DEPENDS_ON: 1 });
    expect(c['PART_OF']).toBeUndefined();
    await graph.sink.syncOrganization(); // back to the file
    expect(await counts(graph.sink)).toMatchObject({ Team: 3, MEMBER_OF: 4, OWNS: 4, DEPENDS_ON: 4, PART_OF: 2 });
  });

  it('reports its health and version', async () => {
    const health = await graph.sink.health();
    expect(health.healthy).toBe(true);
    expect(health.version).toMatch(/^Neo4j\/5\./);
  });

  it('does nothing for an empty batch', async () => {
    await expect(graph.sink.write([])).resolves.toBeUndefined();
  });
});

describe('neo4jSink failures', () => {
  it('classifies an unreachable server as retriable', async () => {
    const sink = neo4jSink({ ...localConfig(), url: 'bolt://127.0.0.1:1' });
    try {
      const error = await sink.init().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(Neo4jSinkError);
      expect(error).toMatchObject({ retriable: true, neo4jCode: 'ServiceUnavailable' });
      expect((await sink.health()).healthy).toBe(false);
    } finally {
      await sink.close();
    }
  });

  it('classifies bad credentials as the store’s configuration: retried until fixed, never dead-lettered', async () => {
    const sink = neo4jSink({ ...localConfig(), password: 'wrong-password' });
    try {
      const error = await sink.init().then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ classification: 'configuration', retriable: true, neo4jCode: 'Neo.ClientError.Security.Unauthorized' });
    } finally {
      await sink.close();
    }
  });
});
