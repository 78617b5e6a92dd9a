/**
 * `check_run` (action completed) → `check_run.completed`: one check of a CI other than GitHub
 * Actions finished on a commit (checkInternals.ts says why Actions' are skipped). `created`,
 * `rerequested` and `requested_action` are skipped: only a finished check is an outcome.
 *
 * Event id: the check run's numeric id + `completed_at`. An app may complete a check run again
 * (a new conclusion, a new completion time): a new event; a redelivery keeps both. Without
 * `completed_at`, the delivery id, GitHub's GUID of the event, which a redelivery and a replay
 * keep (organizationInternals.ts).
 *
 * occurredAt: `completed_at`, else the received time.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome, skipped } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { actionsSkipReason, app, appParts, pullRequests } from './checkInternals.ts';
import { byAction, githubEvent, githubId, idTime, nonEmpty, timestamp, webhookBase } from './githubInternals.ts';

const checkRunBody = z.looseObject({
  ...webhookBase,
  check_run: z.looseObject({
    id: githubId,
    name: z.string(),
    head_sha: z.string().min(1),
    conclusion: z.string().nullish(),
    started_at: timestamp.nullish(),
    completed_at: timestamp.nullish(),
    html_url: z.string().nullish(),
    app,
    check_suite: z.looseObject({ id: githubId, head_branch: z.string().nullish() }).nullish(),
    pull_requests: pullRequests,
  }),
});

export function checkRun(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['completed'], (_action, value) =>
    readValue(checkRunBody, value, (body) => {
      const run = body.check_run;
      const skip = actionsSkipReason('check_run', run.app);
      if (skip !== null) return skipped(skip);
      const completedAt = run.completed_at ?? null;
      const payload = {
        repository: body.repository.full_name,
        checkRunId: run.id,
        name: run.name,
        checkSuiteId: run.check_suite?.id ?? null,
        ...appParts(run.app),
        headSha: run.head_sha,
        headBranch: nonEmpty(run.check_suite?.head_branch),
        conclusion: run.conclusion ?? null,
        startedAt: run.started_at ?? null,
        completedAt,
        pullRequestNumbers: (run.pull_requests ?? []).map((pr) => pr.number),
        url: nonEmpty(run.html_url),
      };
      const naturalKey = [run.id, completedAt === null ? webhook.deliveryId : idTime(completedAt)];
      return normalized([githubEvent(webhook, { type: 'check_run.completed', naturalKey, occurredAt: completedAt ?? webhook.receivedAt, body, payload })]);
    }),
  );
}
