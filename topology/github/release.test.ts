import { describe, expect, it } from 'vitest';
import { codertocat, DELIVERY, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, RECEIVED_LATER, without, withValue } from '../testing/github.ts';

const PUBLISHED = Date.parse('2019-05-15T15:20:53Z');
const CREATED = Date.parse('2019-05-15T15:19:25Z');
const release = {
  repository: 'Codertocat/Hello-World',
  releaseId: 17372790,
  tagName: '0.0.1',
  targetCommitish: 'master',
  name: null,
  draft: false,
  prerelease: false,
  author: codertocat,
  createdAt: CREATED,
  publishedAt: PUBLISHED,
  url: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1',
};

describe('release', () => {
  it.each(['published', 'released'] as const)('normalizes %s field by field, keyed by release id, action and published_at, at published_at', (action) => {
    expect(onlyEvent(normalize('release', fixture(`release/${action}.payload.json`)))).toEqual({
      ...helloWorld,
      eventId: `github.release.${action}:17372790:${action}:2019-05-15T15:20:53.000Z`,
      type: `release.${action}`,
      occurredAt: PUBLISHED,
      payload: { ...release, action },
    });
  });

  it('normalizes created at created_at and deleted once, edited at the received time keyed by the delivery id', () => {
    expect(onlyEvent(normalize('release', fixture('release/created.payload.json')))).toMatchObject({ eventId: 'github.release.created:17372790:created', occurredAt: CREATED });
    expect(onlyEvent(normalize('release', fixture('release/deleted.payload.json')))).toMatchObject({ eventId: 'github.release.deleted:17372790:deleted', occurredAt: RECEIVED_AT });
    expect(onlyEvent(normalize('release', fixture('release/edited.payload.json')))).toMatchObject({ eventId: `github.release.edited:17372790:edited:${DELIVERY}`, occurredAt: RECEIVED_AT });
    expect(onlyEvent(normalize('release', fixture('release/prereleased.payload.json')))).toMatchObject({ type: 'release.prereleased', payload: { action: 'prereleased', prerelease: true } });
  });

  it('gives a release published again (a new published_at) a new id, another delivery of the same body the same', () => {
    const body = fixture('release/published.payload.json');
    const first = onlyEvent(normalize('release', body)).eventId;
    expect(onlyEvent(normalize('release', body, 'other')).eventId).toBe(first);
    expect(onlyEvent(normalize('release', withValue(body, ['release', 'published_at'], '2019-06-01T00:00:00Z'))).eventId).not.toBe(first);
  });

  it('keeps an edit\'s id for the same delivery received later, and gives another edit (another delivery) a new one', () => {
    const edited = fixture('release/edited.payload.json');
    expect(eventIdOf('release', edited, DELIVERY, RECEIVED_LATER)).toBe(eventIdOf('release', edited));
    expect(eventIdOf('release', edited, 'another-delivery')).not.toBe(eventIdOf('release', edited));
  });

  it('reads a draft without published_at or author', () => {
    const draft = without(withValue(withValue(fixture('release/created.payload.json'), ['release', 'draft'], true), ['release', 'published_at'], null), ['release', 'author']);
    expect(onlyEvent(normalize('release', draft)).payload).toMatchObject({ draft: true, publishedAt: null, author: null });
  });

  it('names the JSON path of bad input', () => {
    expectInvalid('release', without(fixture('release/published.payload.json'), ['release', 'tag_name']), '$.release.tag_name');
    expectInvalid('release', withValue(fixture('release/published.payload.json'), ['release', 'published_at'], 'yesterday'), '$.release.published_at');
    expectInvalid('release', withValue(fixture('release/published.payload.json'), ['release', 'id'], -1), '$.release.id');
  });
});
