/**
 * `deployment_status` (action created) → `deployment.status_changed`: a deployment moved
 * to queued, in_progress, success, failure, error, …. A success in production is a DORA deploy
 * and the end of lead time; failure and error count toward change-failure rate.
 *
 * Event id: the status's numeric id. Every state change is a new status object with its own id,
 * so two deliveries are the same event exactly when they carry the same status.
 *
 * occurredAt: `deployment_status.created_at`, when the deployment reached that state.
 * `workflowRunId`: the body's top-level `workflow_run.id`, as for deployment.ts.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { byAction, githubEvent, githubId, identity, nonEmpty, timestamp, user, webhookBase } from './githubInternals.ts';
import { readValue } from '../payload.ts';

const deploymentStatusBody = z.looseObject({
  ...webhookBase,
  deployment_status: z.looseObject({
    id: githubId,
    state: z.string(),
    description: z.string().nullish(),
    creator: user,
    created_at: timestamp,
    log_url: z.string().nullish(),
    target_url: z.string().nullish(),
  }),
  deployment: z.looseObject({ id: githubId, environment: z.string(), sha: z.string(), ref: z.string(), created_at: timestamp }),
  /** The Actions run behind the deployment, when one created it. */
  workflow_run: z.looseObject({ id: githubId }).nullish(),
});

export function deploymentStatus(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['created'], (_action, value) =>
    readValue(deploymentStatusBody, value, (body) => {
      const { deployment_status: status, deployment } = body;
      const payload = {
        repository: body.repository.full_name,
        deploymentId: deployment.id,
        statusId: status.id,
        environment: deployment.environment,
        sha: deployment.sha,
        ref: deployment.ref,
        state: status.state,
        description: nonEmpty(status.description),
        creator: identity(status.creator),
        deploymentCreatedAt: deployment.created_at,
        createdAt: status.created_at,
        // log_url superseded target_url; GitHub sends both, older payloads only target_url.
        logUrl: nonEmpty(status.log_url) ?? nonEmpty(status.target_url),
        workflowRunId: body.workflow_run?.id ?? null,
      };
      return normalized([githubEvent(webhook, { type: 'deployment.status_changed', naturalKey: [status.id], occurredAt: status.created_at, body, payload })]);
    }),
  );
}
