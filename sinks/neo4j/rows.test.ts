import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { identityKey } from '../identity.ts';
import { writeStatements } from './cypher.ts';
import { toGraphRows } from './handlers.ts';
import { graphLabels } from './schema.ts';
import { events, page } from './testing/testScenario.ts';

describe('the Developer key (identityKey)', () => {
  it('prefers the GitHub login (lower-cased), then the account id, then the email', () => {
    expect(identityKey({ source: 'github', accountId: '7', login: 'JohnDoe', displayName: null, email: 'j@x.io' })).toBe('github:johndoe');
    expect(identityKey({ source: 'jira', accountId: 'acc-9', login: null, displayName: null, email: 'j@x.io' })).toBe('jira:acc-9');
    expect(identityKey({ source: 'github', accountId: null, login: null, displayName: 'J', email: 'J@X.io' })).toBe('email:j@x.io');
    expect(identityKey({ source: 'github', accountId: null, login: null, displayName: 'J', email: null })).toBeNull();
  });
});

describe('toGraphRows', () => {
  const rows = toGraphRows(events);

  it('makes one row per relationship, with distinct commits and pull requests', () => {
    expect(rows.contributions.map((r) => [r.developer.key, r.repository, r.shas])).toEqual([
      ['github:alice', 'acme/platform', ['a1', 'a2', 'a3']],
      ['github:bob', 'acme/platform', ['b1']],
      ['github:carol', 'acme/web', ['c1', 'c2']],
      ['github:alice', 'acme/web', ['a4']],
      ['email:gus@example.com', 'acme/web', ['g1']],
    ]);
    expect(rows.reviews.map((r) => [r.reviewer.key, r.author.key, r.pullRequests])).toEqual([
      ['github:bob', 'github:alice', ['acme/platform#10']],
      ['github:dave', 'github:alice', ['acme/platform#10']],
      ['github:alice', 'github:carol', ['acme/web#21']],
      ['github:carol', 'github:frank', ['acme/web#20']],
    ]);
  });

  it('keeps the newest state of an issue and of a page, whatever the order in the batch', () => {
    for (const batch of [events, [...events].reverse()]) {
      const { issues, documents } = toGraphRows(batch);
      expect(issues.map((i) => [i.key, i.status, i.assignee?.key ?? null, i.sprint?.id ?? null])).toEqual(expect.arrayContaining([['PLAT-1', 'In Progress', 'jira:acc-2', 5], ['WEB-7', 'To Do', null, null]]));
      expect(documents.map((d) => [d.id, d.title, d.deleted]).sort()).toEqual([['draft', null, true], ['runbook', 'On-call runbook v2', false]]);
    }
  });

  it('makes a deleted page live again when it is undeleted, newest first whatever the order', () => {
    const undeleted = [...events, page('page.undeleted', 'draft', null, 7)];
    expect(toGraphRows([...events, page('page.moved', 'runbook', null, 8)]).documents.find((d) => d.id === 'runbook')).toMatchObject({ deleted: false, title: null });
    for (const batch of [undeleted, [...undeleted].reverse()]) {
      expect(toGraphRows(batch).documents.find((d) => d.id === 'draft')).toMatchObject({ deleted: false, lastEditedAt: undeleted.at(-1)!.occurredAt });
    }
  });

  it('is the same for the same events, and empty for events the graph does not hold', () => {
    expect(toGraphRows([...events, ...events])).toEqual(rows);
    const sprintClosed = { ...events[0]!, type: 'sprint.closed' } as unknown as EngEvent;
    expect(toGraphRows([sprintClosed])).toEqual({ contributions: [], reviews: [], issues: [], documents: [], issueLinks: [], issueDeletions: [], developers: [], repositories: [], teams: [], teamMembers: [], teamRepositories: [], repositoryRenames: [] });
  });
});

describe('the write statements', () => {
  it('write every kind of row the handlers make: a row kind without a statement would be dropped unseen', () => {
    const kinds = writeStatements(graphLabels()).map((statement) => statement.kind);
    expect([...kinds].sort()).toEqual(Object.keys(toGraphRows([])).sort());
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});
