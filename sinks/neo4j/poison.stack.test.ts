/**
 * A poison event against the real Neo4j of the local stack, through the guard as the sink
 * sub-topology runs it: a developer login of 9 KB makes Neo4j refuse the key's index entry
 * ("Property value is too large to index", Neo.DatabaseError.Statement.ExecutionFailed). Only
 * that event is dead-lettered; the others of its batch are written.
 */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { FailedAloneError, errorClassOf } from '../../operators/errors.ts';
import { writeThroughGuard } from '../testing/throughGuard.ts';
import { Neo4jSinkError } from './errors.ts';
import { useTestGraph } from './testing/testGraph.ts';
import { events, person } from './testing/testScenario.ts';

describe('neo4j sink: a 9 KB developer login', () => {
  const graph = useTestGraph();

  it('is dead-lettered alone, with the store’s error; the rest of the batch is written', async () => {
    await graph.sink.init();
    const commits = events.filter((e) => e.type === 'commit.pushed').slice(0, 6);
    const huge = person(`x${'y'.repeat(9 * 1024)}`);
    const template = commits[0]!;
    const poison = {
      ...template,
      eventId: 'github:commit:acme/platform:huge',
      actor: huge,
      payload: { ...(template.payload as object), sha: 'huge', author: huge, committer: huge },
    } as EngEvent;
    const batch = [...commits.slice(0, 3), poison, ...commits.slice(3)];

    const { failures, finished } = await writeThroughGuard(graph.sink, batch);

    expect(failures).toHaveLength(1);
    const [failure] = failures;
    expect(failure!.record.value.eventId).toBe('github:commit:acme/platform:huge');
    expect(failure!.error).toBeInstanceOf(FailedAloneError);
    const cause = (failure!.error as FailedAloneError).cause;
    expect(cause).toBeInstanceOf(Neo4jSinkError);
    expect(cause).toMatchObject({ neo4jCode: 'Neo.DatabaseError.Statement.ExecutionFailed', classification: 'retryable' });
    expect((failure!.error as Error).message).toMatch(/^failed alone 5 times while the store answered its health check: Neo4j write of 1 event\(s\) failed \(retryable, Neo.DatabaseError.Statement.ExecutionFailed\): Property value is too large to index/);
    expect(errorClassOf(failure!.error)).toBe('Neo4jSinkError'); // the DLQ's errorClass
    expect(finished).toBe(batch.length - 1);

    const { records } = await graph.sink.driver.executeQuery(
      `MATCH (d:${graph.sink.labels.Developer}) WHERE d.key STARTS WITH 'github:' RETURN d.key AS key, size(d.key) AS size ORDER BY key`,
      {},
      { database: graph.sink.database },
    );
    const keys = records.map((r) => r.get('key') as string);
    const authors = [...new Set(commits.flatMap((e) => ((e.payload as { author: { login: string | null } }).author.login === null ? [] : [`github:${(e.payload as { author: { login: string } }).author.login}`])))];
    expect(keys).toEqual(expect.arrayContaining(authors));
    expect(records.every((r) => (r.get('size') as number) < 1_000)).toBe(true);
  });
});
