/**
 * `workflow_run` (action completed) → `workflow_run.completed`: a GitHub Actions run
 * finished, with its conclusion. `requested` and `in_progress` are skipped: only finished runs
 * say anything about build health and duration.
 *
 * Event id: the run's numeric id + `run_attempt`. A re-run keeps the run id and completes again
 * as a new attempt, which is a new event; the same attempt completes once.
 *
 * occurredAt: `workflow_run.updated_at`, which for a completed run is when it completed.
 * Older payloads without `run_attempt` or `run_started_at` read as attempt 1 started at creation.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { byAction, githubEvent, githubId, int32, nonEmpty, timestamp, webhookBase } from './githubInternals.ts';
import { readValue } from '../payload.ts';

const workflowRunBody = z.looseObject({
  ...webhookBase,
  workflow: z.looseObject({ name: z.string().nullish() }).nullish(),
  workflow_run: z.looseObject({
    id: githubId,
    workflow_id: githubId,
    name: z.string().nullish(),
    event: z.string(),
    head_branch: z.string().nullish(),
    head_sha: z.string(),
    conclusion: z.string().nullish(),
    run_number: int32,
    run_attempt: int32.optional(),
    created_at: timestamp,
    run_started_at: timestamp.optional(),
    updated_at: timestamp,
    html_url: z.string(),
    pull_requests: z.array(z.looseObject({ number: int32 })),
  }),
});

export function workflowRun(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['completed'], (_action, value) =>
    readValue(workflowRunBody, value, (body) => {
      const run = body.workflow_run;
      const runAttempt = run.run_attempt ?? 1;
      const payload = {
        repository: body.repository.full_name,
        runId: run.id,
        workflowId: run.workflow_id,
        // The run's name is empty for some triggers (repository_dispatch); the workflow's is not.
        name: nonEmpty(run.name) ?? nonEmpty(body.workflow?.name) ?? '',
        event: run.event,
        headBranch: run.head_branch ?? null,
        headSha: run.head_sha,
        conclusion: run.conclusion ?? null,
        runNumber: run.run_number,
        runAttempt,
        createdAt: run.created_at,
        runStartedAt: run.run_started_at ?? run.created_at,
        updatedAt: run.updated_at,
        url: run.html_url,
        pullRequestNumbers: run.pull_requests.map((pr) => pr.number),
      };
      return normalized([githubEvent(webhook, { type: 'workflow_run.completed', naturalKey: [run.id, runAttempt], occurredAt: run.updated_at, body, payload })]);
    }),
  );
}
