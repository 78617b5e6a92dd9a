import { describe, expect, it } from 'vitest';
import type { GitHubReviewComment } from '../../avro/generated/types.ts';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, without, withValue } from '../testing/github.ts';

const created = () => fixture('pull_request_review_comment/created.payload.json');
const comment: GitHubReviewComment = {
  repository: 'Codertocat/Hello-World',
  pullRequestNumber: 2,
  pullRequestAuthor: codertocat,
  commentId: 284312630,
  reviewId: 237895671,
  inReplyToId: null,
  path: 'README.md',
  line: null,
  commitId: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
  author: codertocat,
  authorAssociation: 'OWNER',
  body: 'Maybe you should use more emoji on this line.',
  createdAt: Date.parse('2019-05-15T15:20:37Z'),
  updatedAt: Date.parse('2019-05-15T15:20:38Z'),
  url: 'https://github.com/Codertocat/Hello-World/pull/2#discussion_r284312630',
};

describe('pull_request_review_comment', () => {
  it('normalizes created field by field (this example predates `line`)', () => {
    expect(onlyEvent(normalize('pull_request_review_comment', created()))).toEqual({
      eventId: 'github.review_comment.created:284312630',
      type: 'review_comment.created',
      occurredAt: Date.parse('2019-05-15T15:20:37Z'),
      ...helloWorld,
      payload: comment,
    });
  });

  it('normalizes edited at its updated_at, with the line', () => {
    expect(onlyEvent(normalize('pull_request_review_comment', fixture('pull_request_review_comment/edited.payload.json')))).toMatchObject({
      eventId: 'github.review_comment.edited:284312630:2019-05-15T15:20:38.000Z',
      occurredAt: Date.parse('2019-05-15T15:20:38Z'),
      payload: { ...comment, line: 265 },
    });
  });

  it('normalizes deleted at receipt', () => {
    expect(onlyEvent(normalize('pull_request_review_comment', fixture('pull_request_review_comment/deleted.payload.json')))).toMatchObject({
      eventId: 'github.review_comment.deleted:284312630',
      type: 'review_comment.deleted',
      occurredAt: RECEIVED_AT,
    });
  });

  it('keeps a reply\'s in_reply_to_id', () => {
    expect(onlyEvent(normalize('pull_request_review_comment', withValue(created(), ['comment', 'in_reply_to_id'], 284312000))).payload).toMatchObject({ inReplyToId: 284312000 });
  });

  it('keeps a comment by a deleted account (user: null), and one on a deleted account\'s pull request', () => {
    for (const name of ['created', 'edited', 'deleted']) {
      const body = fixture(`pull_request_review_comment/${name}.payload.json`);
      expect(onlyEvent(normalize('pull_request_review_comment', withValue(body, ['comment', 'user'], null))).payload).toMatchObject({ author: null, pullRequestAuthor: codertocat });
      expect(onlyEvent(normalize('pull_request_review_comment', withValue(body, ['pull_request', 'user'], null))).payload).toMatchObject({ author: codertocat, pullRequestAuthor: null });
    }
  });

  it('gives another delivery of the same body the same id', () => {
    for (const name of ['created', 'edited', 'deleted']) {
      const body = fixture(`pull_request_review_comment/${name}.payload.json`);
      expect(eventIdOf('pull_request_review_comment', body, 'delivery-2')).toBe(eventIdOf('pull_request_review_comment', body, 'delivery-1'));
    }
  });

  it.each([
    ['the path is missing', without(created(), ['comment', 'path']), '$.comment.path'],
    ['the commit is missing', without(created(), ['comment', 'commit_id']), '$.comment.commit_id'],
    ['the review id is a string', withValue(created(), ['comment', 'pull_request_review_id'], 'x'), '$.comment.pull_request_review_id'],
    ['the pull request has no author', without(created(), ['pull_request', 'user']), '$.pull_request.user'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('pull_request_review_comment', body, path);
  });
});
