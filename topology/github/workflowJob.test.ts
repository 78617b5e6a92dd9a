import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { codertocat, DELIVERY, eventIdOf, expectInvalid, fixture, normalize, onlyEvent, without, withValue } from '../testing/github.ts';

const body = () => fixture('workflow_job/completed.payload.json');

describe('workflow_job', () => {
  it('normalizes completed to github.workflow_job.completed at its completion', () => {
    const expected: EngEvent = {
      eventId: 'github.workflow_job.completed:289782451:1',
      type: 'workflow_job.completed',
      occurredAt: Date.parse('2021-08-05T10:38:16Z'),
      source: 'github',
      actor: codertocat,
      repository: 'Codertocat/Hello-World',
      projectKey: null,
      deliveryId: DELIVERY,
      payload: {
        repository: 'Codertocat/Hello-World',
        jobId: 289782451,
        runId: 2202229078,
        runAttempt: 1,
        name: 'linters',
        workflowName: 'CodeQL',
        headBranch: null, // the example predates head_branch
        headSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        conclusion: 'success',
        startedAt: Date.parse('2021-08-05T10:34:58Z'),
        completedAt: Date.parse('2021-08-05T10:38:16Z'),
        url: 'https://github.com/octo-org/octo-repo/runs/1291536064',
        labels: ['ubuntu-latest'],
      },
    };
    expect(onlyEvent(normalize('workflow_job', body()))).toEqual(expected);
  });

  it('keeps the branch when GitHub sends it, and reads a payload without run_attempt or workflow_name as attempt 1 of an unnamed workflow', () => {
    const withBranch = withValue(body(), ['workflow_job', 'head_branch'], 'main');
    expect(onlyEvent(normalize('workflow_job', withBranch)).payload).toMatchObject({ headBranch: 'main' });
    const older = without(without(body(), ['workflow_job', 'run_attempt']), ['workflow_job', 'workflow_name']);
    expect(onlyEvent(normalize('workflow_job', older))).toMatchObject({ eventId: 'github.workflow_job.completed:289782451:1', payload: { runAttempt: 1, workflowName: null } });
  });

  it.each(['queued', 'waiting', 'in_progress'])('skips %s: only finished jobs count', (action) => {
    expect(normalize('workflow_job', withValue(body(), ['action'], action))).toEqual({ kind: 'skipped', reason: `workflow_job action "${action}" is not used` });
  });

  it('gives a redelivered webhook the same event id, and a re-run attempt another', () => {
    const first = eventIdOf('workflow_job', body(), 'delivery-1');
    expect(eventIdOf('workflow_job', body(), 'delivery-2')).toBe(first);
    expect(eventIdOf('workflow_job', withValue(body(), ['workflow_job', 'run_attempt'], 2))).toBe('github.workflow_job.completed:289782451:2');
  });

  it.each([
    ['workflow_job is missing', without(body(), ['workflow_job']), '$.workflow_job'],
    ['completed_at is null', withValue(body(), ['workflow_job', 'completed_at'], null), '$.workflow_job.completed_at'],
    ['started_at is not ISO-8601', withValue(body(), ['workflow_job', 'started_at'], 1628159698), '$.workflow_job.started_at'],
    ['the run id is text', withValue(body(), ['workflow_job', 'run_id'], '2202229078'), '$.workflow_job.run_id'],
    ['labels is not an array', withValue(body(), ['workflow_job', 'labels'], 'ubuntu-latest'), '$.workflow_job.labels'],
    ['the job has no name', without(body(), ['workflow_job', 'name']), '$.workflow_job.name'],
  ])('is invalid when %s', (_case, payload, path) => {
    expectInvalid('workflow_job', payload, path);
  });
});
