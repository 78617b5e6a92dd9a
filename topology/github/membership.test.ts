import { describe, expect, it } from 'vitest';
import { codertocat, DELIVERY, eventIdOf, expectInvalid, fixture, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without, withValue } from '../testing/github.ts';

const team = { teamId: 3253328, name: 'github', slug: 'github', parentKnown: false, parentId: null, parentName: null };

describe('membership', () => {
  it.each([
    ['added', 'team.member_added'],
    ['removed', 'team.member_removed'],
  ] as const)('normalizes %s to %s: the team, the member, at the received time', (action, type) => {
    expect(onlyEvent(normalize('membership', fixture(`membership/${action}.payload.json`)))).toEqual({
      eventId: `github.${type}:3253328:21031067:${DELIVERY}`,
      type,
      occurredAt: RECEIVED_AT,
      source: 'github',
      actor: codertocat,
      repository: null,
      projectKey: null,
      deliveryId: DELIVERY,
      payload: { organization: 'Octocoders', team, member: codertocat, teamDeleted: false },
    });
  });

  it('reads a removal by a deleted team, which GitHub sends without a slug', () => {
    expect(onlyEvent(normalize('membership', fixture('membership/removed.with-deleted-team.payload.json'))).payload).toEqual({
      organization: 'Octocoders',
      team: { ...team, slug: null },
      member: codertocat,
      teamDeleted: true,
    });
  });

  it('keeps the id for the same delivery received later (a redelivery, or the event through a second webhook), and gives another delivery (an add after a remove) a new one', () => {
    const added = fixture('membership/added.payload.json');
    expect(eventIdOf('membership', added, DELIVERY, RECEIVED_LATER)).toBe(eventIdOf('membership', added));
    expect(eventIdOf('membership', added, 'another-delivery')).not.toBe(eventIdOf('membership', added));
  });

  it('skips a scope other than team, naming it', () => {
    expect(normalize('membership', withValue(fixture('membership/added.payload.json'), ['scope'], 'organization'))).toEqual({ kind: 'skipped', reason: 'membership scope "organization" is not used' });
  });

  it.each([
    ['member is missing', without(fixture('membership/added.payload.json'), ['member']), '$.member'],
    ['the member id is negative', withValue(fixture('membership/added.payload.json'), ['member', 'id'], -1), '$.member.id'],
    ['team is missing', without(fixture('membership/removed.payload.json'), ['team']), '$.team'],
    ['scope is missing', without(fixture('membership/added.payload.json'), ['scope']), '$.scope'],
  ])('is invalid when %s', (_case, payload, path) => {
    expectInvalid('membership', payload, path);
  });
});
