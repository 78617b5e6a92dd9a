/**
 * `jira:version_released` → one `version.released` event: a project's version (a release) was
 * released. The other version events (created, updated, unreleased, deleted, moved, merged) are
 * skipped: no store reads them yet.
 *
 * The version names its project by id only (`projectId`, a number; no key). A reader maps it to
 * a key through the projects PostgreSQL learns from project_created/updated, which carry Jira's
 * project id (`projectKeyOfJiraId` in sinks/postgres/queries.ts); the event's projectKey stays
 * null rather than guessed: the normalizer does no I/O.
 *
 * Id: `jira.version.released:<version id>:<timestamp>` — a version may be released, unreleased
 * and released again, each a real release, so the version id alone would fold them; the
 * webhook's timestamp is Jira's time of that release and the same in a redelivery.
 * occurredAt is that timestamp.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { envelope } from './schemas.ts';

/** Jira's REST version has a string id and a numeric projectId; both are taken either way, kept as strings. */
const jiraId = z.union([z.string().min(1), z.int()]).transform(String);

const body = z.looseObject({
  ...envelope('jira:version_released'),
  version: z.looseObject({
    id: jiraId,
    name: z.string().min(1),
    projectId: jiraId,
    releaseDate: z.iso.date().nullish(),
    released: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
});

export function versionReleased(webhook: RawWebhook): Outcome {
  const parsed = parseBody(body, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  const { timestamp, user, version: v } = parsed.value;
  return normalized([
    engEvent(webhook, {
      type: 'version.released',
      naturalKey: [v.id, timestamp],
      occurredAt: timestamp,
      source: 'jira',
      actor: user,
      projectKey: null,
      payload: { versionId: v.id, name: v.name, projectId: v.projectId, releaseDate: v.releaseDate ?? null, released: v.released ?? true, description: v.description || null },
    }),
  ]);
}
