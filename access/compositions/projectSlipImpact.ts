/**
 * "What else is at risk if project X slips, with owners and their current DORA figures": the
 * graph knows what depends on X, PostgreSQL who owns each dependent, ClickHouse how each delivers.
 *
 * 1. `projects_affected_by_delay` (Neo4j): the dependents, nearest first (capped by the row cap).
 * 2. For each, at once: `project_owners` (PostgreSQL) and `dora_metrics` (ClickHouse, its default
 *    period: this month so far).
 *
 * DORA figures need the project's repositories from the organization file; a dependent the graph
 * knows only from Jira has none, and `dora_metrics` answers "unknown project" for it. That is an
 * answer, not a failure: `dora: null` with `doraUnavailable` saying why (so is a server without
 * the file: every dependent then has none). Any other failure (a store down) fails the question,
 * naming the store.
 */
import { z } from 'zod';
import { ErrorCodes, SwitchyardError } from '../../operators/errors.ts';
import { capRows, defineQuestion, listOf, type QuestionContext } from '../question.ts';
import { doraMetrics, project } from '../schemas.ts';
import { askAs } from './askAs.ts';

const NAME = 'project_slip_impact';

const affected = z.object({
  project: z.string().describe('the affected project’s key'),
  distance: z.number().int().describe('1 depends on it directly, 2 through one other project…'),
  owners: z.array(z.string()).describe('the teams that own it (PostgreSQL)'),
  dora: doraMetrics.nullable().describe('its DORA metrics this month so far, as dora_metrics answers them; null when it has none (doraUnavailable says why)'),
  doraUnavailable: z.string().optional().describe('why dora is null'),
});

const affectedShape = z.object({ rows: z.array(z.object({ project: z.string(), distance: z.number().int() })), truncated: z.boolean(), limit: z.number().int() });
const ownersShape = z.object({ rows: z.array(z.object({ team: z.string() })) });
const doraShape = z.object({ metrics: doraMetrics });

/** Whether `error` says this project has no DORA figures here, rather than that a store failed. */
function noFigures(context: QuestionContext, error: unknown): error is SwitchyardError {
  if (!(error instanceof SwitchyardError)) return false;
  // Not in the organization file; or no organization file at all, which dora_metrics refuses for every project.
  return error.code === ErrorCodes.unknownProject || (error.code === ErrorCodes.accessRefused && context.organization === undefined);
}

async function doraOf(context: QuestionContext, key: string): Promise<{ dora: z.output<typeof doraMetrics> | null; doraUnavailable?: string }> {
  try {
    return { dora: (await askAs(context, NAME, 'dora_metrics', { project: key }, doraShape)).metrics };
  } catch (error) {
    if (noFigures(context, error)) return { dora: null, doraUnavailable: `no DORA figures: ${error.message}` };
    throw error;
  }
}

/** The teams owning it; none for a project only Jira knows (project_owners reads it as a Jira key). */
async function ownersOf(context: QuestionContext, key: string): Promise<string[]> {
  return (await askAs(context, NAME, 'project_owners', { project: key }, ownersShape)).rows.map((r) => r.team);
}

export const projectSlipImpact = defineQuestion({
  name: NAME,
  title: 'What else is at risk if a project slips',
  description:
    'What else is at risk if project X slips, with owners and their current DORA figures? The projects depending on it, directly or through others (Neo4j), each with the teams that own it (PostgreSQL) and its DORA metrics this month so far (ClickHouse); dora is null, with the reason, for a project the organization file does not describe.',
  input: z.object({ project }),
  output: z.object({ project: z.string().describe('the project asked about, as given'), affected: listOf(affected) }),
  stores: ['neo4j', 'postgres', 'clickhouse'],
  composed: true,
  run: async (_none: undefined, input, context) => {
    const dependents = await askAs(context, NAME, 'projects_affected_by_delay', { project: input.project }, affectedShape);
    const rows = await Promise.all(
      dependents.rows.map(async ({ project: key, distance }) => {
        const [owners, dora] = await Promise.all([ownersOf(context, key), doraOf(context, key)]);
        return { project: key, distance, owners, ...dora };
      }),
    );
    // The dependents were cut to the row cap already: keep their `truncated`.
    return { project: input.project, affected: { ...capRows(rows, context.limits.rowCap), truncated: dependents.truncated } };
  },
});
