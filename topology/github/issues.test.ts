import { describe, expect, it } from 'vitest';
import type { EngEvent, GitHubIssueChanged } from '../../avro/generated/types.ts';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, without, withValue } from '../testing/github.ts';

const opened = () => fixture('issues/opened.payload.json');

const issue: GitHubIssueChanged = {
  repository: 'Codertocat/Hello-World',
  number: 1,
  title: 'Spelling error in the README file',
  state: 'open',
  stateReason: null,
  author: codertocat,
  assignees: [codertocat],
  labels: ['bug'],
  createdAt: Date.parse('2019-05-15T15:20:18Z'),
  updatedAt: Date.parse('2019-05-15T15:20:18Z'),
  closedAt: null,
  url: 'https://github.com/Codertocat/Hello-World/issues/1',
};

describe('issues', () => {
  it('normalizes opened to github.issue.opened', () => {
    const expected: EngEvent = {
      eventId: 'github.issue.opened:444500041',
      type: 'issue.opened',
      occurredAt: Date.parse('2019-05-15T15:20:18Z'),
      ...helloWorld,
      payload: issue,
    };
    expect(onlyEvent(normalize('issues', opened()))).toEqual(expected);
  });

  it('normalizes edited to github.issue.edited at its update', () => {
    const body = withValue(withValue(opened(), ['action'], 'edited'), ['issue', 'updated_at'], '2019-05-16T10:00:00Z');
    const expected: EngEvent = {
      eventId: 'github.issue.edited:444500041:2019-05-16T10:00:00.000Z',
      type: 'issue.edited',
      occurredAt: Date.parse('2019-05-16T10:00:00Z'),
      ...helloWorld,
      payload: { ...issue, updatedAt: Date.parse('2019-05-16T10:00:00Z') },
    };
    expect(onlyEvent(normalize('issues', body))).toEqual(expected);
  });

  it('normalizes closed to github.issue.closed at its closing', () => {
    let body = withValue(opened(), ['action'], 'closed');
    body = withValue(body, ['issue', 'state'], 'closed');
    body = withValue(body, ['issue', 'state_reason'], 'completed');
    body = withValue(body, ['issue', 'closed_at'], '2019-05-17T08:30:00Z');
    body = withValue(body, ['issue', 'updated_at'], '2019-05-17T08:30:00Z');
    const expected: EngEvent = {
      eventId: 'github.issue.closed:444500041:2019-05-17T08:30:00.000Z',
      type: 'issue.closed',
      occurredAt: Date.parse('2019-05-17T08:30:00Z'),
      ...helloWorld,
      payload: { ...issue, state: 'closed', stateReason: 'completed', updatedAt: Date.parse('2019-05-17T08:30:00Z'), closedAt: Date.parse('2019-05-17T08:30:00Z') },
    };
    expect(onlyEvent(normalize('issues', body))).toEqual(expected);
  });

  it('normalizes reopened to github.issue.reopened at its update, open again', () => {
    const expected: EngEvent = {
      eventId: 'github.issue.reopened:444500041:2019-05-15T15:30:00.000Z',
      type: 'issue.reopened',
      occurredAt: Date.parse('2019-05-15T15:30:00Z'),
      ...helloWorld,
      payload: { ...issue, stateReason: 'reopened', updatedAt: Date.parse('2019-05-15T15:30:00Z') },
    };
    expect(onlyEvent(normalize('issues', fixture('issues/reopened.payload.json')))).toEqual(expected);
  });

  it('normalizes labeled to github.issue.labeled, keyed by its update and the label, with the labels after it', () => {
    const expected: EngEvent = {
      eventId: 'github.issue.labeled:444500041:2019-05-15T15:22:10.000Z:bug',
      type: 'issue.labeled',
      occurredAt: Date.parse('2019-05-15T15:22:10Z'),
      ...helloWorld,
      payload: { ...issue, updatedAt: Date.parse('2019-05-15T15:22:10Z') },
    };
    expect(onlyEvent(normalize('issues', fixture('issues/labeled.payload.json')))).toEqual(expected);
  });

  it('normalizes unlabeled to github.issue.unlabeled, the label gone from its labels', () => {
    const expected: EngEvent = {
      eventId: 'github.issue.unlabeled:444500041:2019-05-15T15:23:05.000Z:bug',
      type: 'issue.unlabeled',
      occurredAt: Date.parse('2019-05-15T15:23:05Z'),
      ...helloWorld,
      payload: { ...issue, labels: [], updatedAt: Date.parse('2019-05-15T15:23:05Z') },
    };
    expect(onlyEvent(normalize('issues', fixture('issues/unlabeled.payload.json')))).toEqual(expected);
  });

  it('tells apart two labels added at one update, and reads a label change without its label by the update alone', () => {
    const labeled = fixture('issues/labeled.payload.json');
    const incident = withValue(labeled, ['label', 'name'], 'incident');
    expect(eventIdOf('issues', incident)).toBe('github.issue.labeled:444500041:2019-05-15T15:22:10.000Z:incident');
    expect(eventIdOf('issues', without(labeled, ['label']))).toBe('github.issue.labeled:444500041:2019-05-15T15:22:10.000Z');
  });

  it.each(['assigned', 'milestoned', 'transferred', 'deleted'])('skips %s, naming the action', (action) => {
    expect(normalize('issues', withValue(opened(), ['action'], action))).toEqual({ kind: 'skipped', reason: `issues action "${action}" is not used` });
  });

  it('gives a redelivered webhook the same event id, and another edit another', () => {
    const edited = (at: string) => withValue(withValue(opened(), ['action'], 'edited'), ['issue', 'updated_at'], at);
    expect(eventIdOf('issues', opened(), 'delivery-2')).toBe(eventIdOf('issues', opened(), 'delivery-1'));
    expect(eventIdOf('issues', edited('2019-05-16T10:00:00Z'), 'a')).toBe(eventIdOf('issues', edited('2019-05-16T10:00:00+00:00'), 'b'));
    expect(eventIdOf('issues', edited('2019-05-16T10:00:00Z'))).not.toBe(eventIdOf('issues', edited('2019-05-16T11:00:00Z')));
    for (const action of ['reopened', 'labeled', 'unlabeled']) {
      const body = fixture(`issues/${action}.payload.json`);
      expect(eventIdOf('issues', body, 'delivery-2'), action).toBe(eventIdOf('issues', body, 'delivery-1'));
    }
  });

  it.each([
    ['issue is missing', without(opened(), ['issue']), '$.issue'],
    ['a closed issue has no closed_at', withValue(withValue(opened(), ['action'], 'closed'), ['issue', 'closed_at'], null), '$.issue.closed_at'],
    ['an assignee has no login', without(opened(), ['issue', 'assignees', 0, 'login']), '$.issue.assignees[0].login'],
    ['labels is an object', withValue(opened(), ['issue', 'labels'], { name: 'bug' }), '$.issue.labels'],
    ['updated_at is not ISO-8601', withValue(opened(), ['issue', 'updated_at'], '2019-05-15'), '$.issue.updated_at'],
    ['a label has no name', without(fixture('issues/labeled.payload.json'), ['label', 'name']), '$.label.name'],
    ['a reopened issue has no updated_at', without(fixture('issues/reopened.payload.json'), ['issue', 'updated_at']), '$.issue.updated_at'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('issues', body, path);
  });
});
