import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { DELIVERY, eventIdOf, expectInvalid, fixture, normalize, onlyEvent, without, withValue } from '../testing/github.ts';

const body = () => fixture('workflow_run/completed.payload.json');

describe('workflow_run', () => {
  it('normalizes completed to github.workflow_run.completed at its last update', () => {
    const expected: EngEvent = {
      eventId: 'github.workflow_run.completed:289782451:1',
      type: 'workflow_run.completed',
      occurredAt: Date.parse('2020-10-05T16:33:49Z'),
      source: 'github',
      actor: { source: 'github', accountId: '15669918', login: 'Codertocat', displayName: null, email: null },
      repository: 'octo-org/octo-repo',
      projectKey: null,
      deliveryId: DELIVERY,
      payload: {
        repository: 'octo-org/octo-repo',
        runId: 289782451,
        workflowId: 2823525,
        name: 'test', // the run's name is empty: the workflow's
        event: 'repository_dispatch',
        headBranch: 'master',
        headSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        conclusion: 'success',
        runNumber: 163,
        runAttempt: 1,
        createdAt: Date.parse('2020-10-05T16:33:24Z'),
        runStartedAt: Date.parse('2020-10-05T16:33:49Z'),
        updatedAt: Date.parse('2020-10-05T16:33:49Z'),
        url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
        pullRequestNumbers: [],
      },
    };
    expect(onlyEvent(normalize('workflow_run', body()))).toEqual(expected);
  });

  it("takes the run's own name when it has one, and the numbers of its pull requests", () => {
    let payload = withValue(body(), ['workflow_run', 'name'], 'CI');
    payload = withValue(payload, ['workflow_run', 'pull_requests'], [{ id: 1, number: 7 }, { id: 2, number: 9 }]);
    expect(onlyEvent(normalize('workflow_run', payload)).payload).toMatchObject({ name: 'CI', pullRequestNumbers: [7, 9] });
  });

  it.each(['requested', 'in_progress'])('skips %s: only finished runs count', (action) => {
    expect(normalize('workflow_run', withValue(body(), ['action'], action))).toEqual({ kind: 'skipped', reason: `workflow_run action "${action}" is not used` });
  });

  it('gives a redelivered webhook the same event id, and a re-run attempt another', () => {
    const first = eventIdOf('workflow_run', body(), 'delivery-1');
    expect(eventIdOf('workflow_run', body(), 'delivery-2')).toBe(first);
    expect(eventIdOf('workflow_run', withValue(body(), ['workflow_run', 'run_attempt'], 2))).toBe('github.workflow_run.completed:289782451:2');
  });

  it.each([
    ['workflow_run is missing', without(body(), ['workflow_run']), '$.workflow_run'],
    ['updated_at is not ISO-8601', withValue(body(), ['workflow_run', 'updated_at'], 1601915629), '$.workflow_run.updated_at'],
    ['pull_requests is not an array', withValue(body(), ['workflow_run', 'pull_requests'], null), '$.workflow_run.pull_requests'],
    ['a pull request has no number', withValue(body(), ['workflow_run', 'pull_requests'], [{ id: 1 }]), '$.workflow_run.pull_requests[0].number'],
    ['the run attempt is text', withValue(body(), ['workflow_run', 'run_attempt'], '1'), '$.workflow_run.run_attempt'],
  ])('is invalid when %s', (_case, payload, path) => {
    expectInvalid('workflow_run', payload, path);
  });
});
