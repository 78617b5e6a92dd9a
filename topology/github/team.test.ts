import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { codertocat, DELIVERY, eventIdOf, expectInvalid, fixture, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without, withValue } from '../testing/github.ts';

/** The team of every octokit team example, as the payload record holds it. */
const octocodersTeam = { teamId: 3253328, name: 'github', slug: 'github', parentKnown: false, parentId: null, parentName: null };
const envelope = { occurredAt: RECEIVED_AT, source: 'github', actor: codertocat, projectKey: null, deliveryId: DELIVERY } as const;

describe('team', () => {
  it('normalizes created to team.created, keyed by the team id alone, at the received time (the payload has none)', () => {
    const expected: EngEvent = {
      ...envelope,
      eventId: 'github.team.created:3253328',
      type: 'team.created',
      repository: null,
      payload: { organization: 'Octocoders', team: octocodersTeam, previousName: null },
    };
    expect(onlyEvent(normalize('team', fixture('team/created.payload.json')))).toEqual(expected);
  });

  it('normalizes a rename to team.updated with the old name, a new parent, and an edit that renames nothing', () => {
    const renamed = onlyEvent(normalize('team', fixture('team/edited.renamed.payload.json')));
    expect(renamed).toEqual({
      ...envelope,
      eventId: `github.team.updated:3253328:${DELIVERY}`,
      type: 'team.updated',
      repository: null,
      payload: { organization: 'Octocoders', team: { ...octocodersTeam, parentKnown: true }, previousName: 'github-old' },
    });
    const moved = withValue(fixture('team/edited.payload.json'), ['team', 'parent'], { id: 42, name: 'Platform', slug: 'platform' });
    expect(onlyEvent(normalize('team', moved)).payload).toEqual({ organization: 'Octocoders', team: { ...octocodersTeam, parentKnown: true, parentId: 42, parentName: 'Platform' }, previousName: null });
    expect(onlyEvent(normalize('team', fixture('team/edited.payload.json'))).payload).toMatchObject({ previousName: null, team: { parentKnown: false } });
  });

  it('normalizes deleted to team.deleted', () => {
    expect(onlyEvent(normalize('team', fixture('team/deleted.payload.json')))).toMatchObject({ eventId: 'github.team.deleted:3253328', type: 'team.deleted', payload: { team: octocodersTeam } });
  });

  it.each([
    ['added_to_repository', 'team.repository_added', 'pull'],
    ['removed_from_repository', 'team.repository_removed', null],
  ] as const)('normalizes %s to %s with the repository and permission', (action, type, permission) => {
    expect(onlyEvent(normalize('team', fixture(`team/${action}.payload.json`)))).toEqual({
      ...envelope,
      eventId: `github.${type}:3253328:Octocoders/Hello-World:${DELIVERY}`,
      type,
      repository: 'Octocoders/Hello-World',
      payload: { organization: 'Octocoders', team: octocodersTeam, repository: 'Octocoders/Hello-World', permission },
    });
  });

  it('normalizes team_add to team.repository_added, sent by the organization', () => {
    expect(onlyEvent(normalize('team_add', fixture('team_add/payload.json')))).toEqual({
      ...envelope,
      actor: { source: 'github', accountId: '38302899', login: 'Octocoders', displayName: null, email: null },
      eventId: `github.team.repository_added:3253328:Octocoders/Hello-World:${DELIVERY}`,
      type: 'team.repository_added',
      repository: 'Octocoders/Hello-World',
      payload: { organization: 'Octocoders', team: octocodersTeam, repository: 'Octocoders/Hello-World', permission: 'pull' },
    });
  });

  it('keeps the id for the same delivery received later (a redelivery), and gives another change of the same team (another delivery) another (an add after a remove is a new event)', () => {
    expect(eventIdOf('team', fixture('team/edited.renamed.payload.json'), DELIVERY, RECEIVED_LATER)).toBe(eventIdOf('team', fixture('team/edited.renamed.payload.json')));
    expect(eventIdOf('team', fixture('team/added_to_repository.payload.json'), DELIVERY, RECEIVED_LATER)).toBe(eventIdOf('team', fixture('team/added_to_repository.payload.json')));
    expect(eventIdOf('team', fixture('team/added_to_repository.payload.json'), 'another-delivery')).not.toBe(eventIdOf('team', fixture('team/added_to_repository.payload.json')));
    // Renamed or not, a team is created once: its id is the team's.
    expect(eventIdOf('team', withValue(fixture('team/created.payload.json'), ['team', 'name'], 'renamed'))).toBe('github.team.created:3253328');
  });

  it('skips actions it does not read, naming them', () => {
    expect(normalize('team', withValue(fixture('team/created.payload.json'), ['action'], 'archived'))).toEqual({ kind: 'skipped', reason: 'team action "archived" is not used' });
  });

  it.each([
    ['team is missing', without(fixture('team/created.payload.json'), ['team']), '$.team'],
    ['the team id is text', withValue(fixture('team/created.payload.json'), ['team', 'id'], '3253328'), '$.team.id'],
    ['the team name is empty', withValue(fixture('team/edited.payload.json'), ['team', 'name'], ''), '$.team.name'],
    ['organization is missing', without(fixture('team/deleted.payload.json'), ['organization']), '$.organization'],
    ['the old name is not text', withValue(fixture('team/edited.renamed.payload.json'), ['changes', 'name', 'from'], 7), '$.changes.name.from'],
    ['the parent has no id', withValue(fixture('team/edited.payload.json'), ['team', 'parent'], { name: 'Platform' }), '$.team.parent.id'],
    ['a repository change names no repository', without(fixture('team/added_to_repository.payload.json'), ['repository']), '$.repository'],
  ])('is invalid when %s', (_case, payload, path) => {
    expectInvalid('team', payload, path);
  });

  it('reads team_add bodies strictly too', () => {
    expectInvalid('team_add', without(fixture('team_add/payload.json'), ['repository', 'full_name']), '$.repository.full_name');
  });
});
