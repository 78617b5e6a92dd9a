import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GITHUB_EVENTS, github } from './index.ts';
import { fixture, normalize, webhook } from '../testing/github.ts';

describe('github normalizer', () => {
  it('reads github-events and makes github events', () => {
    expect(github.source).toBe('github');
    expect(github.topic).toBe('github-events');
    expect(GITHUB_EVENTS).toEqual(['push', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'pull_request_review_thread', 'issue_comment', 'commit_comment', 'deployment', 'deployment_status', 'workflow_run', 'workflow_job', 'issues', 'team', 'team_add', 'membership', 'organization', 'member', 'repository', 'create', 'delete', 'release', 'check_run', 'check_suite', 'label', 'milestone']);
  });

  it('skips the ping fixture, naming the event', () => {
    expect(normalize('ping', fixture('ping/payload.json'))).toEqual({ kind: 'skipped', reason: 'GitHub event "ping" is not used' });
  });

  it.each(['star', 'fork', 'watch', 'status', 'gollum'])('skips %s, naming it', (eventName) => {
    expect(normalize(eventName, fixture('ping/payload.json'))).toEqual({ kind: 'skipped', reason: `GitHub event "${eventName}" is not used` });
  });

  it('skips an event it does not use without reading the body', () => {
    expect(normalize('star', 'not json at all')).toMatchObject({ kind: 'skipped' });
  });

  it('does not mistake names of Object.prototype for events', () => {
    for (const eventName of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(normalize(eventName, '{}')).toEqual({ kind: 'skipped', reason: `GitHub event "${eventName}" is not used` });
    }
  });

  it('skips any event name it does not know', () => {
    const unknown = fc.string().filter((name) => !GITHUB_EVENTS.includes(name));
    fc.assert(
      fc.property(unknown, fc.json(), (eventName, body) => {
        expect(github.normalize(webhook(eventName, body))).toEqual({ kind: 'skipped', reason: `GitHub event "${eventName}" is not used` });
      }),
    );
  });
});
