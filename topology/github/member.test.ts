import { describe, expect, it } from 'vitest';
import { codertocat, DELIVERY, eventIdOf, expectInvalid, fixture, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without, withValue } from '../testing/github.ts';

const hacktocat = { source: 'github', accountId: '39652351', login: 'hacktocat', displayName: null, email: null };
const octocat = { source: 'github', accountId: '583231', login: 'octocat', displayName: null, email: null };

describe('member', () => {
  it('normalizes added to repository.collaborator_added', () => {
    expect(onlyEvent(normalize('member', fixture('member/added.payload.json')))).toEqual({
      eventId: `github.repository.collaborator_added:Codertocat/Hello-World:39652351:${DELIVERY}`,
      type: 'repository.collaborator_added',
      occurredAt: RECEIVED_AT,
      source: 'github',
      actor: hacktocat,
      repository: 'Codertocat/Hello-World',
      projectKey: null,
      deliveryId: DELIVERY,
      payload: { repository: 'Codertocat/Hello-World', collaborator: hacktocat, permission: null, previousPermission: null },
    });
  });

  it('normalizes edited to repository.collaborator_updated with the old permission, and the new one when GitHub sends it', () => {
    expect(onlyEvent(normalize('member', fixture('member/edited.payload.json')))).toMatchObject({
      eventId: `github.repository.collaborator_updated:Codertocat/Hello-World:583231:${DELIVERY}`,
      type: 'repository.collaborator_updated',
      actor: codertocat,
      payload: { repository: 'Codertocat/Hello-World', collaborator: octocat, permission: null, previousPermission: 'write' },
    });
    const withTo = withValue(fixture('member/edited.payload.json'), ['changes', 'permission'], { to: 'admin' });
    expect(onlyEvent(normalize('member', withTo)).payload).toMatchObject({ permission: 'admin', previousPermission: 'write' });
  });

  it('normalizes removed to repository.collaborator_removed', () => {
    expect(onlyEvent(normalize('member', fixture('member/removed.payload.json')))).toMatchObject({ type: 'repository.collaborator_removed', payload: { collaborator: hacktocat } });
  });

  it('keeps the id for the same delivery received later (a redelivery, or the event through a second webhook), and gives another delivery (an add after a remove) a new one', () => {
    const added = fixture('member/added.payload.json');
    expect(eventIdOf('member', added, DELIVERY, RECEIVED_LATER)).toBe(eventIdOf('member', added));
    expect(eventIdOf('member', added, 'another-delivery')).not.toBe(eventIdOf('member', added));
  });

  it.each([
    ['member is missing', without(fixture('member/added.payload.json'), ['member']), '$.member'],
    ['repository is missing', without(fixture('member/removed.payload.json'), ['repository']), '$.repository'],
    ['the old permission is not text', withValue(fixture('member/edited.payload.json'), ['changes', 'old_permission', 'from'], 3), '$.changes.old_permission.from'],
  ])('is invalid when %s', (_case, payload, path) => {
    expectInvalid('member', payload, path);
  });
});
