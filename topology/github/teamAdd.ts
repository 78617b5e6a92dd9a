/**
 * `team_add` (no action) → `team.repository_added`: a team was given a repository, GitHub's older
 * event for what `team` added_to_repository also says. Both are read, since an organization may
 * subscribe to either; when both arrive they are two GitHub events (two GUIDs, so two ids: see
 * organizationInternals.ts) that say the same thing, and the stores' writes of that state are
 * idempotent.
 *
 * Event id and occurredAt: as team.ts's repository_added (the team's id, the repository, the
 * delivery id; the received time).
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { teamRepositoryBody, teamRepositoryEvent } from './team.ts';

export function teamAdd(webhook: RawWebhook): Outcome {
  const body = parseBody(teamRepositoryBody, webhook.body);
  if (!body.ok) return invalid(body.path, body.reason);
  return normalized([teamRepositoryEvent(webhook, body.value, 'team.repository_added', body.value.team.permission ?? null)]);
}
