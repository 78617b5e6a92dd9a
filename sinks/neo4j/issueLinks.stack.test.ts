/**
 * Jira issue links in the real Neo4j, from Jira webhooks alone (no organization file): a link
 * created then deleted, a link before its issues, and the guide's "If Project X is delayed, what
 * other projects are affected?" rolled up from issue dependencies.
 *
 * The issues (id key): 1 CORE-1, 2 CORE-2, 5 API-5, 9 WEB-9, 3 MOB-3, 11 DOCS-1, 4 SEC-4.
 * The links:
 * - 501 CORE-1 blocks API-5          → API-5 DEPENDS_ON CORE-1: API depends on CORE
 * - 502 API-5 blocks WEB-9           → WEB depends on API: CORE's delay reaches WEB in two steps
 * - 503 MOB-3 "depends on" CORE-2    → MOB depends on CORE
 * - 504 DOCS-1 relates to CORE-1     → LINKED, no dependency: DOCS is not affected
 * - 505 CORE-1 blocks CORE-2         → within CORE: no project depends on itself
 * - 506 CORE-2 blocks SEC-4, deleted → SEC is not affected
 *
 * So a delay of CORE affects API (1) and MOB (1), then WEB (2, through API); of API, WEB (1); of
 * WEB, nothing. WEB's dependency chain is WEB → API → CORE.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { auditNeo4j } from './audit.ts';
import { dependencyChain, projectsAffectedBy } from './queries.ts';
import { DEPENDS, RELATES, issueCreated, issueLink } from './testing/jiraWebhooks.ts';
import { snapshot, useTestGraph } from './testing/testGraph.ts';

async function issueRelationships(graph: { sink: import('./sink.ts').Neo4jSink }): Promise<string[]> {
  const { driver, database, labels } = graph.sink;
  const { records } = await driver.executeQuery(
    `MATCH (a:${labels.Issue})-[r:DEPENDS_ON|LINKED]->(b:${labels.Issue}) RETURN a.id + ' ' + type(r) + ' ' + b.id + ' #' + r.linkId + ' ' + r.type AS r ORDER BY r`,
    {},
    { database },
  );
  return records.map((record) => record.get('r') as string);
}

describe('a Jira issue link', () => {
  const graph = useTestGraph();
  beforeAll(() => graph.sink.init());

  it('created, then deleted: the relationship goes; deleting again or replaying both ends the same', async () => {
    const created = issueLink('created', 701, 71, 72);
    const deleted = issueLink('deleted', 701, 71, 72);
    await graph.sink.write([created]);
    expect(await issueRelationships(graph)).toEqual(['72 DEPENDS_ON 71 #701 Blocks']);
    await graph.sink.write([deleted]);
    expect(await issueRelationships(graph)).toEqual([]);
    const after = await snapshot(graph.sink);
    expect(after.nodes).toHaveLength(2); // the two issues the link named, waiting for their events

    await graph.sink.write([deleted]);
    expect(await snapshot(graph.sink)).toEqual(after);
    await graph.sink.write([created, deleted]); // one batch
    expect(await snapshot(graph.sink)).toEqual(after);
    await graph.sink.write([created]);
    await graph.sink.write([deleted]); // replayed one by one
    expect(await snapshot(graph.sink)).toEqual(after);
  });

  it('is audited: one relationship while its last event created it, none once deleted', async () => {
    const live = issueLink('created', 702, 73, 74);
    const gone = [issueLink('created', 701, 71, 72), issueLink('deleted', 701, 71, 72)];
    await graph.sink.write([live]);
    expect(await auditNeo4j(graph.sink, [live, ...gone])).toMatchObject({ ok: true, expected: 3, present: 3 });
    const { driver, database, labels } = graph.sink;
    await driver.executeQuery(`MATCH (:${labels.Issue} {id: '74'})-[r:DEPENDS_ON]->() DELETE r`, {}, { database });
    const result = await auditNeo4j(graph.sink, [live]);
    expect(result).toMatchObject({ ok: false, missing: 1 });
    expect(result.details[0]).toBe('missing: jira.issue_link.created:702: DEPENDS_ON 74 → 73 (link 702) is missing');
  });
});

describe('"If Project X is delayed, what other projects are affected?" from Jira webhooks alone', () => {
  const graph = useTestGraph();
  const links: EngEvent[] = [
    issueLink('created', 501, 1, 5),
    issueLink('created', 502, 5, 9),
    issueLink('created', 503, 3, 2, DEPENDS),
    issueLink('created', 504, 11, 1, RELATES),
    issueLink('created', 505, 1, 2),
    issueLink('created', 506, 2, 4),
    issueLink('deleted', 506, 2, 4),
  ];
  const issues: EngEvent[] = [
    issueCreated(1, 'CORE-1'),
    issueCreated(2, 'CORE-2'),
    issueCreated(5, 'API-5'),
    issueCreated(9, 'WEB-9'),
    issueCreated(3, 'MOB-3'),
    issueCreated(11, 'DOCS-1'),
    issueCreated(4, 'SEC-4'),
  ];
  beforeAll(() => graph.sink.init());

  it('links arriving before their issues wait for them: no project yet, then the roll-up once the issues come', async () => {
    await graph.sink.write(links);
    expect(await issueRelationships(graph)).toEqual([
      '11 LINKED 1 #504 Relates',
      '2 DEPENDS_ON 1 #505 Blocks',
      '3 DEPENDS_ON 2 #503 Dependency',
      '5 DEPENDS_ON 1 #501 Blocks',
      '9 DEPENDS_ON 5 #502 Blocks',
    ]);
    expect(await projectsAffectedBy(graph.sink, 'CORE')).toEqual([]); // no issue has a project yet

    await graph.sink.write(issues);
    const { records } = await graph.sink.driver.executeQuery(`MATCH (i:${graph.sink.labels.Issue} {id: '5'}) RETURN i.key AS key`, {}, { database: graph.sink.database });
    expect(records.map((r) => r.get('key'))).toEqual(['API-5']); // the bare node the link made is the issue's
  });

  it('answers with the dependents of the delayed project, transitively, nearest first', async () => {
    expect(await projectsAffectedBy(graph.sink, 'CORE')).toEqual([
      { project: 'API', distance: 1 },
      { project: 'MOB', distance: 1 },
      { project: 'WEB', distance: 2 },
    ]);
    expect(await projectsAffectedBy(graph.sink, 'API')).toEqual([{ project: 'WEB', distance: 1 }]);
    expect(await projectsAffectedBy(graph.sink, 'WEB')).toEqual([]);
    expect(await projectsAffectedBy(graph.sink, 'DOCS')).toEqual([]);
    expect(await projectsAffectedBy(graph.sink, 'SEC')).toEqual([]);
  });

  it('gives the dependency chains the same way', async () => {
    expect(await dependencyChain(graph.sink, 'WEB')).toEqual([['WEB', 'API', 'CORE']]);
    expect(await dependencyChain(graph.sink, 'MOB')).toEqual([['MOB', 'CORE']]);
    expect(await dependencyChain(graph.sink, 'CORE')).toEqual([['CORE']]);
  });

  it('forgets a dependency when its link is deleted', async () => {
    await graph.sink.write([issueLink('deleted', 501, 1, 5)]);
    expect(await projectsAffectedBy(graph.sink, 'CORE')).toEqual([{ project: 'MOB', distance: 1 }]);
    // A replay of the creation after the deletion does not bring it back: Jira never reuses a link id.
    await graph.sink.write([issueLink('created', 501, 1, 5)]);
    expect(await projectsAffectedBy(graph.sink, 'CORE')).toEqual([{ project: 'MOB', distance: 1 }]);
    // Linking the issues again is a new link, with a new id.
    await graph.sink.write([issueLink('created', 502, 1, 5)]);
    expect((await projectsAffectedBy(graph.sink, 'CORE')).map((p) => p.project)).toEqual(['API', 'MOB', 'WEB']);
  });

  it('walks the organization file’s dependencies and the issues’ in one chain', async () => {
    // SEC depends on WEB by the file: CORE → API → WEB by issues, then WEB → SEC by the file.
    await graph.sink.syncOrganization({ teams: [], dependencies: [{ project: 'SEC', dependsOn: ['WEB'] }], projects: [] });
    expect(await projectsAffectedBy(graph.sink, 'CORE')).toEqual([
      { project: 'API', distance: 1 },
      { project: 'MOB', distance: 1 },
      { project: 'WEB', distance: 2 },
      { project: 'SEC', distance: 3 },
    ]);
    expect(await dependencyChain(graph.sink, 'SEC')).toEqual([['SEC', 'WEB', 'API', 'CORE']]);
  });
});
