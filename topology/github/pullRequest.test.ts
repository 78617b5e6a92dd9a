import { describe, expect, it } from 'vitest';
import type { EngEvent, PullRequest } from '../../avro/generated/types.ts';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, type JsonObject, normalize, onlyEvent, without, withValue } from '../testing/github.ts';

/** pull_request as all three fixtures describe it, before the fields each action changes. */
const pullRequest: PullRequest = {
  repository: 'Codertocat/Hello-World',
  number: 2,
  title: 'Update the README with new information.',
  author: codertocat,
  url: 'https://github.com/Codertocat/Hello-World/pull/2',
  state: 'open',
  draft: false,
  baseRef: 'master',
  headRef: 'changes',
  headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
  createdAt: Date.parse('2019-05-15T15:20:33Z'),
  firstCommitAt: null,
  commits: 1,
  additions: 1,
  deletions: 1,
  changedFiles: 1,
  labels: ['bug'],
  jiraKeys: [],
  headRepository: 'Codertocat/Hello-World',
};

/** The closed fixture as GitHub sends it when the pull request was merged, not just closed. */
function mergedBody(): JsonObject {
  const body = fixture('pull_request/closed.payload.json');
  const pr = body['pull_request'] as JsonObject;
  pr['merged'] = true;
  pr['merged_at'] = '2019-05-15T15:21:18Z';
  pr['merged_by'] = pr['user']!;
  return body;
}

describe('pull_request', () => {
  it('normalizes opened to github.pull_request.opened', () => {
    const expected: EngEvent = {
      eventId: 'github.pull_request.opened:279147437',
      type: 'pull_request.opened',
      occurredAt: Date.parse('2019-05-15T15:20:33Z'),
      ...helloWorld,
      payload: { pullRequest },
    };
    expect(onlyEvent(normalize('pull_request', fixture('pull_request/opened.payload.json')))).toEqual(expected);
  });

  it('normalizes closed without merge to github.pull_request.closed', () => {
    const expected: EngEvent = {
      eventId: 'github.pull_request.closed:279147437:2019-05-15T15:21:18.000Z',
      type: 'pull_request.closed',
      occurredAt: Date.parse('2019-05-15T15:21:18Z'),
      ...helloWorld,
      payload: { pullRequest: { ...pullRequest, state: 'closed' }, closedAt: Date.parse('2019-05-15T15:21:18Z') },
    };
    expect(onlyEvent(normalize('pull_request', fixture('pull_request/closed.payload.json')))).toEqual(expected);
  });

  it('normalizes closed with merged = true to github.pull_request.merged', () => {
    const expected: EngEvent = {
      eventId: 'github.pull_request.merged:279147437',
      type: 'pull_request.merged',
      occurredAt: Date.parse('2019-05-15T15:21:18Z'),
      ...helloWorld,
      payload: {
        pullRequest: { ...pullRequest, state: 'closed' },
        mergedAt: Date.parse('2019-05-15T15:21:18Z'),
        mergedBy: codertocat,
        mergeCommitSha: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85',
      },
    };
    expect(onlyEvent(normalize('pull_request', mergedBody()))).toEqual(expected);
  });

  it('normalizes synchronize to github.pull_request.updated with the sha before', () => {
    const expected: EngEvent = {
      eventId: 'github.pull_request.updated:279147437:synchronize:f95f852bd8fca8fcc58a9a2d6c842781e32a215e:ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      type: 'pull_request.updated',
      occurredAt: Date.parse('2019-05-15T15:20:33Z'),
      ...helloWorld,
      payload: { pullRequest, action: 'synchronize', beforeSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e' },
    };
    expect(onlyEvent(normalize('pull_request', fixture('pull_request/synchronize.payload.json')))).toEqual(expected);
  });

  it.each(['ready_for_review', 'reopened', 'converted_to_draft', 'edited'])('normalizes %s to github.pull_request.updated', (action) => {
    const body = withValue(withValue(fixture('pull_request/opened.payload.json'), ['action'], action), ['pull_request', 'updated_at'], '2019-05-16T09:00:00Z');
    const event = onlyEvent(normalize('pull_request', body));
    expect(event).toMatchObject({
      eventId: `github.pull_request.updated:279147437:${action}:2019-05-16T09:00:00.000Z`,
      type: 'pull_request.updated',
      occurredAt: Date.parse('2019-05-16T09:00:00Z'),
      payload: { action, beforeSha: null },
    });
  });

  it('takes Jira keys from the title and the head branch', () => {
    let body = withValue(fixture('pull_request/opened.payload.json'), ['pull_request', 'title'], 'PROJ-9: Update the README');
    body = withValue(body, ['pull_request', 'head', 'ref'], 'feature/PROJ-10-readme');
    expect(onlyEvent(normalize('pull_request', body)).payload).toMatchObject({ pullRequest: { jiraKeys: ['PROJ-9', 'PROJ-10'] } });
  });

  it("says which repository the head branch lives in: a fork's, or null when the fork is gone", () => {
    const fork = withValue(fixture('pull_request/opened.payload.json'), ['pull_request', 'head', 'repo', 'full_name'], 'contributor/Hello-World');
    expect(onlyEvent(normalize('pull_request', fork)).payload).toMatchObject({ pullRequest: { headRepository: 'contributor/Hello-World' } });
    const deleted = withValue(fixture('pull_request/opened.payload.json'), ['pull_request', 'head', 'repo'], null);
    expect(onlyEvent(normalize('pull_request', deleted)).payload).toMatchObject({ pullRequest: { headRepository: null } });
  });

  it.each(['locked', 'auto_merge_enabled', 'milestoned'])('skips action %s, naming it', (action) => {
    const outcome = normalize('pull_request', withValue(fixture('pull_request/opened.payload.json'), ['action'], action));
    expect(outcome).toEqual({ kind: 'skipped', reason: `pull_request action "${action}" is not used` });
  });

  it('gives a redelivered webhook the same event ids, and a second close another', () => {
    for (const path of ['opened', 'closed', 'synchronize']) {
      const body = () => fixture(`pull_request/${path}.payload.json`);
      expect(eventIdOf('pull_request', body(), 'delivery-2')).toBe(eventIdOf('pull_request', body(), 'delivery-1'));
    }
    expect(eventIdOf('pull_request', mergedBody(), 'a')).toBe(eventIdOf('pull_request', mergedBody(), 'b'));
    const closedAgain = withValue(fixture('pull_request/closed.payload.json'), ['pull_request', 'closed_at'], '2019-05-20T08:00:00Z');
    expect(eventIdOf('pull_request', closedAgain)).not.toBe(eventIdOf('pull_request', fixture('pull_request/closed.payload.json')));
  });

  it.each([
    ['pull_request is missing', without(mergedBody(), ['pull_request']), '$.pull_request'],
    ['a merged pull request has no merged_at', without(mergedBody(), ['pull_request', 'merged_at']), '$.pull_request.merged_at'],
    ['merged_at is not ISO-8601', withValue(mergedBody(), ['pull_request', 'merged_at'], 'yesterday'), '$.pull_request.merged_at'],
    ['merged is not a boolean', withValue(mergedBody(), ['pull_request', 'merged'], 'yes'), '$.pull_request.merged'],
    ['an unmerged close has no closed_at', withValue(fixture('pull_request/closed.payload.json'), ['pull_request', 'closed_at'], null), '$.pull_request.closed_at'],
    ['the number is not an integer', withValue(fixture('pull_request/opened.payload.json'), ['pull_request', 'number'], 2.5), '$.pull_request.number'],
    ['the number is beyond an Avro int', withValue(fixture('pull_request/opened.payload.json'), ['pull_request', 'number'], 2 ** 31), '$.pull_request.number'],
    ['created_at is not ISO-8601', withValue(fixture('pull_request/opened.payload.json'), ['pull_request', 'created_at'], '2019-05-15 15:20'), '$.pull_request.created_at'],
    ['a label has no name', without(fixture('pull_request/opened.payload.json'), ['pull_request', 'labels', 0, 'name']), '$.pull_request.labels[0].name'],
    ['the head has no sha', without(fixture('pull_request/opened.payload.json'), ['pull_request', 'head', 'sha']), '$.pull_request.head.sha'],
    ['synchronize has no before', without(fixture('pull_request/synchronize.payload.json'), ['before']), '$.before'],
    ['the action is not a string', withValue(fixture('pull_request/opened.payload.json'), ['action'], 7), '$.action'],
    ['the action is missing', without(fixture('pull_request/opened.payload.json'), ['action']), '$.action'],
  ])('is invalid when %s', (_case, body, path) => {
    expectInvalid('pull_request', body, path);
  });
});
