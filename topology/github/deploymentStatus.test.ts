import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, without, withValue } from '../testing/github.ts';

const body = () => fixture('deployment_status/payload.json');

describe('deployment_status', () => {
  it('normalizes created to github.deployment.status_changed at the status time', () => {
    const expected: EngEvent = {
      eventId: 'github.deployment.status_changed:209916254',
      type: 'deployment.status_changed',
      occurredAt: Date.parse('2019-05-15T15:20:55Z'),
      ...helloWorld,
      payload: {
        repository: 'Codertocat/Hello-World',
        deploymentId: 145988746,
        statusId: 209916254,
        environment: 'production',
        sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        ref: 'master',
        state: 'success',
        description: null,
        creator: codertocat,
        deploymentCreatedAt: Date.parse('2019-05-15T15:20:53Z'),
        createdAt: Date.parse('2019-05-15T15:20:55Z'),
        logUrl: null,
        workflowRunId: null,
      },
    };
    expect(onlyEvent(normalize('deployment_status', body()))).toEqual(expected);
  });

  it('takes log_url, else target_url, as the log link', () => {
    const withTarget = withValue(body(), ['deployment_status', 'target_url'], 'https://ci.example.com/1');
    expect(onlyEvent(normalize('deployment_status', withTarget)).payload).toMatchObject({ logUrl: 'https://ci.example.com/1' });
    const withLog = withValue(withTarget, ['deployment_status', 'log_url'], 'https://ci.example.com/1/log');
    expect(onlyEvent(normalize('deployment_status', withLog)).payload).toMatchObject({ logUrl: 'https://ci.example.com/1/log' });
  });

  it('keeps the id of the Actions run that created the deployment (top-level workflow_run.id)', () => {
    const fromRun = withValue(body(), ['workflow_run'], { id: 2202229078, name: 'Deploy', head_sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e' });
    expect(onlyEvent(normalize('deployment_status', fromRun)).payload).toMatchObject({ workflowRunId: 2202229078 });
    expect(onlyEvent(normalize('deployment_status', withValue(body(), ['workflow_run'], null))).payload).toMatchObject({ workflowRunId: null });
    expectInvalid('deployment_status', withValue(body(), ['workflow_run'], { id: '2202229078' }), '$.workflow_run.id');
  });

  it('gives a redelivered webhook the same event id, and the next status another', () => {
    const first = eventIdOf('deployment_status', body(), 'delivery-1');
    expect(eventIdOf('deployment_status', body(), 'delivery-2')).toBe(first);
    expect(eventIdOf('deployment_status', withValue(body(), ['deployment_status', 'id'], 209916255))).not.toBe(first);
  });

  it.each([
    ['deployment is missing', without(body(), ['deployment']), '$.deployment'],
    ['the status has no state', without(body(), ['deployment_status', 'state']), '$.deployment_status.state'],
    ['the status created_at is not ISO-8601', withValue(body(), ['deployment_status', 'created_at'], '2019-13-45T99:00:00Z'), '$.deployment_status.created_at'],
    ['the deployment id is a float', withValue(body(), ['deployment', 'id'], 1.5), '$.deployment.id'],
    ['the sha is a number', withValue(body(), ['deployment', 'sha'], 42), '$.deployment.sha'],
  ])('is invalid when %s', (_case, payload, path) => {
    expectInvalid('deployment_status', payload, path);
  });
});
