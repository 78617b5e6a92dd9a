import { describe, expect, it } from 'vitest';
import { codertocat, DELIVERY, eventIdOf, expectInvalid, fixture, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without } from '../testing/github.ts';

const hacktocat = { source: 'github', accountId: '39652351', login: 'hacktocat', displayName: null, email: null };

describe('organization', () => {
  it.each([
    ['member_added', 'organization.member_added'],
    ['member_removed', 'organization.member_removed'],
  ] as const)('normalizes %s to %s', (action, type) => {
    expect(onlyEvent(normalize('organization', fixture(`organization/${action}.payload.json`)))).toEqual({
      eventId: `github.${type}:Octocoders:39652351:${DELIVERY}`,
      type,
      occurredAt: RECEIVED_AT,
      source: 'github',
      actor: codertocat,
      repository: null,
      projectKey: null,
      deliveryId: DELIVERY,
      payload: { organization: 'Octocoders', member: hacktocat, role: 'member' },
    });
  });

  it.each(['member_invited', 'renamed'])('skips %s, naming it', (action) => {
    expect(normalize('organization', fixture(`organization/${action}.payload.json`))).toEqual({ kind: 'skipped', reason: `organization action "${action}" is not used` });
  });

  it('keeps the id for the same delivery received later (a redelivery, or the event through a second webhook), and gives another delivery (an add after a remove) a new one', () => {
    const added = fixture('organization/member_added.payload.json');
    expect(eventIdOf('organization', added, DELIVERY, RECEIVED_LATER)).toBe(eventIdOf('organization', added));
    expect(eventIdOf('organization', added, 'another-delivery')).not.toBe(eventIdOf('organization', added));
  });

  it.each([
    ['membership is missing', without(fixture('organization/member_added.payload.json'), ['membership']), '$.membership'],
    ['the user has no login', without(fixture('organization/member_removed.payload.json'), ['membership', 'user', 'login']), '$.membership.user.login'],
    ['organization is missing', without(fixture('organization/member_added.payload.json'), ['organization']), '$.organization'],
  ])('is invalid when %s', (_case, payload, path) => {
    expectInvalid('organization', payload, path);
  });
});
