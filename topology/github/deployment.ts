/**
 * `deployment` (action created) → `deployment.created`: a deploy was requested, the start
 * of one deployment of a sha to an environment.
 *
 * Event id: the deployment's numeric id; a deployment is created once. Its later progress arrives
 * as `deployment_status` events with ids of their own.
 *
 * occurredAt: `deployment.created_at`.
 *
 * `workflowRunId` is the body's top-level `workflow_run.id`, which GitHub sends when an Actions
 * run created the deployment: it ties the deployment to the CI run, so one deploy seen both ways
 * counts once.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { byAction, githubEvent, githubId, identity, timestamp, user, webhookBase } from './githubInternals.ts';
import { readValue } from '../payload.ts';

const deploymentBody = z.looseObject({
  ...webhookBase,
  deployment: z.looseObject({
    id: githubId,
    environment: z.string(),
    production_environment: z.boolean().nullish(),
    sha: z.string(),
    ref: z.string(),
    task: z.string(),
    description: z.string().nullish(),
    creator: user,
    created_at: timestamp,
  }),
  /** The Actions run behind the deployment, when one created it. */
  workflow_run: z.looseObject({ id: githubId }).nullish(),
});

export function deployment(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['created'], (_action, value) =>
    readValue(deploymentBody, value, (body) => {
      const d = body.deployment;
      const payload = {
        repository: body.repository.full_name,
        deploymentId: d.id,
        environment: d.environment,
        productionEnvironment: d.production_environment ?? null,
        sha: d.sha,
        ref: d.ref,
        task: d.task,
        description: d.description ?? null,
        creator: identity(d.creator),
        createdAt: d.created_at,
        workflowRunId: body.workflow_run?.id ?? null,
      };
      return normalized([githubEvent(webhook, { type: 'deployment.created', naturalKey: [d.id], occurredAt: d.created_at, body, payload })]);
    }),
  );
}
