/**
 * One question of the catalogue: a named, documented read with a zod input and output schema and
 * a fixed, parameterised query against one store's read-only principal (or, for a composition,
 * other questions asked through `context.ask`). The HTTP routes, the MCP tools, the OpenAPI
 * document and the typed client are all drawn from these, so a question is written once.
 *
 *     export const projectsOwnedByTeam = defineQuestion({
 *       name: 'projects_owned_by_team',
 *       title: 'Projects a team owns',
 *       description: 'What projects does Team Alpha own? (the guide, Aurora PostgreSQL)',
 *       input: z.object({ team: teamName }),
 *       output: listOf(projectRow),
 *       run: async (db: Queryable, { team }, context) => capRows(await projectsOwnedBy(db, team), context.limits.rowCap),
 *     });
 *
 * Rules every question keeps (the security tests hold them to it):
 * - user input reaches a database only as a query parameter (ClickHouse 18.16 has none: a literal
 *   through sinks/clickhouse/quote.ts), never spliced into the text;
 * - input and output are objects (an MCP tool's schemas must be), JSON-native (ISO strings, numbers);
 * - every list is capped (`listOf` + `capRows`) and says when it was cut.
 */
import { z } from 'zod';
import type { OrganizationFile } from '../sinks/organization.ts';

/** Bounds every answer obeys; from the access settings (serve/config.ts). */
export interface AccessLimits {
  /** The most rows any list answer holds; longer lists are cut and say `truncated: true`. */
  readonly rowCap: number;
  /** The most neighbours a vector question returns. */
  readonly maxTopK: number;
  /** How long one question may take, database time included (each store's own timeout is set from it). */
  readonly timeoutMs: number;
}

/** Asks another question of the catalogue, with every guard applied (compositions use it). */
export type AskAny = (name: string, input: unknown, signal?: AbortSignal) => Promise<unknown>;

/** What a question's `run` gets besides its reader and input. */
export interface QuestionContext {
  /** Aborted when the request ends or its time is up. */
  readonly signal: AbortSignal;
  /** The clock (ms): "this month", "the last quarter" are read from it. */
  readonly now: number;
  readonly limits: AccessLimits;
  /** The organization file (SWITCHYARD_TEAMS_FILE): a project's repositories and Jira keys; undefined when none is configured. */
  readonly organization: OrganizationFile | undefined;
  readonly ask: AskAny;
}

/** The stores a question may read, by descriptor name (sinks/registry.ts). */
export type StoreName = 'postgres' | 'clickhouse' | 'pinecone' | 'neo4j';

export interface Question<Name extends string = string, R = any, In extends z.ZodObject = z.ZodObject, Out extends z.ZodObject = z.ZodObject> {
  /** The tool and URL name: lower snake case (checked when the catalogue is built). */
  readonly name: Name;
  readonly title: string;
  /** What it answers, in the words a person or an agent would ask it; shown in OpenAPI and MCP. */
  readonly description: string;
  readonly input: In;
  readonly output: Out;
  /** Which stores it reads (a composition: every store its parts read; none: only the organization file); a store down answers 503 naming it. */
  readonly stores: readonly StoreName[];
  /** A composition: `run` gets no reader and asks other questions through `context.ask`. Otherwise it reads `stores[0]` (no store: no reader). */
  readonly composed?: boolean;
  run(reader: R, input: z.output<In>, context: QuestionContext): Promise<z.input<Out>>;
}

/** A question as the catalogue holds it. */
export type AnyQuestion = Question<string, any, z.ZodObject, z.ZodObject>;

/** Keeps a question's literal name and its schemas' types (for the typed client). */
export function defineQuestion<const Name extends string, R, In extends z.ZodObject, Out extends z.ZodObject>(question: Question<Name, R, In, Out>): Question<Name, R, In, Out> {
  return question;
}

/** A capped list: `rows`, whether more existed (`truncated`), and the cap (`limit`). */
export function listOf<T extends z.ZodType>(row: T) {
  return z.object({
    rows: z.array(row),
    truncated: z.boolean().describe('true when more rows matched than `limit`; ask a narrower question'),
    limit: z.number().int().describe('the most rows an answer holds (SWITCHYARD_ACCESS_ROW_CAP)'),
  });
}

/** `rows` cut to `limit`, as `listOf` describes. Ask the database for `limit + 1` rows so `truncated` is exact. */
export function capRows<T>(rows: readonly T[], limit: number): { rows: T[]; truncated: boolean; limit: number } {
  return { rows: rows.slice(0, limit), truncated: rows.length > limit, limit };
}
