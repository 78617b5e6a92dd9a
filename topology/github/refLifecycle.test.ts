import { describe, expect, it } from 'vitest';
import { DELIVERY, expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without, withValue } from '../testing/github.ts';

describe('create and delete', () => {
  it.each([
    ['create', 'ref.created'],
    ['delete', 'ref.deleted'],
  ] as const)('normalizes %s to %s, field by field, keyed by the delivery id (the payload has no time), at the received time', (eventName, type) => {
    expect(onlyEvent(normalize(eventName, fixture(`${eventName}/payload.json`)))).toEqual({
      ...helloWorld,
      eventId: `github.${type}:Codertocat/Hello-World:tag:simple-tag:${DELIVERY}`,
      type,
      occurredAt: RECEIVED_AT,
      payload: { repository: 'Codertocat/Hello-World', refType: 'tag', ref: 'simple-tag', fullRef: 'refs/tags/simple-tag', defaultBranch: 'master', pusherType: 'user' },
    });
  });

  it('names a branch refs/heads/…, and falls back to the repository default branch', () => {
    const branch = without(withValue(fixture('create/payload.json'), ['ref_type'], 'branch'), ['master_branch']);
    expect(onlyEvent(normalize('create', branch)).payload).toMatchObject({ refType: 'branch', fullRef: 'refs/heads/simple-tag', defaultBranch: 'master' });
  });

  it('keeps the id for the same delivery received later (a redelivery); a ref deleted and re-created (another delivery) is a new event', () => {
    const body = fixture('create/payload.json');
    const first = onlyEvent(normalize('create', body)).eventId;
    expect(onlyEvent(normalize('create', body, DELIVERY, RECEIVED_LATER)).eventId).toBe(first);
    expect(onlyEvent(normalize('create', body, 'another-delivery')).eventId).not.toBe(first);
  });

  it('names the JSON path of bad input', () => {
    expectInvalid('create', withValue(fixture('create/payload.json'), ['ref_type'], 'repository'), '$.ref_type');
    expectInvalid('delete', without(fixture('delete/payload.json'), ['ref']), '$.ref');
    expectInvalid('delete', without(fixture('delete/payload.json'), ['repository']), '$.repository');
  });
});
