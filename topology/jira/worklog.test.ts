import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { fixtureNormalizer } from '../testing/normalizerProperties.ts';
import { jira } from './index.ts';
import { jiraKey } from './webhooks.ts';

const normalize = fixtureNormalizer(jira, new URL('./fixtures/', import.meta.url), 'delivery-worklog-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

const emma = { source: 'jira', accountId: '5b10ac8d82e05b22cc7d4ef5', login: null, displayName: 'Emma Richards', email: 'emma@example.com' };
const mia = { source: 'jira', accountId: '5b10a2844c20165700ede21g', login: null, displayName: 'Mia Krystof', email: null };

describe('worklog_created / worklog_updated / worklog_deleted', () => {
  it('worklog_created → worklog.created, field by field', () => {
    expect(events(normalize('worklog_created.json', 'worklog_created'))).toEqual([
      {
        eventId: 'jira.worklog.created:10100',
        type: 'worklog.created',
        occurredAt: 1715004000000,
        source: 'jira',
        actor: emma, // no webhook user: who last edited it
        repository: null,
        projectKey: null,
        deliveryId: 'delivery-worklog-1',
        payload: {
          worklogId: '10100',
          issueId: '10456',
          author: emma,
          updateAuthor: emma,
          timeSpentSeconds: 10800,
          startedAt: Date.parse('2024-05-06T09:00:00.000Z'),
          createdAt: Date.parse('2024-05-06T14:00:00.000Z'),
          updatedAt: Date.parse('2024-05-06T14:00:00.000Z'),
          comment: 'Reproduced the checkout timeout against the acquirer sandbox.',
        },
      },
    ]);
  });

  it('worklog_updated → worklog.updated, its id made of the edit time; the editor is the actor', () => {
    const [updated] = events(normalize('worklog_updated.json', 'worklog_updated'));
    expect(updated).toMatchObject({
      eventId: `jira.worklog.updated:10100:${Date.parse('2024-05-07T14:00:00.000Z')}`,
      type: 'worklog.updated',
      occurredAt: 1715090400000,
      actor: mia,
      payload: { worklogId: '10100', issueId: '10456', author: emma, updateAuthor: mia, timeSpentSeconds: 16200, updatedAt: Date.parse('2024-05-07T14:00:00.000Z') },
    });
    // A second edit is a new event; a redelivery of this one is the same.
    const again = events(normalize('worklog_updated.json', 'worklog_updated'));
    expect(again[0]?.eventId).toBe(updated?.eventId);
    const later = events(normalize('worklog_updated.json', 'worklog_updated', (body) => (body.worklog.updated = '2024-05-08T10:00:00.000+0000')));
    expect(later[0]?.eventId).not.toBe(updated?.eventId);
  });

  it('worklog_deleted → worklog.deleted, keyed by the worklog alone', () => {
    const [deleted] = events(normalize('worklog_deleted.json', 'worklog_deleted'));
    expect(deleted).toMatchObject({ eventId: 'jira.worklog.deleted:10100', type: 'worklog.deleted', occurredAt: 1715176800000, payload: { worklogId: '10100', issueId: '10456', timeSpentSeconds: 16200 } });
  });

  it('reads what real users send: numeric ids, no authors, no times, a rich-text comment', () => {
    const [created] = events(
      normalize('worklog_created.json', 'worklog_created', (body) => {
        body.worklog.id = 10100;
        body.worklog.issueId = 10456;
        delete body.worklog.author;
        body.worklog.updateAuthor = null;
        delete body.worklog.started;
        body.worklog.comment = { type: 'doc', version: 1, content: [] };
        body.user = { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof' };
      }),
    );
    expect(created).toMatchObject({ eventId: 'jira.worklog.created:10100', actor: mia, payload: { worklogId: '10100', issueId: '10456', author: null, updateAuthor: null, startedAt: null, comment: null } });
  });

  it('is keyed by its issue, so one worklog keeps its order', () => {
    expect(jiraKey({ webhookEvent: 'worklog_created', worklog: { id: '10100', issueId: '10456' } })).toBe('issue-10456');
    expect(jiraKey({ webhookEvent: 'worklog_deleted', worklog: { id: '10100', issueId: 10456 } })).toBe('issue-10456');
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, string, string, (body: any) => void][] = [
      ['worklog_created.json', 'worklog_created', '$.worklog', (body) => delete body.worklog],
      ['worklog_created.json', 'worklog_created', '$.worklog.id', (body) => (body.worklog.id = '')],
      ['worklog_created.json', 'worklog_created', '$.worklog.issueId', (body) => delete body.worklog.issueId],
      ['worklog_created.json', 'worklog_created', '$.worklog.timeSpentSeconds', (body) => (body.worklog.timeSpentSeconds = -60)],
      ['worklog_created.json', 'worklog_created', '$.worklog.started', (body) => (body.worklog.started = 'yesterday')],
      ['worklog_created.json', 'worklog_created', '$.worklog.author.accountId', (body) => delete body.worklog.author.accountId],
      ['worklog_updated.json', 'worklog_updated', '$.worklog.updated', (body) => delete body.worklog.updated],
      ['worklog_deleted.json', 'worklog_deleted', '$.timestamp', (body) => (body.timestamp = 'now')],
      ['worklog_created.json', 'worklog_deleted', '$.webhookEvent', () => {}],
    ];
    it.each(cases)('%s as %s: %s', (file, eventName, path, edit) => {
      expect(normalize(file, eventName, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});
