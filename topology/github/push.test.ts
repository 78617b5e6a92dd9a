import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { eventsOf, expectInvalid, fixture, helloWorld, type Json, type JsonObject, normalize, RECEIVED_AT, without, withValue } from '../testing/github.ts';
import { PUSH_COMMITS_CAP } from './refPushed.ts';

/** GitHub's `before` of a push that created its ref. */
const ZEROS = '0000000000000000000000000000000000000000';

/**
 * The push fixture deletes a tag, so it has no commits. This is the same push to a branch with
 * two commits: the first is octokit's `push/with-new-branch` example commit, the second is shaped
 * like `push/with-no-username-committer` (a committer GitHub matched to no account) and mentions
 * Jira keys.
 */
function pushWithCommits(): JsonObject {
  const body = fixture('push/payload.json');
  body['ref'] = 'refs/heads/master';
  body['before'] = ZEROS;
  body['after'] = 'a10867b14bb761a232cd80139fbd4c0d33264240';
  body['deleted'] = false;
  body['created'] = true;
  body['commits'] = [
    {
      id: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      tree_id: '31b122c26a97cf9af023e9ddab94a82c6e77b0ea',
      distinct: true,
      message: 'Initial commit',
      timestamp: '2019-05-15T15:19:25Z',
      url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      author: { name: 'Codertocat', email: '21031067+Codertocat@users.noreply.github.com', username: 'Codertocat' },
      committer: { name: 'Codertocat', email: '21031067+Codertocat@users.noreply.github.com', username: 'Codertocat' },
      added: ['README.md'],
      removed: [],
      modified: [],
    },
    {
      id: 'a10867b14bb761a232cd80139fbd4c0d33264240',
      tree_id: '8c4a5a3ec3e4a8e3a6c6e5e3b8d0a6e0cd4d7c2a',
      distinct: false,
      message: 'PROJ-123 fix login bug\n\nAlso touches OPS-7 and PROJ-123 again #comment done',
      timestamp: '2019-05-15T10:20:30-05:00',
      url: 'https://github.com/Codertocat/Hello-World/commit/a10867b14bb761a232cd80139fbd4c0d33264240',
      author: { name: 'Codertocat', email: '21031067+Codertocat@users.noreply.github.com', username: 'Codertocat' },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
      added: [],
      removed: ['old.md', 'older.md'],
      modified: ['README.md', 'Gemfile', 'Rakefile'],
    },
  ];
  return body;
}

const commitsOf = (body: JsonObject) => eventsOf(normalize('push', body)).filter((event) => event.type === 'commit.pushed');
const refPushedOf = (body: JsonObject, delivery?: string) => {
  const pushes = eventsOf(normalize('push', body, delivery)).filter((event) => event.type === 'ref.pushed');
  expect(pushes).toHaveLength(1);
  return pushes[0]!;
};

const gitCodertocat = { source: 'github', accountId: null, login: 'Codertocat', displayName: 'Codertocat', email: '21031067+Codertocat@users.noreply.github.com' };

describe('push', () => {
  it('skips the fixture, a tag deletion, which carries no commits', () => {
    expect(normalize('push', fixture('push/payload.json'))).toEqual({ kind: 'skipped', reason: 'push deletes refs/tags/simple-tag: it carries no commits' });
  });

  it('yields one github.commit.pushed per commit, with the Jira keys of its message', () => {
    const expected: EngEvent[] = [
      {
        eventId: 'github.commit.pushed:Codertocat/Hello-World:6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        type: 'commit.pushed',
        occurredAt: Date.parse('2019-05-15T15:19:25Z'),
        ...helloWorld,
        payload: {
          repository: 'Codertocat/Hello-World',
          ref: 'refs/heads/master',
          branch: 'master',
          sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          message: 'Initial commit',
          author: gitCodertocat,
          committer: gitCodertocat,
          timestamp: Date.parse('2019-05-15T15:19:25Z'),
          url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          distinct: true,
          added: 1,
          removed: 0,
          modified: 0,
          jiraKeys: [],
        },
      },
      {
        eventId: 'github.commit.pushed:Codertocat/Hello-World:a10867b14bb761a232cd80139fbd4c0d33264240',
        type: 'commit.pushed',
        occurredAt: Date.parse('2019-05-15T15:20:30Z'),
        ...helloWorld,
        payload: {
          repository: 'Codertocat/Hello-World',
          ref: 'refs/heads/master',
          branch: 'master',
          sha: 'a10867b14bb761a232cd80139fbd4c0d33264240',
          message: 'PROJ-123 fix login bug\n\nAlso touches OPS-7 and PROJ-123 again #comment done',
          author: gitCodertocat,
          committer: { source: 'github', accountId: null, login: null, displayName: 'GitHub', email: 'noreply@github.com' },
          timestamp: Date.parse('2019-05-15T15:20:30Z'),
          url: 'https://github.com/Codertocat/Hello-World/commit/a10867b14bb761a232cd80139fbd4c0d33264240',
          distinct: false,
          added: 0,
          removed: 2,
          modified: 3,
          jiraKeys: ['PROJ-123', 'OPS-7'],
        },
      },
    ];
    expect(commitsOf(pushWithCommits())).toEqual(expected);
  });

  it('yields one github.ref.pushed for the push, after its commits, with the range and the commits oldest first', () => {
    const expected: EngEvent = {
      eventId: `github.ref.pushed:Codertocat/Hello-World:refs/heads/master:${ZEROS}:a10867b14bb761a232cd80139fbd4c0d33264240`,
      type: 'ref.pushed',
      occurredAt: 1557933657_000,
      ...helloWorld,
      payload: {
        repository: 'Codertocat/Hello-World',
        ref: 'refs/heads/master',
        branch: 'master',
        defaultBranch: 'master',
        before: ZEROS,
        after: 'a10867b14bb761a232cd80139fbd4c0d33264240',
        created: true,
        forced: false,
        pushedAt: 1557933657_000, // repository.pushed_at, epoch seconds in push payloads
        pusher: { source: 'github', accountId: null, login: null, displayName: 'Codertocat', email: '21031067+Codertocat@users.noreply.github.com' },
        commits: [
          { sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', authoredAt: Date.parse('2019-05-15T15:19:25Z'), distinct: true },
          { sha: 'a10867b14bb761a232cd80139fbd4c0d33264240', authoredAt: Date.parse('2019-05-15T15:20:30Z'), distinct: false },
        ],
        commitsTruncated: false,
      },
    };
    const events = eventsOf(normalize('push', pushWithCommits()));
    expect(events.map((event) => event.type)).toEqual(['commit.pushed', 'commit.pushed', 'ref.pushed']);
    expect(events.at(-1)).toEqual(expected);
  });

  it('gives a tag push no branch', () => {
    const tag = withValue(pushWithCommits(), ['ref'], 'refs/tags/v1.0');
    expect(commitsOf(tag)[0]?.payload).toMatchObject({ ref: 'refs/tags/v1.0', branch: null });
    expect(refPushedOf(tag).payload).toMatchObject({ ref: 'refs/tags/v1.0', branch: null, defaultBranch: 'master' });
  });

  it('gives a push that creates a branch at an existing commit one ref.pushed with no commits', () => {
    let body = withValue(pushWithCommits(), ['ref'], 'refs/heads/release');
    body = withValue(body, ['after'], '6113728f27ae82c7b1a177c8d03f9e96e0adf246');
    body = withValue(body, ['commits'], []);
    const events = eventsOf(normalize('push', body));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ref.pushed', payload: { branch: 'release', before: ZEROS, after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', created: true, commits: [], commitsTruncated: false } });
  });

  it('flags the commit list as possibly truncated when it is at GitHub’s cap of 2048', () => {
    const withCommits = (count: number) => {
      const [first] = pushWithCommits()['commits'] as JsonObject[];
      const commits = Array.from({ length: count }, (_, i) => ({ ...first!, id: i.toString(16).padStart(40, '0') }));
      return refPushedOf(withValue(pushWithCommits(), ['commits'], commits)).payload;
    };
    expect(PUSH_COMMITS_CAP).toBe(2048);
    expect(withCommits(2047)).toMatchObject({ commitsTruncated: false });
    expect(withCommits(2048)).toMatchObject({ commitsTruncated: true });
  });

  it('reads pushed_at as epoch seconds or an ISO string, and takes the delivery time without it', () => {
    const at = (pushedAt: Json) => refPushedOf(withValue(pushWithCommits(), ['repository', 'pushed_at'], pushedAt));
    expect(at('2019-05-15T15:20:57Z')).toMatchObject({ occurredAt: Date.parse('2019-05-15T15:20:57Z'), payload: { pushedAt: Date.parse('2019-05-15T15:20:57Z') } });
    expect(at(null)).toMatchObject({ occurredAt: RECEIVED_AT, payload: { pushedAt: RECEIVED_AT } });
    expect(refPushedOf(without(pushWithCommits(), ['repository', 'pushed_at'])).payload).toMatchObject({ pushedAt: RECEIVED_AT });
  });

  it('reads a push without a pusher or a default branch with neither, and keeps a force push’s flag', () => {
    let body = without(pushWithCommits(), ['pusher']);
    body = without(body, ['repository', 'default_branch']);
    body = withValue(body, ['forced'], true);
    expect(refPushedOf(body).payload).toMatchObject({ pusher: null, defaultBranch: null, forced: true });
  });

  it('gives the same ids when the webhook is redelivered or the commit pushed to another branch', () => {
    const ids = (body: JsonObject, delivery: string) => eventsOf(normalize('push', body, delivery)).filter((e) => e.type === 'commit.pushed').map((event) => event.eventId);
    const first = ids(pushWithCommits(), 'delivery-1');
    expect(ids(pushWithCommits(), 'delivery-2')).toEqual(first);
    expect(ids(withValue(pushWithCommits(), ['ref'], 'refs/heads/other'), 'delivery-3')).toEqual(first);
  });

  it('gives a redelivered push the same ref.pushed id, and another ref or range another', () => {
    const first = refPushedOf(pushWithCommits(), 'delivery-1').eventId;
    expect(refPushedOf(pushWithCommits(), 'delivery-2').eventId).toBe(first);
    expect(refPushedOf(withValue(pushWithCommits(), ['ref'], 'refs/heads/other')).eventId).not.toBe(first);
    expect(refPushedOf(withValue(pushWithCommits(), ['before'], '6113728f27ae82c7b1a177c8d03f9e96e0adf246')).eventId).not.toBe(first);
  });

  it.each([
    ['commits is not an array', withValue(pushWithCommits(), ['commits'], { id: 'x' }), '$.commits'],
    ['a commit is not an object', withValue(pushWithCommits(), ['commits', 1], 'a10867b'), '$.commits[1]'],
    ['a commit lacks its id', without(pushWithCommits(), ['commits', 1, 'id']), '$.commits[1].id'],
    ['a timestamp is not ISO-8601', withValue(pushWithCommits(), ['commits', 0, 'timestamp'], '15/05/2019 15:19'), '$.commits[0].timestamp'],
    ['a timestamp is a number', withValue(pushWithCommits(), ['commits', 0, 'timestamp'], 1557933565), '$.commits[0].timestamp'],
    ['added is not a list', withValue(pushWithCommits(), ['commits', 0, 'added'], 1), '$.commits[0].added'],
    ['the author has no name', without(pushWithCommits(), ['commits', 1, 'author', 'name']), '$.commits[1].author.name'],
    ['ref is missing', without(pushWithCommits(), ['ref']), '$.ref'],
    ['the repository has no full name', without(pushWithCommits(), ['repository', 'full_name']), '$.repository.full_name'],
    ['the sender has no id', without(pushWithCommits(), ['sender', 'id']), '$.sender.id'],
    ['pushed_at is text that is no time', withValue(pushWithCommits(), ['repository', 'pushed_at'], 'yesterday'), '$.repository.pushed_at'],
    ['pushed_at is negative', withValue(pushWithCommits(), ['repository', 'pushed_at'], -1), '$.repository.pushed_at'],
    ['pushed_at is beyond what a timestamp keeps', withValue(pushWithCommits(), ['repository', 'pushed_at'], 2 ** 53), '$.repository.pushed_at'],
    ['before is missing', without(pushWithCommits(), ['before']), '$.before'],
    ['forced is not a boolean', withValue(pushWithCommits(), ['forced'], 'no'), '$.forced'],
    ['the pusher has no name', without(pushWithCommits(), ['pusher', 'name']), '$.pusher.name'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('push', body, path);
  });

  it('is invalid when the body is not JSON', () => {
    expect(normalize('push', '{"ref": ')).toMatchObject({ kind: 'invalid', path: '$', reason: expect.stringContaining('not JSON') });
  });
});
