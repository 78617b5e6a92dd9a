import { describe, expect, it } from 'vitest';
import { codertocat, DELIVERY, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without, withValue } from '../testing/github.ts';

const resolved = () => fixture('pull_request_review_thread/resolved.payload.json');

describe('pull_request_review_thread', () => {
  it('normalizes resolved field by field, keyed by the delivery id, at receipt (the payload has no time)', () => {
    expect(onlyEvent(normalize('pull_request_review_thread', resolved()))).toEqual({
      eventId: `github.review_thread.resolved:PRRT_kwDOFd42Pc4rQOUv:${DELIVERY}`,
      type: 'review_thread.resolved',
      occurredAt: RECEIVED_AT,
      ...helloWorld,
      payload: { repository: 'Codertocat/Hello-World', pullRequestNumber: 2, pullRequestAuthor: codertocat, threadNodeId: 'PRRT_kwDOFd42Pc4rQOUv', commentIds: [284312630], path: 'README.md' },
    });
  });

  it('normalizes unresolved', () => {
    expect(onlyEvent(normalize('pull_request_review_thread', fixture('pull_request_review_thread/unresolved.payload.json')))).toMatchObject({ type: 'review_thread.unresolved', payload: { threadNodeId: 'PRRT_kwDOFd42Pc4rQOUv' } });
  });

  it('keeps the id for the same delivery received later (a redelivery), and gives a later resolution (another delivery) a new one', () => {
    expect(eventIdOf('pull_request_review_thread', resolved(), DELIVERY, RECEIVED_LATER)).toBe(eventIdOf('pull_request_review_thread', resolved()));
    expect(eventIdOf('pull_request_review_thread', resolved(), 'another-delivery')).not.toBe(eventIdOf('pull_request_review_thread', resolved()));
  });

  it('reads a thread without comments as having no path', () => {
    expect(onlyEvent(normalize('pull_request_review_thread', withValue(resolved(), ['thread', 'comments'], []))).payload).toMatchObject({ commentIds: [], path: null });
  });

  it('keeps a thread on a deleted account\'s pull request (user: null) with no author', () => {
    expect(onlyEvent(normalize('pull_request_review_thread', withValue(resolved(), ['pull_request', 'user'], null))).payload).toMatchObject({ pullRequestAuthor: null, threadNodeId: 'PRRT_kwDOFd42Pc4rQOUv' });
  });

  it('is invalid when the pull request\'s user is missing rather than null', () => {
    expectInvalid('pull_request_review_thread', without(resolved(), ['pull_request', 'user']), '$.pull_request.user');
  });

  it.each([
    ['the thread has no node id', without(resolved(), ['thread', 'node_id']), '$.thread.node_id'],
    ['a comment id is a string', withValue(resolved(), ['thread', 'comments', 0, 'id'], 'x'), '$.thread.comments[0].id'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('pull_request_review_thread', body, path);
  });
});
