/**
 * The zod pieces questions share, so the same input reads the same way everywhere (and has one
 * description in OpenAPI and MCP). Inputs are JSON-native: ISO strings for time, numbers, strings.
 */
import { z } from 'zod';
import { periodOf } from '../cli/period.ts';

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

const isoInstant = z.string().refine((text) => !Number.isNaN(Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) || /^\d{4}-\d\d-\d\d$/.test(text) ? text : `${text}Z`)), 'must be an ISO date or time, e.g. 2026-03-01 or 2026-03-01T12:00:00Z');

/** A calendar month (UTC), or [from, to); neither means this month. */
export const period = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-03').optional().describe('a calendar month, UTC, e.g. 2026-03'),
    from: isoInstant.optional().describe('start, inclusive (ISO date or time, UTC)'),
    to: isoInstant.optional().describe('end, exclusive (ISO date or time, UTC)'),
  })
  .refine((p) => !(p.month !== undefined && (p.from !== undefined || p.to !== undefined)), { message: 'give month, or from and to, not both' })
  .refine((p) => (p.from === undefined) === (p.to === undefined), { message: 'from and to go together' })
  .refine((p) => p.from === undefined || p.to === undefined || periodOf(p, 0).from < periodOf(p, 0).to, { message: 'from must be before to' })
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
