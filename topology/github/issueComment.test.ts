import { describe, expect, it } from 'vitest';
import type { GitHubIssueComment } from '../../avro/generated/types.ts';
import { loadSchema } from '../../avro/schemas.ts';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, without, withValue } from '../testing/github.ts';

const engEvent = loadSchema('EngEvent');
const created = () => fixture('issue_comment/created.payload.json');
const comment: GitHubIssueComment = {
  repository: 'Codertocat/Hello-World',
  number: 1,
  isPullRequest: false,
  issueAuthor: codertocat,
  commentId: 492700400,
  author: codertocat,
  authorAssociation: 'OWNER',
  body: "You are totally right! I'll get this fixed right away.",
  createdAt: Date.parse('2019-05-15T15:20:21Z'),
  updatedAt: Date.parse('2019-05-15T15:20:21Z'),
  url: 'https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400',
};

describe('issue_comment', () => {
  it('normalizes created field by field, at the comment\'s creation', () => {
    expect(onlyEvent(normalize('issue_comment', created()))).toEqual({
      eventId: 'github.issue_comment.created:492700400',
      type: 'issue_comment.created',
      occurredAt: Date.parse('2019-05-15T15:20:21Z'),
      ...helloWorld,
      payload: comment,
    });
  });

  it('tells a comment on a pull request by issue.pull_request', () => {
    expect(onlyEvent(normalize('issue_comment', fixture('issue_comment/created.on-pull-request.payload.json'))).payload).toEqual({ ...comment, isPullRequest: true });
  });

  it('normalizes edited at its updated_at, which is in its id', () => {
    const event = onlyEvent(normalize('issue_comment', fixture('issue_comment/edited.payload.json')));
    expect(event).toMatchObject({ eventId: 'github.issue_comment.edited:492700400:2019-05-15T15:20:22.000Z', type: 'issue_comment.edited', occurredAt: Date.parse('2019-05-15T15:20:22Z') });
    expect(event.payload).toEqual({ ...comment, body: "You are totally right! I'll get this fixed today.", updatedAt: Date.parse('2019-05-15T15:20:22Z') });
  });

  it('gives a second edit a new id, and another delivery of the same body the same', () => {
    const edited = fixture('issue_comment/edited.payload.json');
    const again = withValue(edited, ['comment', 'updated_at'], '2019-05-16T09:00:00Z');
    expect(eventIdOf('issue_comment', again)).not.toBe(eventIdOf('issue_comment', edited));
    for (const name of ['created', 'edited', 'deleted']) {
      const body = fixture(`issue_comment/${name}.payload.json`);
      expect(eventIdOf('issue_comment', body, 'delivery-2')).toBe(eventIdOf('issue_comment', body, 'delivery-1'));
    }
  });

  it('normalizes deleted at receipt (GitHub sends no deletion time), keyed by the comment alone', () => {
    expect(onlyEvent(normalize('issue_comment', fixture('issue_comment/deleted.payload.json')))).toMatchObject({
      eventId: 'github.issue_comment.deleted:492700400',
      type: 'issue_comment.deleted',
      occurredAt: RECEIVED_AT,
    });
  });

  it('reads an empty or missing body as none', () => {
    expect(onlyEvent(normalize('issue_comment', withValue(created(), ['comment', 'body'], ''))).payload).toMatchObject({ body: null });
    expect(onlyEvent(normalize('issue_comment', without(created(), ['comment', 'body']))).payload).toMatchObject({ body: null, authorAssociation: 'OWNER' });
  });

  it('keeps a comment by a deleted account (GitHub sends user: null) with no author, on every action', () => {
    for (const name of ['created', 'edited', 'deleted']) {
      const body = withValue(withValue(fixture(`issue_comment/${name}.payload.json`), ['comment', 'user'], null), ['issue', 'user'], null);
      const event = onlyEvent(normalize('issue_comment', body));
      expect(event.payload).toMatchObject({ author: null, issueAuthor: null, commentId: 492700400 });
      expect(engEvent.isValid(event)).toBe(true); // encodes: the record takes a null author
    }
  });

  it('skips an action it does not read', () => {
    expect(normalize('issue_comment', withValue(created(), ['action'], 'pinned'))).toEqual({ kind: 'skipped', reason: 'issue_comment action "pinned" is not used' });
  });

  it.each([
    ['the comment id is a string', withValue(created(), ['comment', 'id'], '492700400'), '$.comment.id'],
    ['the comment has no author', without(created(), ['comment', 'user']), '$.comment.user'],
    ['created_at is not ISO-8601', withValue(created(), ['comment', 'created_at'], 'yesterday'), '$.comment.created_at'],
    ['the issue has no number', without(created(), ['issue', 'number']), '$.issue.number'],
    ['the repository is missing', without(created(), ['repository']), '$.repository'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('issue_comment', body, path);
  });
});
