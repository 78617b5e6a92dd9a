import { describe, expect, it } from 'vitest';
import { DELIVERY, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without, withValue } from '../testing/github.ts';

const label = { repository: 'Codertocat/Hello-World', labelId: 1362937026, name: ':bug: Bugfix', previousName: null, color: 'cb1f00', description: 'Fixes a bug' };

describe('label', () => {
  it('normalizes created field by field, keyed by label id and action, at the received time', () => {
    expect(onlyEvent(normalize('label', fixture('label/created.payload.json')))).toEqual({ ...helloWorld, eventId: 'github.label.created:1362937026:created', type: 'label.created', occurredAt: RECEIVED_AT, payload: label });
  });

  it('normalizes an edit, keyed by the delivery id (the payload has no time), at the received time, and records a rename with the old name', () => {
    expect(onlyEvent(normalize('label', fixture('label/edited.payload.json')))).toEqual({
      ...helloWorld,
      eventId: `github.label.edited:1362937026:edited:${DELIVERY}`,
      type: 'label.edited',
      occurredAt: RECEIVED_AT,
      payload: { ...label, color: 'cceeaa' },
    });
    const renamed = withValue(fixture('label/edited.payload.json'), ['changes'], { name: { from: 'bug' } });
    expect(onlyEvent(normalize('label', renamed)).payload).toMatchObject({ name: ':bug: Bugfix', previousName: 'bug' });
  });

  it('keeps an edit\'s id for the same delivery received later, and gives another edit (another delivery) a new one', () => {
    const edited = fixture('label/edited.payload.json');
    expect(eventIdOf('label', edited, DELIVERY, RECEIVED_LATER)).toBe(eventIdOf('label', edited));
    expect(eventIdOf('label', edited, 'another-delivery')).not.toBe(eventIdOf('label', edited));
  });

  it('normalizes deleted, with an empty description as none', () => {
    expect(onlyEvent(normalize('label', fixture('label/deleted.payload.json')))).toMatchObject({ eventId: 'github.label.deleted:1362937026:deleted', type: 'label.deleted', payload: { description: null } });
  });

  it('names the JSON path of bad input', () => {
    expectInvalid('label', without(fixture('label/created.payload.json'), ['label', 'id']), '$.label.id');
    expectInvalid('label', withValue(fixture('label/edited.payload.json'), ['changes', 'name'], { from: 3 }), '$.changes.name.from');
  });
});
