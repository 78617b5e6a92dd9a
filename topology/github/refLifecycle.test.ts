import { describe, expect, it } from 'vitest';
import { expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, RECEIVED_AT_ISO, webhook, without, withValue } from '../testing/github.ts';
import { github } from './index.ts';

describe('create and delete', () => {
  it.each([
    ['create', 'ref.created'],
    ['delete', 'ref.deleted'],
  ] as const)('normalizes %s to %s, field by field, at the received time', (eventName, type) => {
    expect(onlyEvent(normalize(eventName, fixture(`${eventName}/payload.json`)))).toEqual({
      ...helloWorld,
      eventId: `github.${type}:Codertocat/Hello-World:tag:simple-tag:${RECEIVED_AT_ISO}`,
      type,
      occurredAt: RECEIVED_AT,
      payload: { repository: 'Codertocat/Hello-World', refType: 'tag', ref: 'simple-tag', fullRef: 'refs/tags/simple-tag', defaultBranch: 'master', pusherType: 'user' },
    });
  });

  it('names a branch refs/heads/…, and falls back to the repository default branch', () => {
    const branch = without(withValue(fixture('create/payload.json'), ['ref_type'], 'branch'), ['master_branch']);
    expect(onlyEvent(normalize('create', branch)).payload).toMatchObject({ refType: 'branch', fullRef: 'refs/heads/simple-tag', defaultBranch: 'master' });
  });

  it('keeps the id on redelivery; a branch deleted and re-created later is a new event', () => {
    const body = fixture('create/payload.json');
    const first = onlyEvent(normalize('create', body)).eventId;
    expect(onlyEvent(normalize('create', body, 'another-delivery')).eventId).toBe(first);
    const recreated = github.normalize({ ...webhook('create', body), receivedAt: RECEIVED_AT + 1000 });
    expect(recreated.kind === 'normalized' ? recreated.events[0]!.eventId : '').not.toBe(first);
  });

  it('names the JSON path of bad input', () => {
    expectInvalid('create', withValue(fixture('create/payload.json'), ['ref_type'], 'repository'), '$.ref_type');
    expectInvalid('delete', without(fixture('delete/payload.json'), ['ref']), '$.ref');
    expectInvalid('delete', without(fixture('delete/payload.json'), ['repository']), '$.repository');
  });
});
