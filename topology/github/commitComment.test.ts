import { describe, expect, it } from 'vitest';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, without, withValue } from '../testing/github.ts';

const created = () => fixture('commit_comment/created.payload.json');
const onFile = () => fixture('commit_comment/created.on-file.payload.json');

describe('commit_comment', () => {
  it('normalizes a comment on a whole commit field by field', () => {
    expect(onlyEvent(normalize('commit_comment', created()))).toEqual({
      eventId: 'github.commit_comment.created:33548674',
      type: 'commit_comment.created',
      occurredAt: Date.parse('2019-05-15T15:20:39Z'),
      ...helloWorld,
      payload: {
        repository: 'Codertocat/Hello-World',
        sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        path: null,
        line: null,
        commentId: 33548674,
        author: codertocat,
        authorAssociation: 'OWNER',
        body: 'This is a really good change! :+1:',
        createdAt: Date.parse('2019-05-15T15:20:39Z'),
        url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246#commitcomment-33548674',
      },
    });
  });

  it('keeps the path and line of a comment on a file', () => {
    expect(onlyEvent(normalize('commit_comment', onFile())).payload).toMatchObject({ path: 'README.md', line: 1 });
  });

  it('gives another delivery of the same body the same id (a comment has its own id and time)', () => {
    expect(eventIdOf('commit_comment', onFile(), 'delivery-2')).toBe(eventIdOf('commit_comment', onFile(), 'delivery-1'));
  });

  it('keeps a comment by a deleted account (user: null) with no author', () => {
    expect(onlyEvent(normalize('commit_comment', withValue(created(), ['comment', 'user'], null))).payload).toMatchObject({ author: null, commentId: 33548674 });
  });

  it.each([
    ['the commit is missing', without(created(), ['comment', 'commit_id']), '$.comment.commit_id'],
    ['the line is a string', withValue(onFile(), ['comment', 'line'], 'one'), '$.comment.line'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('commit_comment', body, path);
  });
});
