import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { codertocat, eventIdOf, expectInvalid, fixture, helloWorld, normalize, onlyEvent, without, withValue } from '../testing/github.ts';

const body = () => fixture('deployment/payload.json');

describe('deployment', () => {
  it('normalizes created to github.deployment.created', () => {
    const expected: EngEvent = {
      eventId: 'github.deployment.created:145988746',
      type: 'deployment.created',
      occurredAt: Date.parse('2019-05-15T15:20:53Z'),
      ...helloWorld,
      payload: {
        repository: 'Codertocat/Hello-World',
        deploymentId: 145988746,
        environment: 'production',
        productionEnvironment: null,
        sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        ref: 'master',
        task: 'deploy',
        description: null,
        creator: codertocat,
        createdAt: Date.parse('2019-05-15T15:20:53Z'),
        workflowRunId: null,
      },
    };
    expect(onlyEvent(normalize('deployment', body()))).toEqual(expected);
  });

  it('keeps production_environment when GitHub sends it', () => {
    const event = onlyEvent(normalize('deployment', withValue(body(), ['deployment', 'production_environment'], true)));
    expect(event.payload).toMatchObject({ productionEnvironment: true });
  });

  it('keeps the id of the Actions run that created the deployment (top-level workflow_run.id)', () => {
    const fromRun = withValue(body(), ['workflow_run'], { id: 2202229078, name: 'Deploy', head_sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e' });
    expect(onlyEvent(normalize('deployment', fromRun)).payload).toMatchObject({ workflowRunId: 2202229078 });
    expect(onlyEvent(normalize('deployment', withValue(body(), ['workflow_run'], null))).payload).toMatchObject({ workflowRunId: null });
    expectInvalid('deployment', withValue(body(), ['workflow_run'], { id: '2202229078' }), '$.workflow_run.id');
  });

  it('gives a redelivered webhook the same event id', () => {
    expect(eventIdOf('deployment', body(), 'delivery-2')).toBe(eventIdOf('deployment', body(), 'delivery-1'));
  });

  it('skips an action other than created', () => {
    expect(normalize('deployment', withValue(body(), ['action'], 'deleted'))).toEqual({ kind: 'skipped', reason: 'deployment action "deleted" is not used' });
  });

  it.each([
    ['deployment is missing', without(body(), ['deployment']), '$.deployment'],
    ['the id is negative', withValue(body(), ['deployment', 'id'], -1), '$.deployment.id'],
    ['the id is beyond what a long keeps exactly', withValue(body(), ['deployment', 'id'], 2 ** 53), '$.deployment.id'],
    ['created_at is not ISO-8601', withValue(body(), ['deployment', 'created_at'], 'now'), '$.deployment.created_at'],
    ['the creator is null', withValue(body(), ['deployment', 'creator'], null), '$.deployment.creator'],
    ['the environment is missing', without(body(), ['deployment', 'environment']), '$.deployment.environment'],
  ])('is invalid when %s', (_case, payload, path) => {
    expectInvalid('deployment', payload, path);
  });
});
