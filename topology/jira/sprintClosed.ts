/**
 * `sprint_closed` → one `sprint.closed` event: the sprint's id, name, board, goal and dates,
 * for sprint velocity.
 *
 * The webhook carries the sprint only, not its issues: committed and completed points and issue
 * counts are null here, to be filled from the sprint report. A sprint belongs to a board, not a
 * project, so projectKey is null too.
 *
 * Id: `jira.sprint.closed:<sprint id>`. A sprint is completed once; a redelivery gives the same id.
 */
import { z } from 'zod';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { envelope } from './schemas.ts';
import { sprintObject } from './sprint.ts';

const body = z.looseObject({
  ...envelope('sprint_closed'),
  // The shared reader (sprint.ts), with the board velocity needs made required.
  sprint: sprintObject.extend({ originBoardId: z.int() }),
});

export function sprintClosed(webhook: RawWebhook): Outcome {
  const parsed = parseBody(body, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  const { timestamp, user, sprint } = parsed.value;
  return normalized([
    engEvent(webhook, {
      type: 'sprint.closed',
      naturalKey: [sprint.id],
      occurredAt: timestamp,
      source: 'jira',
      actor: user,
      projectKey: null,
      payload: {
        sprintId: sprint.id,
        name: sprint.name,
        boardId: sprint.originBoardId,
        goal: sprint.goal || null,
        startAt: sprint.startDate,
        endAt: sprint.endDate,
        completedAt: sprint.completeDate ?? timestamp,
        committedPoints: null,
        completedPoints: null,
        committedIssues: null,
        completedIssues: null,
      },
    }),
  ]);
}
