/**
 * `check_suite` (action completed) → `check_suite.completed`: all of one CI app's checks on one
 * commit finished, for an app other than GitHub Actions (checkInternals.ts says why Actions' are
 * skipped). `requested` and `rerequested` are skipped: only a finished suite is an outcome.
 *
 * Event id: the suite's numeric id + `updated_at`. A re-requested suite keeps its id and completes
 * again, later: a new event; a redelivery keeps both.
 *
 * occurredAt: `updated_at`, which for a completed suite is when it completed.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome, skipped } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { actionsSkipReason, app, appParts, pullRequests } from './checkInternals.ts';
import { byAction, githubEvent, githubId, idTime, nonEmpty, timestamp, webhookBase } from './githubInternals.ts';

const checkSuiteBody = z.looseObject({
  ...webhookBase,
  check_suite: z.looseObject({
    id: githubId,
    head_sha: z.string().min(1),
    head_branch: z.string().nullish(),
    conclusion: z.string().nullish(),
    created_at: timestamp.nullish(),
    updated_at: timestamp,
    app,
    pull_requests: pullRequests,
  }),
});

export function checkSuite(webhook: RawWebhook): Outcome {
  return byAction(webhook, ['completed'], (_action, value) =>
    readValue(checkSuiteBody, value, (body) => {
      const suite = body.check_suite;
      const skip = actionsSkipReason('check_suite', suite.app);
      if (skip !== null) return skipped(skip);
      const payload = {
        repository: body.repository.full_name,
        checkSuiteId: suite.id,
        ...appParts(suite.app),
        headSha: suite.head_sha,
        headBranch: nonEmpty(suite.head_branch),
        conclusion: suite.conclusion ?? null,
        createdAt: suite.created_at ?? null,
        completedAt: suite.updated_at,
        pullRequestNumbers: (suite.pull_requests ?? []).map((pr) => pr.number),
      };
      const naturalKey = [suite.id, idTime(suite.updated_at)];
      return normalized([githubEvent(webhook, { type: 'check_suite.completed', naturalKey, occurredAt: suite.updated_at, body, payload })]);
    }),
  );
}
