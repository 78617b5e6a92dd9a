import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { fixtureNormalizer } from '../testing/normalizerProperties.ts';
import { jira } from './index.ts';
import { jiraKey } from './webhooks.ts';

const normalize = fixtureNormalizer(jira, new URL('./fixtures/', import.meta.url), 'delivery-user-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

const john = { source: 'jira', accountId: '5c3d8a1f0e2b4a6d8c9e0f12', login: null, displayName: 'John Doe', email: null };

describe('user_created / user_updated / user_deleted', () => {
  it('user_created → account.created, field by field: the body user is the account, not an actor', () => {
    expect(events(normalize('user_created.json', 'user_created'))).toEqual([
      {
        eventId: 'jira.account.created:5c3d8a1f0e2b4a6d8c9e0f12',
        type: 'account.created',
        occurredAt: 1714644000000,
        source: 'jira',
        actor: null,
        repository: null,
        projectKey: null,
        deliveryId: 'delivery-user-1',
        payload: { account: john, active: true, accountType: 'atlassian' },
      },
    ]);
  });

  it('user_updated → account.updated with the email when shared, an id per change', () => {
    const [event] = events(normalize('user_updated.json', 'user_updated'));
    expect(event).toMatchObject({
      eventId: 'jira.account.updated:5c3d8a1f0e2b4a6d8c9e0f12:1715000000000',
      payload: { account: { ...john, displayName: 'John Doe (Payments)', email: 'john@acme.io' }, active: true, accountType: 'atlassian' },
    });
    const [hidden] = events(normalize('user_updated.json', 'user_updated', (body) => (body.user.emailAddress = '')));
    expect(hidden?.payload).toMatchObject({ account: { email: null } });
  });

  it('user_deleted → account.deleted from the account id alone', () => {
    const [event] = events(normalize('user_deleted.json', 'user_deleted'));
    expect(event).toMatchObject({ eventId: 'jira.account.deleted:5c3d8a1f0e2b4a6d8c9e0f12', payload: { account: { ...john, displayName: null }, active: false, accountType: null } });
  });

  it('is keyed by the account', () => {
    expect(jiraKey({ webhookEvent: 'user_updated', user: { accountId: '5c3d' } })).toBe('account-5c3d');
    // Elsewhere `user` is who acted and keys nothing.
    expect(jiraKey({ webhookEvent: 'sprint_created', user: { accountId: '5c3d' }, sprint: { originBoardId: 5 } })).toBe('board-5');
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, string, string, (body: any) => void][] = [
      ['user_created.json', 'user_created', '$.user', (body) => delete body.user],
      ['user_created.json', 'user_created', '$.user.accountId', (body) => (body.user.accountId = '')],
      ['user_updated.json', 'user_updated', '$.user.active', (body) => (body.user.active = 'yes')],
      ['user_updated.json', 'user_updated', '$.user.emailAddress', (body) => (body.user.emailAddress = 42)],
      ['user_deleted.json', 'user_deleted', '$.timestamp', (body) => delete body.timestamp],
      ['user_created.json', 'user_deleted', '$.webhookEvent', () => {}],
    ];
    it.each(cases)('%s as %s: %s', (file, eventName, path, edit) => {
      expect(normalize(file, eventName, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});
