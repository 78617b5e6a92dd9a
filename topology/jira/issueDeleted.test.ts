import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { fixtureNormalizer } from '../testing/normalizerProperties.ts';
import { jira } from './index.ts';

const normalize = fixtureNormalizer(jira, new URL('./fixtures/', import.meta.url), 'delivery-deleted-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

describe('jira:issue_deleted', () => {
  it('→ issue.deleted, field by field', () => {
    expect(events(normalize('issue_deleted.json', 'jira:issue_deleted'))).toEqual([
      {
        eventId: 'jira.issue.deleted:10458',
        type: 'issue.deleted',
        occurredAt: 1715000000000,
        source: 'jira',
        actor: { source: 'jira', accountId: '5b10a2844c20165700ede21g', login: null, displayName: 'Mia Krystof', email: null },
        repository: null,
        projectKey: 'PROJ',
        deliveryId: 'delivery-deleted-1',
        payload: { issueId: '10458', issueKey: 'PROJ-458', summary: 'Duplicate of PROJ-456' },
      },
    ]);
  });

  it('without fields, the project is the key prefix and the summary null; the id stays the issue id', () => {
    const [deleted] = events(normalize('issue_deleted.json', 'jira:issue_deleted', (body) => delete body.issue.fields));
    expect(deleted).toMatchObject({ eventId: 'jira.issue.deleted:10458', projectKey: 'PROJ', payload: { issueId: '10458', issueKey: 'PROJ-458', summary: null } });
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, (body: any) => void][] = [
      ['$.issue', (body) => delete body.issue],
      ['$.issue.id', (body) => (body.issue.id = 10458)],
      ['$.issue.key', (body) => (body.issue.key = '')],
      ['$.timestamp', (body) => delete body.timestamp],
    ];
    it.each(cases)('%s', (path, edit) => {
      expect(normalize('issue_deleted.json', 'jira:issue_deleted', edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});
