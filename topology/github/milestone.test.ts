import { describe, expect, it } from 'vitest';
import { expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, without, withValue } from '../testing/github.ts';

const milestone = {
  repository: 'Codertocat/Hello-World',
  milestoneId: 4317517,
  number: 1,
  title: 'v1.0',
  previousTitle: null,
  state: 'open',
  dueOn: Date.parse('2019-05-23T07:00:00Z'),
  closedAt: null,
  openIssues: 0,
  closedIssues: 0,
};

describe('milestone', () => {
  it('normalizes created field by field, keyed by milestone id and action, at created_at', () => {
    expect(onlyEvent(normalize('milestone', fixture('milestone/created.payload.json')))).toEqual({
      ...helloWorld,
      eventId: 'github.milestone.created:4317517:created',
      type: 'milestone.created',
      occurredAt: Date.parse('2019-05-15T15:20:17Z'),
      payload: milestone,
    });
  });

  it('normalizes closed at closed_at, keyed by updated_at so closing again is a new event', () => {
    const closed = onlyEvent(normalize('milestone', fixture('milestone/closed.payload.json')));
    expect(closed).toEqual({
      ...helloWorld,
      eventId: 'github.milestone.closed:4317517:closed:2019-05-15T15:20:18.000Z',
      type: 'milestone.closed',
      occurredAt: Date.parse('2019-05-15T15:20:18Z'),
      payload: { ...milestone, state: 'closed', closedAt: Date.parse('2019-05-15T15:20:18Z') },
    });
    const again = withValue(fixture('milestone/closed.payload.json'), ['milestone', 'updated_at'], '2019-06-01T00:00:00Z');
    expect(onlyEvent(normalize('milestone', again)).eventId).not.toBe(closed.eventId);
  });

  it('normalizes deleted at the received time, and an edit with its old title', () => {
    expect(onlyEvent(normalize('milestone', fixture('milestone/deleted.payload.json')))).toMatchObject({ eventId: 'github.milestone.deleted:4317517:deleted', occurredAt: RECEIVED_AT });
    const edited = withValue(withValue(fixture('milestone/created.payload.json'), ['action'], 'edited'), ['changes'], { title: { from: 'v0.9' } });
    expect(onlyEvent(normalize('milestone', edited))).toMatchObject({ type: 'milestone.edited', payload: { title: 'v1.0', previousTitle: 'v0.9' } });
  });

  it('names the JSON path of bad input', () => {
    expectInvalid('milestone', without(fixture('milestone/created.payload.json'), ['milestone', 'number']), '$.milestone.number');
    expectInvalid('milestone', withValue(fixture('milestone/closed.payload.json'), ['milestone', 'closed_at'], 'soon'), '$.milestone.closed_at');
  });
});
