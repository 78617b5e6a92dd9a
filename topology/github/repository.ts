/**
 * `repository` → a repository's own life:
 *
 * | action      | kind                   |
 * | ----------- | ---------------------- |
 * | created     | repository.created     |
 * | renamed     | repository.renamed     |
 * | transferred | repository.transferred |
 * | archived    | repository.archived    |
 * | unarchived  | repository.unarchived  |
 * | deleted     | repository.deleted     |
 *
 * `edited`, `publicized` and `privatized` are skipped: they change the description, homepage,
 * default branch or visibility, which no store reads (every push carries the default branch it
 * went to; nothing is counted by visibility). A rename and a transfer change the full name every
 * other event is stored under, so they carry the name before (`previousFullName`): the stores keep
 * the names a repository had (its GitHub id survives both), and a project naming the new name
 * still counts what was stored under the old one.
 *
 * Event id: the repository's numeric id (never its name, which these events change). A
 * repository is created once, so `created` is the id alone. Every other action can happen more
 * than once to one repository (renamed back and forth, archived and unarchived, deleted, restored
 * and deleted again), and GitHub sends no time of the change (`updated_at` is not moved by every
 * action), so they add the delivery id, GitHub's GUID of the event, as the organization-level
 * events do (organizationInternals.ts says why the delivery id and not the received time); a
 * rename and a transfer also add both names, so the id says what changed.
 *
 * occurredAt: `repository.created_at` for `created`, else the gateway's `receivedAt`.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { readValue } from '../payload.ts';
import { byAction, githubEvent, githubId, nonEmpty, timestamp, user } from './githubInternals.ts';

const ACTIONS = ['created', 'renamed', 'transferred', 'archived', 'unarchived', 'deleted'] as const;
type Action = (typeof ACTIONS)[number];

const owner = z.looseObject({ login: z.string().min(1) });

/** created_at is ISO-8601 in repository webhooks, epoch seconds in push webhooks: both are read. */
const createdAt = z.union([timestamp, z.int().min(0).max(2 ** 40).transform((seconds) => seconds * 1000)]);

const repositoryBody = z.looseObject({
  repository: z.looseObject({
    id: githubId,
    full_name: z.string().min(1),
    name: z.string().min(1),
    owner,
    default_branch: z.string().nullish(),
    archived: z.boolean().optional(),
    visibility: z.string().nullish(),
    private: z.boolean().optional(),
    created_at: createdAt.nullish(),
  }),
  sender: user.optional(),
  changes: z
    .looseObject({
      repository: z.looseObject({ name: z.looseObject({ from: z.string().min(1) }).optional() }).optional(),
      owner: z.looseObject({ from: z.looseObject({ user: owner.nullish(), organization: owner.nullish() }) }).optional(),
    })
    .optional(),
});
type RepositoryBody = z.infer<typeof repositoryBody>;

/** The full name before a rename (same owner, old name) or a transfer (old owner, same name); null if unchanged or unknown. */
function previousFullNameOf(action: Action, body: RepositoryBody): string | null {
  const { repository: r, changes } = body;
  const before =
    action === 'renamed' && changes?.repository?.name !== undefined
      ? `${r.owner.login}/${changes.repository.name.from}`
      : action === 'transferred'
        ? ((login) => (login === undefined ? null : `${login}/${r.name}`))(changes?.owner?.from.user?.login ?? changes?.owner?.from.organization?.login)
        : null;
  return before === null || before === r.full_name ? null : before;
}

export function repositoryEvent(webhook: RawWebhook): Outcome {
  return byAction(webhook, ACTIONS, (action, value) =>
    readValue(repositoryBody, value, (body) => {
      const r = body.repository;
      const previousFullName = previousFullNameOf(action, body);
      const payload = {
        repositoryId: r.id,
        fullName: r.full_name,
        previousFullName,
        defaultBranch: nonEmpty(r.default_branch),
        archived: r.archived ?? false,
        visibility: r.visibility ?? (r.private === undefined ? null : r.private ? 'private' : 'public'),
        createdAt: r.created_at ?? null,
      };
      const delivery = webhook.deliveryId;
      const naturalKey =
        action === 'created' ? [r.id] : action === 'renamed' || action === 'transferred' ? [r.id, previousFullName ?? '', r.full_name, delivery] : [r.id, delivery];
      const occurredAt = action === 'created' && r.created_at != null ? r.created_at : webhook.receivedAt;
      return normalized([githubEvent(webhook, { type: `repository.${action}`, naturalKey, occurredAt, body, payload })]);
    }),
  );
}
