import { describe, expect, it } from 'vitest';
import { DELIVERY, expectInvalid, fixture, helloWorld, normalize, onlyEvent, RECEIVED_AT, without, withValue } from '../testing/github.ts';

const SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

describe('check_run', () => {
  it("normalizes another CI app's completed check run, field by field, keyed by id and completed_at", () => {
    expect(onlyEvent(normalize('check_run', fixture('check_run/completed.payload.json')))).toEqual({
      ...helloWorld,
      eventId: 'github.check_run.completed:128620228:2019-05-15T15:21:12.000Z',
      type: 'check_run.completed',
      occurredAt: Date.parse('2019-05-15T15:21:12Z'),
      payload: {
        repository: 'Codertocat/Hello-World',
        checkRunId: 128620228,
        name: 'Octocoders-linter',
        checkSuiteId: 118578147,
        appSlug: null,
        appName: 'octocoders-linter',
        headSha: SHA,
        headBranch: 'changes',
        conclusion: 'success',
        startedAt: Date.parse('2019-05-15T15:21:12Z'),
        completedAt: Date.parse('2019-05-15T15:21:12Z'),
        pullRequestNumbers: [2],
        url: 'https://github.com/Codertocat/Hello-World/runs/128620228',
      },
    });
  });

  it("skips GitHub Actions' check runs, by slug or by the app's id: workflow_job carries them", () => {
    const reason = 'check_run of GitHub Actions is skipped: workflow_job.completed carries the same run';
    expect(normalize('check_run', fixture('check_run/completed.github-actions.payload.json'))).toEqual({ kind: 'skipped', reason });
    expect(normalize('check_run', withValue(fixture('check_run/completed.payload.json'), ['check_run', 'app', 'id'], 15368))).toEqual({ kind: 'skipped', reason });
  });

  it('skips actions other than completed, and reads a run without completed_at at the received time, keyed by the delivery id', () => {
    expect(normalize('check_run', withValue(fixture('check_run/completed.payload.json'), ['action'], 'created'))).toMatchObject({ kind: 'skipped' });
    expect(onlyEvent(normalize('check_run', without(fixture('check_run/completed.payload.json'), ['check_run', 'completed_at'])))).toMatchObject({
      eventId: `github.check_run.completed:128620228:${DELIVERY}`,
      occurredAt: RECEIVED_AT,
      payload: { completedAt: null },
    });
  });

  it('names the JSON path of bad input', () => {
    expectInvalid('check_run', without(fixture('check_run/completed.payload.json'), ['check_run', 'head_sha']), '$.check_run.head_sha');
    expectInvalid('check_run', withValue(fixture('check_run/completed.payload.json'), ['check_run', 'pull_requests', 0, 'number'], 'two'), '$.check_run.pull_requests[0].number');
  });
});

describe('check_suite', () => {
  it("normalizes another CI app's completed suite, field by field, keyed by id and updated_at", () => {
    expect(onlyEvent(normalize('check_suite', fixture('check_suite/completed.payload.json')))).toEqual({
      ...helloWorld,
      eventId: 'github.check_suite.completed:118578147:2019-05-15T15:21:14.000Z',
      type: 'check_suite.completed',
      occurredAt: Date.parse('2019-05-15T15:21:14Z'),
      payload: {
        repository: 'Codertocat/Hello-World',
        checkSuiteId: 118578147,
        appSlug: null,
        appName: 'octocoders-linter',
        headSha: SHA,
        headBranch: 'changes',
        conclusion: 'success',
        createdAt: Date.parse('2019-05-15T15:20:31Z'),
        completedAt: Date.parse('2019-05-15T15:21:14Z'),
        pullRequestNumbers: [2],
      },
    });
  });

  it("skips GitHub Actions' suites: workflow_run carries them", () => {
    expect(normalize('check_suite', fixture('check_suite/completed.github-actions.payload.json'))).toEqual({ kind: 'skipped', reason: 'check_suite of GitHub Actions is skipped: workflow_run.completed carries the same run' });
  });

  it('gives a re-requested suite completing again a new id', () => {
    const body = fixture('check_suite/completed.payload.json');
    expect(onlyEvent(normalize('check_suite', withValue(body, ['check_suite', 'updated_at'], '2019-05-16T00:00:00Z'))).eventId).not.toBe(onlyEvent(normalize('check_suite', body)).eventId);
  });

  it('names the JSON path of bad input', () => {
    expectInvalid('check_suite', without(fixture('check_suite/completed.payload.json'), ['check_suite', 'updated_at']), '$.check_suite.updated_at');
  });
});
