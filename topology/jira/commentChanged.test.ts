import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { fixtureNormalizer } from '../testing/normalizerProperties.ts';
import { jira } from './index.ts';

const normalize = fixtureNormalizer(jira, new URL('./fixtures/', import.meta.url), 'delivery-comment-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

const emma = { source: 'jira', accountId: '5b10ac8d82e05b22cc7d4ef5', login: null, displayName: 'Emma Richards', email: 'emma@example.com' };
const emmaAsEditor = { ...emma, email: null };
const updatedAt = Date.parse('2024-05-06T11:33:20.000Z');

describe('comment_updated / comment_deleted', () => {
  it('comment_updated → comment.updated, field by field', () => {
    expect(events(normalize('comment_updated.json', 'comment_updated'))).toEqual([
      {
        eventId: `jira.comment.updated:10300:${updatedAt}`,
        type: 'comment.updated',
        occurredAt: 1714995200000,
        source: 'jira',
        actor: emmaAsEditor, // no webhook user: who edited it
        repository: null,
        projectKey: 'PROJ',
        deliveryId: 'delivery-comment-1',
        payload: {
          commentId: '10300',
          issueId: '10456',
          issueKey: 'PROJ-456',
          author: emma,
          updateAuthor: emmaAsEditor,
          body: "Blocked on the acquirer's sandbox: their test cards are back Wednesday, not Thursday.",
          createdAt: Date.parse('2024-05-06T09:33:20.321Z'),
          updatedAt,
        },
      },
    ]);
  });

  it('a second edit is a new event, a redelivery the same', () => {
    const [first] = events(normalize('comment_updated.json', 'comment_updated'));
    const [again] = events(normalize('comment_updated.json', 'comment_updated'));
    const [second] = events(normalize('comment_updated.json', 'comment_updated', (body) => (body.comment.updated = '2024-05-06T12:00:00.000+0000')));
    expect(again?.eventId).toBe(first?.eventId);
    expect(second?.eventId).not.toBe(first?.eventId);
  });

  it('comment_deleted → comment.deleted by comment id; a body without text or authors is read as null', () => {
    const [deleted] = events(normalize('comment_deleted.json', 'comment_deleted'));
    expect(deleted).toMatchObject({ eventId: 'jira.comment.deleted:10300', type: 'comment.deleted', occurredAt: 1715081600000, projectKey: 'PROJ', payload: { commentId: '10300', issueKey: 'PROJ-456' } });
    const [bare] = events(
      normalize('comment_deleted.json', 'comment_deleted', (body) => {
        body.comment = { id: '10300' };
        body.user = { accountId: '5b10a2844c20165700ede21g' };
      }),
    );
    expect(bare?.payload).toEqual({ commentId: '10300', issueId: '10456', issueKey: 'PROJ-456', author: null, updateAuthor: null, body: null, createdAt: null, updatedAt: null });
    expect(bare?.actor?.accountId).toBe('5b10a2844c20165700ede21g');
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, string, string, (body: any) => void][] = [
      ['comment_updated.json', 'comment_updated', '$.comment.id', (body) => delete body.comment.id],
      ['comment_updated.json', 'comment_updated', '$.comment.updated', (body) => delete body.comment.updated],
      ['comment_updated.json', 'comment_updated', '$.comment.body', (body) => (body.comment.body = 42)],
      ['comment_updated.json', 'comment_updated', '$.issue.key', (body) => delete body.issue.key],
      ['comment_deleted.json', 'comment_deleted', '$.issue', (body) => delete body.issue],
      ['comment_deleted.json', 'comment_updated', '$.webhookEvent', () => {}],
    ];
    it.each(cases)('%s as %s: %s', (file, eventName, path, edit) => {
      expect(normalize(file, eventName, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});
