/**
 * "Which developer has the most commits this sprint?" (the guide's ClickHouse question): the
 * sprint's dates live in Jira's sprint events (PostgreSQL), the commits in ClickHouse.
 *
 * 1. `project_sprints` (PostgreSQL): the project's sprints, newest first.
 * 2. The sprint: the one asked for by id; else the active one; else the latest closed.
 * 3. `top_committers` (ClickHouse) from its start to its completion (an active sprint: up to now).
 *
 * No sprint to go by (none started, or the id is not the project's) answers `sprint: null` and no
 * committers, rather than guessing a period.
 */
import { z } from 'zod';
import { capRows, defineQuestion, listOf } from '../question.ts';
import { committer, project } from '../schemas.ts';
import { askAs } from './askAs.ts';

const NAME = 'sprint_top_committers';

const sprintsShape = z.object({
  rows: z.array(z.object({ sprintId: z.number(), name: z.string().nullable(), state: z.string().nullable(), startAt: z.string().nullable(), completedAt: z.string().nullable() })),
});
const committersShape = z.object({ rows: z.array(committer), truncated: z.boolean(), limit: z.number() });

type SprintRow = z.output<typeof sprintsShape>['rows'][number];

/** The sprint asked for, else the active one, else the latest closed (rows newest first); only one that has started. */
export function sprintToUse(rows: readonly SprintRow[], sprintId: number | undefined): SprintRow | undefined {
  const started = rows.filter((s) => s.startAt !== null);
  if (sprintId !== undefined) return started.find((s) => s.sprintId === sprintId);
  return started.find((s) => s.state === 'active' && s.completedAt === null) ?? started.find((s) => s.completedAt !== null);
}

export const sprintTopCommitters = defineQuestion({
  name: NAME,
  title: 'Who commits most this sprint',
  description:
    "Which developer has the most commits this sprint? (the guide, ClickHouse). The sprint's dates from Jira (PostgreSQL project_sprints: the sprint given by id, else the active one, else the latest closed), then the distinct commits pushed to the project's repositories from its start to its completion, or up to now for an active sprint (ClickHouse top_committers). sprint is null, with no committers, when the project has no started sprint (or not the one asked for).",
  input: z.object({ project, sprint: z.number().int().positive().optional().describe('a Jira sprint id; default: the active sprint, else the latest closed') }),
  output: z.object({
    project: z.string(),
    sprint: z.object({ id: z.number().int(), name: z.string().nullable(), from: z.string().describe('ISO instant: its start'), to: z.string().describe('ISO instant: its completion, or now for an active sprint') }).nullable(),
    committers: listOf(committer),
  }),
  stores: ['postgres', 'clickhouse'],
  composed: true,
  run: async (_reader: undefined, input, context) => {
    const sprints = await askAs(context, NAME, 'project_sprints', { project: input.project }, sprintsShape);
    const chosen = sprintToUse(sprints.rows, input.sprint);
    if (chosen === undefined) return { project: input.project, sprint: null, committers: capRows([], context.limits.rowCap) };
    const from = chosen.startAt!;
    const to = chosen.completedAt ?? new Date(Math.max(context.now, Date.parse(from) + 1)).toISOString();
    const committers = await askAs(context, NAME, 'top_committers', { project: input.project, period: { from, to }, limit: Math.min(context.limits.rowCap, 1000) }, committersShape);
    return { project: input.project, sprint: { id: chosen.sprintId, name: chosen.name, from, to }, committers };
  },
});
