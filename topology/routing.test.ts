import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../avro/generated/types.ts';
import { loadSchema } from '../avro/schemas.ts';
import { TaggedUnionType } from '../avro/taggedUnion.ts';
import { STORES } from '../sinks/registry.ts';
import { cellFor, ROUTING_TABLE, routingTableMarkdown, storesFor } from './routing.ts';
import { completedAssignedIssue, substantialCommit } from './rules.ts';

const allTypes = [...(loadSchema('EngEvent') as TaggedUnionType).branchByTag.keys()];

function event<T extends EngEvent['type']>(type: T, payload: unknown): EngEvent {
  return { eventId: 'e', type, occurredAt: 0, source: 'test', actor: null, repository: null, projectKey: null, deliveryId: 'd', payload } as EngEvent;
}

const commit = (message: string, distinct = true) => event('commit.pushed', { message, distinct });
const jiraUpdate = (to: string | null, assignee: object | null) =>
  event('issue.updated', { statusChange: to === null ? null : { from: 'In Progress', to }, issue: { assignee } });

describe('the routing table', () => {
  it('has exactly one row for every kind in the schema', () => {
    const routed = ROUTING_TABLE.flatMap((r) => r.kinds);
    expect([...routed].sort()).toEqual([...allTypes].sort());
  });

  it('groups in a row only kinds every store treats alike, so one cell speaks for them all', () => {
    for (const row of ROUTING_TABLE) {
      for (const store of STORES) {
        const cells = row.kinds.map((kind) => cellFor({ event: row.event, kinds: [kind] }, store.name));
        expect(new Set(cells), `${row.event} in ${store.name}: ${cells.join(' / ')}`).toHaveProperty('size', 1);
      }
    }
  });

  it('routes the guide’s rows as the guide does', () => {
    expect(storesFor(commit('PROJ-1 fix the login redirect'))).toEqual(['postgres', 'clickhouse', 'pinecone', 'neo4j']);
    expect(storesFor(event('pull_request.merged', {}))).toEqual(['postgres', 'clickhouse', 'pinecone', 'neo4j']);
    expect(storesFor(jiraUpdate('In Review', null))).toEqual(['postgres', 'clickhouse', 'neo4j']);
    expect(storesFor(event('sprint.closed', {}))).toEqual(['postgres', 'clickhouse']);
    expect(storesFor(event('metric.sampled', {}))).toEqual(['clickhouse']);
  });

  it('"Maybe" for a commit: only new, non-merge commits of three words or more update the profile', () => {
    expect(substantialCommit(commit('Add retry to the ClickHouse sink') as never)).toBe(true);
    expect(substantialCommit(commit('Add retry to the ClickHouse sink', false) as never)).toBe(false);
    expect(substantialCommit(commit("Merge pull request #12 from octo/feature") as never)).toBe(false);
    expect(substantialCommit(commit("Merge branch 'main' into feature") as never)).toBe(false);
    expect(substantialCommit(commit('wip') as never)).toBe(false);
    expect(substantialCommit(commit('fix typo\n\nin the README and the docs') as never)).toBe(false);
  });

  it('"Maybe" for a Jira update: only an assigned issue moving to Done, Closed or Resolved', () => {
    const ada = { source: 'jira', accountId: 'a', login: null, displayName: 'Ada', email: null };
    expect(completedAssignedIssue(jiraUpdate('Done', ada) as never)).toBe(true);
    expect(completedAssignedIssue(jiraUpdate('resolved', ada) as never)).toBe(true);
    expect(completedAssignedIssue(jiraUpdate('Done', null) as never)).toBe(false);
    expect(completedAssignedIssue(jiraUpdate('In Review', ada) as never)).toBe(false);
    expect(completedAssignedIssue(jiraUpdate(null, ada) as never)).toBe(false);
  });

  it('reads like the guide’s table', () => {
    expect(routingTableMarkdown()).toMatchSnapshot();
  });
});
