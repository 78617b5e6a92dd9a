/**
 * The Neo4j audit against the real graph (isolated by a label prefix): OK after the sink wrote
 * the events in several batches, and each kind of damage — a sha lost from a set, a sha twice,
 * a second relationship, an issue rolled back — reported with the id.
 */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { useTestGraph } from './testing/testGraph.ts';
import { events } from './testing/testScenario.ts';
import { auditNeo4j } from './audit.ts';

describe('auditNeo4j', () => {
  const graph = useTestGraph();
  const run = (cypher: string, params: Record<string, unknown> = {}) => graph.sink.driver.executeQuery(cypher, params, { database: graph.sink.database });
  const contributed = () => `(d:${graph.sink.labels.Developer} {key: 'github:alice'})-[c:CONTRIBUTED_TO]->(r:${graph.sink.labels.Repository} {fullName: 'acme/platform'})`;

  it('passes once the sink wrote the events, in any batches, twice', async () => {
    await graph.sink.init();
    await graph.sink.write(events);
    for (const event of [...events].reverse()) await graph.sink.write([event]);
    const result = await auditNeo4j(graph.sink, events);
    expect(result.expected).toBeGreaterThanOrEqual(15); // commits, reviews, merges, issues, pages
    expect(result).toMatchObject({ store: 'neo4j', present: result.expected, missing: 0, duplicated: 0, mismatched: 0, ok: true });
  });

  it('reports a commit lost from CONTRIBUTED_TO.shas, by event id', async () => {
    await run(`MATCH ${contributed()} SET c.shas = [s IN c.shas WHERE s <> 'a2'], c.commits = c.commits - 1`);
    const result = await auditNeo4j(graph.sink, events);
    expect(result).toMatchObject({ ok: false, missing: 1 });
    expect(result.details[0]).toBe('missing: github:commit:acme/platform:a2: CONTRIBUTED_TO github:alice → acme/platform lacks a2 in shas');
  });

  it('reports a sha held twice and the count that no longer matches', async () => {
    await run(`MATCH ${contributed()} SET c.shas = c.shas + ['a2', 'a1']`);
    const result = await auditNeo4j(graph.sink, events);
    expect(result.ok).toBe(false);
    expect(result.details.join('\n')).toContain('duplicated: github:commit:acme/platform:a1: CONTRIBUTED_TO github:alice → acme/platform holds a1 2 times in shas');
    expect(result.details.join('\n')).toMatch(/mismatched: CONTRIBUTED_TO github:alice → acme\/platform has commits=2 but 4 in shas/);
  });

  it('reports a second relationship between the same two nodes', async () => {
    await run(`MATCH ${contributed()} CREATE (d)-[:CONTRIBUTED_TO {shas: ['a1'], commits: 1}]->(r)`);
    const result = await auditNeo4j(graph.sink, events);
    expect(result.details.join('\n')).toContain('duplicated: CONTRIBUTED_TO github:alice → acme/platform exists 2 times');
  });

  it('reports the lost Developer of a self-review, which links nobody', async () => {
    const review = events.find((e) => e.type === 'review.submitted')!;
    const zed = { source: 'github', accountId: null, login: 'zed', displayName: 'Zed', email: null };
    const selfReview = { ...review, eventId: 'github:review:self', payload: { ...review.payload, reviewer: zed, pullRequestAuthor: zed } } as EngEvent;
    await graph.sink.write([selfReview]);
    expect(await auditNeo4j(graph.sink, [selfReview])).toMatchObject({ ok: true, expected: 1, present: 1 });
    await run(`MATCH (d:${graph.sink.labels.Developer} {key: 'github:zed'}) DETACH DELETE d`);
    const result = await auditNeo4j(graph.sink, [selfReview]);
    expect(result).toMatchObject({ ok: false, missing: 1, present: 0 });
    expect(result.details[0]).toBe('missing: github:review:self: no Developer github:zed');
  });

  it('reports an issue rolled back to an older update, naming the newest event', async () => {
    await run(`MATCH (i:${graph.sink.labels.Issue} {id: 'id-PLAT-1'}) SET i.updatedAt = i.updatedAt - 1`);
    const result = await auditNeo4j(graph.sink, events);
    expect(result.details.join('\n')).toMatch(/mismatched: Issue id-PLAT-1 is as of .*, older than its newest event jira:id-PLAT-1:c1/);
  });
});
