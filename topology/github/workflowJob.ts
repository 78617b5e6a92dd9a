/**
 * `workflow_job` (action completed) → `workflow_job.completed`: one job of a GitHub Actions run
 * finished, with its conclusion. DevLake derives deployments from CI jobs as well as runs (a
 * `deploy` job in a workflow that also tests), so the DORA metrics read both. `queued`,
 * `waiting` and `in_progress` are skipped: only a finished job says whether a deploy happened.
 *
 * Event id: the job's numeric id + the run's attempt, as for runs (workflowRun.ts): a re-run
 * completes the job again as a new attempt, which is a new event, while the same attempt of a
 * job completes once.
 *
 * occurredAt: `workflow_job.completed_at`. Older payloads without `run_attempt` read as attempt
 * 1, as workflowRun.ts does; `workflow_name` and `head_branch` are null when GitHub omits them
 * (octokit's older examples have neither).
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, githubEvent, githubId, int32, nonEmpty, timestamp, webhookBase } from './githubInternals.ts';

const workflowJobBody = z.looseObject({
  ...webhookBase,
  workflow_job: z.looseObject({
    id: githubId,
    run_id: githubId,
    run_attempt: int32.optional(),
    name: z.string(),
    workflow_name: z.string().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string(),
    conclusion: z.string().nullish(),
    started_at: timestamp,
    completed_at: timestamp,
    html_url: z.string(),
    labels: z.array(z.string()),
  }),
});

export function workflowJob(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['completed'], (_action, value) =>
    readValue(workflowJobBody, value, (body) => {
      const job = body.workflow_job;
      const runAttempt = job.run_attempt ?? 1;
      const payload = {
        repository: body.repository.full_name,
        jobId: job.id,
        runId: job.run_id,
        runAttempt,
        name: job.name,
        workflowName: nonEmpty(job.workflow_name),
        headBranch: job.head_branch ?? null,
        headSha: job.head_sha,
        conclusion: job.conclusion ?? null,
        startedAt: job.started_at,
        completedAt: job.completed_at,
        url: job.html_url,
        labels: job.labels,
      };
      return normalized([githubEvent(webhook, { type: 'workflow_job.completed', naturalKey: [job.id, runAttempt], occurredAt: job.completed_at, body, payload })]);
    }),
  );
}
