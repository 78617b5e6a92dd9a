import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { codertocat, DELIVERY, expectInvalid, fixture, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without, withValue } from '../testing/github.ts';

const envelope = { source: 'github', actor: codertocat, repository: 'Octocoders/Hello-World', projectKey: null, deliveryId: DELIVERY } as const;
const state = { repositoryId: 186853261, fullName: 'Octocoders/Hello-World', defaultBranch: 'master', archived: false, visibility: 'public', createdAt: Date.parse('2019-05-15T15:20:42Z') };

describe('repository', () => {
  it('normalizes created to repository.created, keyed by the repository id alone, at its created_at', () => {
    const expected: EngEvent = {
      ...envelope,
      eventId: 'github.repository.created:186853261',
      type: 'repository.created',
      occurredAt: Date.parse('2019-05-15T15:20:42Z'),
      payload: { ...state, previousFullName: null },
    };
    expect(onlyEvent(normalize('repository', fixture('repository/created.payload.json')))).toEqual(expected);
  });

  it('normalizes a rename with the full name before it (same owner, old name), keyed by id, both names and the delivery id', () => {
    const renamed = withValue(fixture('repository/renamed.payload.json'), ['changes', 'repository', 'name', 'from'], 'Hello-Old');
    expect(onlyEvent(normalize('repository', renamed))).toEqual({
      ...envelope,
      eventId: `github.repository.renamed:186853261:Octocoders/Hello-Old:Octocoders/Hello-World:${DELIVERY}`,
      type: 'repository.renamed',
      occurredAt: RECEIVED_AT,
      payload: { ...state, previousFullName: 'Octocoders/Hello-Old' },
    });
    // octokit's own example "renames" to the name it had: no former name to keep.
    expect(onlyEvent(normalize('repository', fixture('repository/renamed.payload.json'))).payload).toMatchObject({ previousFullName: null });
  });

  it('normalizes a transfer with the old owner (a user or an organization) and the same name', () => {
    expect(onlyEvent(normalize('repository', fixture('repository/transferred.payload.json')))).toMatchObject({
      type: 'repository.transferred',
      eventId: `github.repository.transferred:186853261:octocat/Hello-World:Octocoders/Hello-World:${DELIVERY}`,
      payload: { previousFullName: 'octocat/Hello-World', fullName: 'Octocoders/Hello-World' },
    });
    const fromOrg = withValue(fixture('repository/transferred.payload.json'), ['changes', 'owner', 'from'], { organization: { login: 'Acme', id: 9 } });
    expect(onlyEvent(normalize('repository', fromOrg)).payload).toMatchObject({ previousFullName: 'Acme/Hello-World' });
  });

  it.each(['archived', 'unarchived', 'deleted'] as const)('normalizes %s keyed by the delivery id, at the received time, with the archived flag as sent', (action) => {
    const body = withValue(withValue(fixture('repository/created.payload.json'), ['action'], action), ['repository', 'archived'], action === 'archived');
    expect(onlyEvent(normalize('repository', body))).toEqual({
      ...envelope,
      eventId: `github.repository.${action}:186853261:${DELIVERY}`,
      type: `repository.${action}`,
      occurredAt: RECEIVED_AT,
      payload: { ...state, archived: action === 'archived', previousFullName: null },
    });
  });

  it('keeps the id for the same delivery received later (a redelivery) and gives a second archive (another delivery) a new one', () => {
    const body = withValue(fixture('repository/created.payload.json'), ['action'], 'archived');
    const first = onlyEvent(normalize('repository', body)).eventId;
    expect(onlyEvent(normalize('repository', body, DELIVERY, RECEIVED_LATER)).eventId).toBe(first);
    expect(onlyEvent(normalize('repository', body, 'another-delivery')).eventId).not.toBe(first);
  });

  it('reads visibility from `private` in older payloads, and created_at as epoch seconds', () => {
    const older = withValue(without(fixture('repository/created.payload.json'), ['repository', 'visibility']), ['repository', 'created_at'], 1557933642);
    expect(onlyEvent(normalize('repository', older)).payload).toMatchObject({ visibility: 'public', createdAt: 1557933642000 });
  });

  it.each(['edited', 'publicized', 'privatized'])('skips %s: nothing a store reads changes', (action) => {
    expect(normalize('repository', withValue(fixture('repository/created.payload.json'), ['action'], action))).toMatchObject({ kind: 'skipped', reason: `repository action "${action}" is not used` });
  });

  it('names the JSON path of bad input', () => {
    expectInvalid('repository', without(fixture('repository/created.payload.json'), ['repository', 'id']), '$.repository.id');
    expectInvalid('repository', withValue(fixture('repository/renamed.payload.json'), ['changes', 'repository', 'name', 'from'], 7), '$.changes.repository.name.from');
    expectInvalid('repository', withValue(fixture('repository/created.payload.json'), ['repository', 'owner'], null), '$.repository.owner');
  });
});
