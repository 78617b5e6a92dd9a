import { describe, expect, it } from 'vitest';
import type { EngEvent, PullRequestReview } from '../../avro/generated/types.ts';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, without, withValue } from '../testing/github.ts';

const review: PullRequestReview = {
  repository: 'Codertocat/Hello-World',
  pullRequestNumber: 2,
  pullRequestAuthor: codertocat,
  reviewId: 237895671,
  reviewer: codertocat,
  state: 'commented',
  submittedAt: Date.parse('2019-05-15T15:20:38Z'),
  commitId: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
  url: 'https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-237895671',
};

const submitted = () => fixture('pull_request_review/submitted.payload.json');
const dismissed = () => withValue(withValue(submitted(), ['action'], 'dismissed'), ['review', 'state'], 'dismissed');

describe('pull_request_review', () => {
  it('normalizes submitted to github.review.submitted at its submission time', () => {
    const expected: EngEvent = {
      eventId: 'github.review.submitted:237895671',
      type: 'review.submitted',
      occurredAt: Date.parse('2019-05-15T15:20:38Z'),
      ...helloWorld,
      payload: review,
    };
    expect(onlyEvent(normalize('pull_request_review', submitted()))).toEqual(expected);
  });

  it('normalizes dismissed to github.review.dismissed, at receipt since GitHub sends no dismissal time', () => {
    const event = onlyEvent(normalize('pull_request_review', dismissed()));
    expect(event).toEqual({
      eventId: 'github.review.dismissed:237895671',
      type: 'review.dismissed',
      occurredAt: RECEIVED_AT,
      ...helloWorld,
      payload: { ...review, state: 'dismissed' },
    });
  });

  it('lower-cases the state, as the schema promises', () => {
    const event = onlyEvent(normalize('pull_request_review', withValue(submitted(), ['review', 'state'], 'APPROVED')));
    expect(event.payload).toMatchObject({ state: 'approved' });
  });

  it('skips edited, naming the action', () => {
    expect(normalize('pull_request_review', withValue(submitted(), ['action'], 'edited'))).toEqual({ kind: 'skipped', reason: 'pull_request_review action "edited" is not used' });
  });

  it('gives a redelivered webhook the same event id', () => {
    for (const body of [submitted, dismissed]) {
      expect(eventIdOf('pull_request_review', body(), 'delivery-2')).toBe(eventIdOf('pull_request_review', body(), 'delivery-1'));
    }
  });

  it.each([
    ['a submitted review has no submitted_at', withValue(submitted(), ['review', 'submitted_at'], null), '$.review.submitted_at'],
    ['submitted_at is not ISO-8601', withValue(submitted(), ['review', 'submitted_at'], 'Wed May 15 2019'), '$.review.submitted_at'],
    ['the review id is a string', withValue(submitted(), ['review', 'id'], '237895671'), '$.review.id'],
    ['the reviewer is missing', without(submitted(), ['review', 'user']), '$.review.user'],
    ['the pull request has no author', without(submitted(), ['pull_request', 'user']), '$.pull_request.user'],
    ['review is missing', without(dismissed(), ['review']), '$.review'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('pull_request_review', body, path);
  });
});
