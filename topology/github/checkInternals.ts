/**
 * What check_run and check_suite share: the GitHub App that ran the checks, and the rule that
 * skips GitHub Actions' own. Every Actions job is a check run and every Actions workflow run a
 * check suite, so their check webhooks repeat what workflow_job / workflow_run already say with
 * the workflow's and job's names; read twice, every Actions run would count twice as a CI run.
 * Only other CIs' checks (Buildkite, CircleCI, Jenkins apps…) become events.
 */
import { z } from 'zod';
import { githubId, int32 } from './githubInternals.ts';

/** GitHub Actions' app: slug `github-actions`, id 15368 (older payloads may lack the slug). */
const ACTIONS_APP = { slug: 'github-actions', id: 15368 } as const;

export const app = z.looseObject({ id: githubId.nullish(), slug: z.string().nullish(), name: z.string().nullish() }).nullish();

export const pullRequests = z.array(z.looseObject({ number: int32 })).nullish();

/** Why a check of GitHub Actions is skipped, or null for another app's. */
export function actionsSkipReason(eventName: string, checkApp: z.infer<typeof app>): string | null {
  const isActions = checkApp?.slug === ACTIONS_APP.slug || checkApp?.id === ACTIONS_APP.id;
  const carrier = eventName === 'check_run' ? 'workflow_job.completed' : 'workflow_run.completed';
  return isActions ? `${eventName} of GitHub Actions is skipped: ${carrier} carries the same run` : null;
}

export const appParts = (checkApp: z.infer<typeof app>) => ({ appSlug: checkApp?.slug ?? null, appName: checkApp?.name ?? null });
