/**
 * `push` → one `ref.pushed` per push that does not delete its ref, beside the `commit.pushed` of
 * each of its commits (push.ts): which ref moved from which sha to which, when, and the commits
 * it brought, oldest first. The DORA metrics build change sets from it: pushes to a pull
 * request's head branch give its first commit, pushes to the default branch the commits between
 * two deployments. A push whose commits are all known (a new branch at an existing commit) still
 * yields it, with no commits: the ref's new position is the fact.
 *
 * Event id: repository + ref + `before` + `after`. Push webhooks carry no id of the push itself
 * (the Events API's `push_id` is not in them), and one move of one ref from one sha to another is
 * what a push is: a redelivery or replay carries the same four, and a ref moved A→B again later
 * (after a force push away and back) brings the same commits, so one event for both loses
 * nothing a change set needs.
 *
 * occurredAt: `pushedAt`, from `repository.pushed_at`. Push payloads send it as epoch seconds (a
 * number, where other events send an ISO string; both are read); a payload without it takes the
 * gateway's `receivedAt`, the closest to the push the webhook knows.
 *
 * `commitsTruncated`: GitHub documents the push webhook's `commits` as "an array of commit
 * objects describing the pushed commits … The array includes a maximum of 2048 commits" (the push
 * event in https://docs.github.com/en/webhooks/webhook-events-and-payloads#push, and the
 * `webhook-push` schema of github/rest-api-description). The 20-commit cap of older pages is the
 * Events API's PushEvent ("applied to timeline events only and isn't applied to webhook
 * deliveries"). A list of 2048 may therefore have been cut, and is flagged: the metrics count
 * such a change set as possibly incomplete rather than trust it.
 */
import { z } from 'zod';
import type { Identity, RawWebhook } from '../../avro/generated/types.ts';
import { epochMillis } from '../payload.ts';
import { githubEvent, timestamp } from './githubInternals.ts';
import type { PushBody } from './push.ts';

/** GitHub's cap on the `commits` of one push webhook (see above). */
export const PUSH_COMMITS_CAP = 2048;

/** `repository.pushed_at`: epoch seconds in push payloads, an ISO string elsewhere; epoch milliseconds. */
export const pushedAt = z
  .union([z.int().min(0).transform((seconds) => seconds * 1000).pipe(epochMillis), timestamp], {
    error: 'not epoch seconds or an ISO-8601 timestamp',
  })
  .nullish();

/** Who pushed, as git names them: the payload's `pusher` has a name and an email, no account. */
export const pusher = z.looseObject({ name: z.string(), email: z.string().nullish() });

function pusherIdentity(who: z.infer<typeof pusher> | null | undefined): Identity | null {
  if (who === null || who === undefined) return null;
  return { source: 'github', accountId: null, login: null, displayName: who.name, email: who.email ?? null };
}

/** The ref.pushed of a push that does not delete its ref. */
export function refPushed(webhook: RawWebhook, body: PushBody, branch: string | null) {
  const repository = body.repository.full_name;
  const pushedAtMs = body.repository.pushed_at ?? webhook.receivedAt;
  return githubEvent(webhook, {
    type: 'ref.pushed',
    naturalKey: [repository, body.ref, body.before, body.after],
    occurredAt: pushedAtMs,
    body,
    payload: {
      repository,
      ref: body.ref,
      branch,
      defaultBranch: body.repository.default_branch ?? null,
      before: body.before,
      after: body.after,
      created: body.created,
      forced: body.forced,
      pushedAt: pushedAtMs,
      pusher: pusherIdentity(body.pusher),
      commits: body.commits.map((commit) => ({ sha: commit.id, authoredAt: commit.timestamp, distinct: commit.distinct })),
      commitsTruncated: body.commits.length >= PUSH_COMMITS_CAP,
    },
  });
}
