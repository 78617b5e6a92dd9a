/**
 * `push` → one `commit.pushed` per entry of `commits[]` (GitHub lists up to 2048), with
 * the Jira keys its message mentions, then one `ref.pushed` for the push itself (refPushed.ts).
 * A push that deletes a ref carries no commits and is skipped; a push whose commits are all known
 * (a new branch at an existing commit) yields its `ref.pushed` alone.
 *
 * Event id: repository full name + commit sha. A commit is one event per repository however often
 * it arrives: pushed again to another branch it comes with `distinct: false` and the same id, so
 * stores upsert it instead of counting it twice. The delivery and the push (`before`/`after`) are
 * not part of it.
 *
 * occurredAt: the commit's own timestamp (`commits[].timestamp`).
 */
import { z } from 'zod';
import type { Identity, RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome, invalid, skipped } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { githubEvent, timestamp, webhookBase } from './githubInternals.ts';
import { jiraKeys } from '../jiraKeys.ts';
import { pushedAt, pusher, refPushed } from './refPushed.ts';

const gitPerson = z.looseObject({ name: z.string(), email: z.string().nullish(), username: z.string().nullish() });

const commit = z.looseObject({
  id: z.string(),
  message: z.string(),
  timestamp,
  url: z.string(),
  distinct: z.boolean(),
  author: gitPerson,
  committer: gitPerson,
  added: z.array(z.string()),
  removed: z.array(z.string()),
  modified: z.array(z.string()),
});

const pushBody = z.looseObject({
  ...webhookBase,
  repository: z.looseObject({ full_name: z.string(), pushed_at: pushedAt, default_branch: z.string().nullish() }),
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  created: z.boolean(),
  deleted: z.boolean().optional(),
  forced: z.boolean(),
  pusher: pusher.nullish(),
  commits: z.array(commit),
});

/** A push webhook's body, as read. */
export type PushBody = z.infer<typeof pushBody>;

/** A git author or committer: a name and an email, and the login GitHub matched the email to. */
function gitIdentity(person: z.infer<typeof gitPerson>): Identity {
  return { source: 'github', accountId: null, login: person.username ?? null, displayName: person.name, email: person.email ?? null };
}

export function push(webhook: RawWebhook): Outcome {
  const parsed = parseBody(pushBody, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  const body = parsed.value;
  if (body.deleted === true) return skipped(`push deletes ${body.ref}: it carries no commits`);
  const repository = body.repository.full_name;
  const branch = body.ref.startsWith('refs/heads/') ? body.ref.slice('refs/heads/'.length) : null;
  const commits = body.commits.map((commit) =>
    githubEvent(webhook, {
      type: 'commit.pushed',
      naturalKey: [repository, commit.id],
      occurredAt: commit.timestamp,
      body,
      payload: {
        repository,
        ref: body.ref,
        branch,
        sha: commit.id,
        message: commit.message,
        author: gitIdentity(commit.author),
        committer: gitIdentity(commit.committer),
        timestamp: commit.timestamp,
        url: commit.url,
        distinct: commit.distinct,
        added: commit.added.length,
        removed: commit.removed.length,
        modified: commit.modified.length,
        jiraKeys: jiraKeys(commit.message),
      },
    }),
  );
  return normalized([...commits, refPushed(webhook, body, branch)]);
}
