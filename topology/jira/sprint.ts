/**
 * The `sprint` object every sprint webhook carries (sprint_created, sprint_started,
 * sprint_updated and its `oldValue`, sprint_closed, sprint_deleted): the Agile REST API's sprint
 * representation, read once here so every sprint kind reads it alike.
 *
 * Only `id` and `name` are always there; a future sprint has no dates, a sprint made before boards
 * had an origin may lack `originBoardId`. Jira writes `state` lower-case in REST (`future`,
 * `active`, `closed`) and has been seen to send it upper-case in webhooks: it is lower-cased.
 *
 * @see https://developer.atlassian.com/cloud/jira/software/rest/api-group-sprint/#api-rest-agile-1-0-sprint-sprintid-get
 */
import { z } from 'zod';
import type { JiraSprint } from '../../avro/generated/types.ts';
import { optionalJiraTime } from './schemas.ts';

/** Jira's three sprint states, in the only order a sprint moves through them. */
export const SPRINT_STATES = ['future', 'active', 'closed'] as const;
export type SprintState = (typeof SPRINT_STATES)[number];

export const sprintObject = z.looseObject({
  id: z.int(),
  name: z.string(),
  state: z
    .string()
    .transform((state) => state.toLowerCase())
    .pipe(z.enum(SPRINT_STATES))
    .nullish(),
  originBoardId: z.int().nullish(),
  goal: z.string().nullish(),
  startDate: optionalJiraTime,
  endDate: optionalJiraTime,
  completeDate: optionalJiraTime,
});

export type SprintObject = z.output<typeof sprintObject>;

/** The sprint as the events carry it; `state` is the object's, else what the kind implies (`fallback`). */
export function sprintOf(sprint: SprintObject, fallback: SprintState): JiraSprint {
  return {
    sprintId: sprint.id,
    name: sprint.name,
    state: sprint.state ?? fallback,
    boardId: sprint.originBoardId ?? null,
    goal: sprint.goal || null,
    startAt: sprint.startDate,
    endAt: sprint.endDate,
    completedAt: sprint.completeDate,
  };
}
