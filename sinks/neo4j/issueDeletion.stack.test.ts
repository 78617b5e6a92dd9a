/**
 * A deleted Jira issue in the real Neo4j, from Jira webhooks: the Issue node goes with its
 * relationships, and a late replay of an older update or of a link does not bring it back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { jiraEvent } from '../testing/jiraWorkWebhooks.ts';
import { auditNeo4j } from './audit.ts';
import { issueCreated, issueLink } from './testing/jiraWebhooks.ts';
import { snapshot, useTestGraph } from './testing/testGraph.ts';
import type { Neo4jSink } from './sink.ts';

/** The status-change fixture as an update of issue `id` (PROJ), at its own (fixture) time: older than any deletion below. */
const issueUpdated = (id: number): EngEvent =>
  jiraEvent('jira-issue_updated.status.json', 'jira:issue_updated', (body) => {
    body.issue.id = String(id);
    body.issue.key = `PROJ-${id}`;
  });
const issueDeleted = (id: number): EngEvent =>
  jiraEvent('issue_deleted.json', 'jira:issue_deleted', (body) => {
    body.issue.id = String(id);
    body.issue.key = `PROJ-${id}`;
    body.timestamp = 1716000000000; // after every other event here
  });

async function issues(sink: Neo4jSink): Promise<string[]> {
  const { records } = await sink.driver.executeQuery(
    `MATCH (i:${sink.labels.Issue}) OPTIONAL MATCH (i)-[r]-() WITH i, count(r) AS rels RETURN i.id + ' ' + coalesce(i.key, '?') + ' rels=' + rels AS v ORDER BY v`,
    {},
    { database: sink.database },
  );
  return records.map((r) => r.get('v') as string);
}

describe('neo4j: a Jira issue deleted', () => {
  const graph = useTestGraph();
  beforeAll(() => graph.sink.init());

  it('removes the Issue node and its relationships; an older update or link replayed afterwards does not bring it back', async () => {
    await graph.sink.write([issueCreated(801, 'PROJ-801'), issueCreated(802, 'PROJ-802'), issueLink('created', 901, 801, 802)]);
    await graph.sink.write([issueUpdated(801)]);
    expect(await issues(graph.sink)).toEqual(['801 PROJ-801 rels=4', '802 PROJ-802 rels=3']); // 801: project, assignee, sprint, the link

    await graph.sink.write([issueDeleted(801)]);
    expect(await issues(graph.sink)).toEqual(['802 PROJ-802 rels=2']);
    const after = await snapshot(graph.sink);

    await graph.sink.write([issueUpdated(801)]); // a late redelivery of an older update
    await graph.sink.write([issueCreated(801, 'PROJ-801'), issueLink('created', 901, 801, 802)]);
    await graph.sink.write([issueDeleted(801)]); // and the deletion again
    expect(await issues(graph.sink)).toEqual(['802 PROJ-802 rels=2']);
    expect(await snapshot(graph.sink)).toEqual(after);

    // The audit holds the deletion over the issue's events: the graph agrees; a node put back by hand is found.
    const given = [issueCreated(801, 'PROJ-801'), issueUpdated(801), issueLink('created', 901, 801, 802), issueDeleted(801)];
    expect(await auditNeo4j(graph.sink, given)).toMatchObject({ ok: true });
    await graph.sink.driver.executeQuery(`CREATE (:${graph.sink.labels.Issue} {id: '801'})`, {}, { database: graph.sink.database });
    const result = await auditNeo4j(graph.sink, given);
    expect(result.ok).toBe(false);
    expect(result.details).toContain('mismatched: Issue 801 was deleted in Jira but is in the graph');
  });

  it('in one batch with the issue\'s update, the deletion wins whatever the order', async () => {
    await graph.sink.write([issueDeleted(803), issueCreated(803, 'PROJ-803'), issueUpdated(803)]);
    expect((await issues(graph.sink)).filter((v) => v.startsWith('803'))).toEqual([]);
  });
});
