import { describe, expect, it } from 'vitest';
import type { Identity } from '../../avro/generated/types.ts';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, without, withValue } from '../testing/github.ts';

const octocat: Identity = { source: 'github', accountId: '5346', login: 'octocat', displayName: null, email: null };
const requested = () => fixture('pull_request/review_requested.payload.json');
const teamRequested = () => fixture('pull_request/review_requested.team.payload.json');
const at = (iso: string) => Date.parse(iso);

describe('pull_request review requests, assignment and labels', () => {
  it('normalizes review_requested of a person field by field', () => {
    const event = onlyEvent(normalize('pull_request', requested()));
    expect(event).toMatchObject({ eventId: 'github.pull_request.review_requested:279147437:user:5346:2019-05-15T15:20:33.000Z', type: 'pull_request.review_requested', occurredAt: at('2019-05-15T15:20:33Z'), ...helloWorld });
    expect(event.payload).toMatchObject({ reviewer: octocat, team: null, pullRequest: { repository: 'Codertocat/Hello-World', number: 2, author: codertocat, createdAt: at('2019-05-15T15:20:33Z') } });
  });

  it('normalizes review_requested of a team, keyed by the team id', () => {
    const event = onlyEvent(normalize('pull_request', teamRequested()));
    expect(event.eventId).toBe('github.pull_request.review_requested:279147437:team:6:2019-05-15T15:20:33.000Z');
    expect(event.payload).toMatchObject({ reviewer: null, team: { teamId: 6, name: 'Justice League', slug: 'justice-league', parentKnown: true, parentId: null, parentName: null } });
  });

  it('normalizes review_request_removed apart from the request', () => {
    const event = onlyEvent(normalize('pull_request', fixture('pull_request/review_request_removed.payload.json')));
    expect(event).toMatchObject({ type: 'pull_request.review_request_removed', payload: { reviewer: octocat, team: null } });
    expect(event.eventId).not.toBe(eventIdOf('pull_request', requested()));
  });

  it('tells apart two reviewers asked at once, and a request made again later', () => {
    const other = withValue(requested(), ['requested_reviewer', 'id'], 9999);
    expect(eventIdOf('pull_request', other)).not.toBe(eventIdOf('pull_request', requested()));
    const later = withValue(requested(), ['pull_request', 'updated_at'], '2019-05-16T10:00:00Z');
    expect(eventIdOf('pull_request', later)).not.toBe(eventIdOf('pull_request', requested()));
  });

  it('is invalid when a review request names neither a person nor a team', () => {
    expectInvalid('pull_request', without(requested(), ['requested_reviewer']), '$.requested_reviewer');
  });

  it('normalizes assigned and unassigned with the assignee', () => {
    expect(onlyEvent(normalize('pull_request', fixture('pull_request/assigned.payload.json')))).toMatchObject({
      eventId: 'github.pull_request.assigned:279147437:user:21031067:2019-05-15T15:20:33.000Z',
      type: 'pull_request.assigned',
      payload: { assignee: codertocat },
    });
    expect(onlyEvent(normalize('pull_request', fixture('pull_request/unassigned.payload.json')))).toMatchObject({
      eventId: 'github.pull_request.unassigned:279147437:user:21031067:2019-05-15T15:20:35.000Z',
      occurredAt: at('2019-05-15T15:20:35Z'),
      payload: { assignee: codertocat },
    });
  });

  it('normalizes labeled and unlabeled with the label', () => {
    expect(onlyEvent(normalize('pull_request', fixture('pull_request/labeled.payload.json')))).toMatchObject({
      eventId: 'github.pull_request.labeled:279147437:bug:2019-05-15T15:20:35.000Z',
      type: 'pull_request.labeled',
      payload: { label: 'bug', pullRequest: { labels: ['bug'] } },
    });
    expect(onlyEvent(normalize('pull_request', fixture('pull_request/unlabeled.payload.json')))).toMatchObject({ type: 'pull_request.unlabeled', payload: { label: 'bug' } });
  });

  it('gives another delivery of the same body the same id', () => {
    for (const name of ['review_requested', 'review_requested.team', 'review_request_removed', 'assigned', 'unassigned', 'labeled', 'unlabeled']) {
      const body = fixture(`pull_request/${name}.payload.json`);
      expect(eventIdOf('pull_request', body, 'delivery-2')).toBe(eventIdOf('pull_request', body, 'delivery-1'));
    }
  });

  it.each([
    ['the requested reviewer has no id', without(requested(), ['requested_reviewer', 'id']), '$.requested_reviewer.id'],
    ['the requested team has no name', without(teamRequested(), ['requested_team', 'name']), '$.requested_team.name'],
    ['updated_at is not ISO-8601', withValue(requested(), ['pull_request', 'updated_at'], 'now'), '$.pull_request.updated_at'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('pull_request', body, path);
  });

  it('still skips actions it does not read', () => {
    expect(normalize('pull_request', withValue(requested(), ['action'], 'locked'))).toEqual({ kind: 'skipped', reason: 'pull_request action "locked" is not used' });
  });
});
