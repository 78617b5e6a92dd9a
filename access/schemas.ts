/**
 * The zod pieces questions share, so the same input reads the same way everywhere (and has one
 * description in OpenAPI and MCP). Inputs are JSON-native: ISO strings for time, numbers, strings.
 */
import { z } from 'zod';
import { instantMs, periodOf } from '../cli/period.ts';

/** A project of the organization file: its key (SHOP) or its name (Shop), case-insensitive. */
export const project = z.string().trim().min(1).max(200).describe('a project of the organization file (SWITCHYARD_TEAMS_FILE): its key or its name, case-insensitive');

/** A Jira project key as Jira writes it. */
export const projectKey = z.string().trim().min(1).max(100).describe('a Jira project key, e.g. SHOP');

export const teamName = z.string().trim().min(1).max(200).describe('a team name as the organization file or GitHub has it, e.g. Team Alpha or platform');

export const githubLogin = z.string().trim().min(1).max(100).describe('a GitHub login, e.g. octocat');

/** owner/name. */
export const repository = z.string().trim().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name, e.g. acme/shop').describe('a repository as owner/name');

/** How many neighbours a vector question returns; the server's SWITCHYARD_ACCESS_MAX_TOPK caps it further. */
export const topK = z.number().int().min(1).max(50).default(5).describe('how many to return (1–50)');

/** Years the stores can hold (PostgreSQL refuses year 0; nothing before 1970 happened in Git). */
const YEAR = '(?:19[7-9]\\d|[2-9]\\d{3})';

const isoInstant = z.string().max(40).refine((text) => new RegExp(`^${YEAR}-\\d\\d-\\d\\d`).test(text) && !Number.isNaN(instantMs(text)), 'must be an ISO date or time from 1970 on, e.g. 2026-03-01 or 2026-03-01T12:00:00Z');

/** A calendar month (UTC), or [from, to); neither means this month. */
export const period = z
  .object({
    month: z.string().regex(new RegExp(`^${YEAR}-(0[1-9]|1[0-2])$`), 'must be a month from 1970 on, like 2026-03').optional().describe('a calendar month, UTC, e.g. 2026-03'),
    from: isoInstant.optional().describe('start, inclusive (ISO date or time, UTC)'),
    to: isoInstant.optional().describe('end, exclusive (ISO date or time, UTC)'),
  })
  .refine((p) => !(p.month !== undefined && (p.from !== undefined || p.to !== undefined)), { message: 'give month, or from and to, not both' })
  .refine((p) => (p.from === undefined) === (p.to === undefined), { message: 'from and to go together' })
  .refine((p) => p.from === undefined || p.to === undefined || !(instantMs(p.to) <= instantMs(p.from)), { message: 'from must be before to', path: ['to'] })
  .describe('a calendar month (UTC), or from and to; neither means this month');

export type Period = z.output<typeof period>;

/** The answer's own statement of the period it covers, as ISO instants. */
export const periodOut = z.object({ from: z.string().describe('ISO instant, inclusive'), to: z.string().describe('ISO instant, exclusive') });

/** [from, to) in ms for a period input (this month when absent). */
export function rangeOf(input: Period | undefined, now: number): { from: number; to: number } {
  return periodOf(input ?? {}, now);
}

export function isoRange(range: { from: number; to: number }): { from: string; to: string } {
  return { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
}

/** A person as PostgreSQL knows them (sinks/postgres/queries.ts `User`): every identity linked to them and their teams. */
export const user = z
  .object({
    id: z.number().int().describe('users.id (a merged user answers as the user it was merged into)'),
    displayName: z.string().nullable(),
    hourlyRate: z.number().nullable().describe('from the organization file; null when it sets none'),
    identities: z.array(z.object({ source: z.string().describe('github, github_id, jira, email, slack or notion'), externalId: z.string() })).describe('sorted by source, then id'),
    teams: z.array(z.string()).describe('names of the teams the user is in, sorted'),
  })
  .describe('a person and every account linked to them');

const band = z.enum(['elite', 'high', 'medium', 'low']).nullable().describe("DORA's performance band; null when there is nothing to rate");

/** Count, median and mean of durations in milliseconds (sinks/clickhouse/dora/median.ts). */
export const durationStats = z.object({
  count: z.number().int().describe('how many durations the statistics are over'),
  medianMs: z.number().nullable().describe('milliseconds; null when count is 0'),
  meanMs: z.number().nullable(),
});

/** The four DORA keys and their coverage, as sinks/clickhouse/dora/metrics.ts computes them (DevLake's definitions). */
export const doraMetrics = z
  .object({
    deploymentFrequency: z.object({
      deployments: z.number().int(),
      deploymentDays: z.number().int().describe('distinct UTC days with at least one deployment'),
      byDay: z.array(z.object({ day: z.string().describe('YYYY-MM-DD, UTC'), deployments: z.number().int() })),
      medianDaysPerWeek: z.number().nullable(),
      medianDaysPerMonth: z.number().nullable(),
      band,
      bySource: z.object({ githubDeployments: z.number().int(), ci: z.number().int() }),
    }),
    leadTimeForChanges: durationStats.extend({ band }),
    changeFailureRate: z.object({ deployments: z.number().int(), failedDeployments: z.number().int(), rate: z.number().nullable(), band }),
    timeToRestore: durationStats.extend({ unresolved: z.number().int().describe('incidents that started in the period and are not resolved') }),
    failedDeploymentRecoveryTime: durationStats.extend({ band }),
    coverage: z.object({
      pullRequestsWithUnknownFirstCommit: z.number().int(),
      deploymentsWithUnknownChangeSet: z.number().int(),
      deploymentsWithPartialChangeSet: z.number().int(),
      firstDeployments: z.number().int(),
    }).describe('how much of the figures rests on incomplete facts'),
  })
  .describe("the four DORA keys, DevLake's definitions (sinks/clickhouse/README.md)");

/** One developer's commits (sinks/clickhouse/queries.ts `Committer`). */
export const committer = z.object({
  developer: z.string().describe('the person\'s key in every store: <source>:<login>, else email:<email>, lower-cased'),
  login: z.string().nullable(),
  email: z.string().nullable(),
  commits: z.number().int().describe('distinct commits (by sha) pushed in the period'),
});

/** One week of a review-time trend (sinks/clickhouse/queries.ts `ReviewTimeWeek`). */
export const reviewTimeWeek = durationStats.extend({ week: z.string().describe('Monday (UTC) of the week the pull requests were opened, YYYY-MM-DD') });

/** The work a project spans, as the organization file gives it. */
export const projectScopeOut = z.object({ repositories: z.array(z.string()), jiraKeys: z.array(z.string()) });

/** A store function's readonly result as the mutable type a zod output infers: the same value, typed for the schema (nothing copied). */
export type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;
export const writable = <T>(value: T): Writable<T> => value as Writable<T>;
