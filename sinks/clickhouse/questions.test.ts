import { describe, expect, it } from 'vitest';
import { AccessError } from '../../access/errors.ts';
import type { AnyQuestion, QuestionContext } from '../../access/question.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { parseOrganizationFile } from '../organization.ts';
import { UnknownProjectError } from './dora/projectScope.ts';
import { mondayOf } from '../../access/isoWeeks.ts';
import { clickhouseQuestions, lastWeeks, weeksCovering } from './questions.ts';
import type { ClickHouseQueries } from './queries.ts';
import type { ClickHouseReader } from './reader.ts';

const NOW = Date.parse('2026-03-18T10:00:00Z'); // a Wednesday
const organization = parseOrganizationFile(JSON.stringify({ teams: [], projects: [{ key: 'SHOP', name: 'Shop', repositories: ['acme/api', 'acme/web'] }] }), 'test');
const context = (org: QuestionContext['organization'] = organization, rowCap = 3): QuestionContext => ({ signal: new AbortController().signal, now: NOW, limits: { rowCap, maxTopK: 10, timeoutMs: 1000 }, organization: org, ask: async () => ({}) });

const DAY = 86_400_000;
const empty = { count: 0, medianMs: null, meanMs: null };
/** What the recording reader's queries answer, where not an empty list. */
const ANSWERS: Record<string, unknown> = {
  activity: { firstAtMs: Date.parse('2025-01-06T09:00:00Z'), lastAtMs: Date.parse('2025-03-24T17:30:00Z'), events: 42 },
  leadTimeBreakdown: { pullRequests: 0, coding: empty, pickup: empty, review: empty, deploy: empty },
  deliveryTimeline: {
    deployments: Array.from({ length: 3 }, (_, i) => ({ key: `acme/api#${i}`, repository: 'acme/api', name: 'production', source: 'github_deployment', finishedAtMs: NOW - (3 - i) * DAY, failed: i === 0 })),
    incidents: [{ key: 'OPS-1', source: 'jira', repository: null, startedAtMs: NOW - DAY, resolvedAtMs: null }],
  },
};

/** A reader whose queries record their arguments and answer nothing. */
function recordingReader() {
  const calls: { name: string; args: unknown[] }[] = [];
  const queries = new Proxy({}, {
    get: (_, name: string) => async (...args: unknown[]) => {
      calls.push({ name, args });
      return name === 'topCommitters' ? Array.from({ length: 10 }, (_, i) => ({ developer: `github:d${i}`, login: `d${i}`, email: null, commits: 10 - i })) : name === 'pullRequest' ? null : ANSWERS[name] ?? [];
    },
  }) as ClickHouseQueries;
  const reader: ClickHouseReader = { queries, database: 'test', rows: async () => [], raw: { firstRows: async () => ({ rows: [], more: false }) } };
  return { reader, calls };
}

const byName = (name: string): AnyQuestion => clickhouseQuestions.find((q) => q.name === name)!;

describe('the ClickHouse questions', () => {
  it('are the ones the catalogue promises, each reading clickhouse only', () => {
    expect(clickhouseQuestions.map((q) => q.name)).toEqual(['dora_metrics', 'deployment_frequency', 'dora_trend', 'project_activity', 'lead_time_breakdown', 'delivery_timeline', 'pr_review_time_trend', 'pr_pickup_time_trend', 'top_committers', 'pull_request']);
    for (const q of clickhouseQuestions) expect(q.stores).toEqual(['clickhouse']);
  });

  it('refuse bad input naming the field', () => {
    const problem = (name: string, input: unknown) => byName(name).input.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(problem('pull_request', { repository: 'acme', number: 1 })).toEqual(['repository']);
    expect(problem('pull_request', { repository: 'acme/shop', number: 0 })).toEqual(['number']);
    expect(problem('dora_trend', { project: 'Shop', weeks: 53 })).toEqual(['weeks']);
    expect(problem('top_committers', { project: 'Shop', period: { month: '2026-13' } })).toContain('period.month');
    expect(problem('top_committers', { project: 'Shop', limit: 0 })).toEqual(['limit']);
  });

  it('answer 404 for a project the organization file does not name, and refuse without the file, naming the setting', async () => {
    const { reader } = recordingReader();
    const q = byName('dora_metrics');
    await expect(q.run(reader, { project: 'Nope' }, context())).rejects.toBeInstanceOf(UnknownProjectError);
    const refused = await q.run(reader, { project: 'Shop' }, { ...context(), organization: undefined }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AccessError);
    expect((refused as AccessError).code).toBe(ErrorCodes.accessRefused);
    expect((refused as AccessError).message).toContain('SWITCHYARD_TEAMS_FILE');
  });

  it("read the project's scope as `switchyard dora` does, and this month by default", async () => {
    const { reader, calls } = recordingReader();
    const q = byName('deployment_frequency');
    await q.run(reader, q.input.parse({ project: 'shop' }), context());
    expect(calls[0]!.name).toBe('deploymentFrequency');
    expect(calls[0]!.args.slice(0, 2)).toEqual([{ repositories: ['acme/api', 'acme/web'], jiraKeys: ['SHOP'] }, { from: Date.parse('2026-03-01'), to: Date.parse('2026-04-01') }]);
  });

  it('dora_trend reads the facts once for all its weeks, Monday to Monday, this week last', async () => {
    const { reader, calls } = recordingReader();
    const q = byName('dora_trend');
    await q.run(reader, q.input.parse({ project: 'Shop', weeks: 3 }), context()).catch(() => undefined);
    expect(calls.map((c) => c.name)).toEqual(['doraEach']);
    expect(calls[0]!.args[1]).toEqual([
      { from: Date.parse('2026-03-02'), to: Date.parse('2026-03-09') },
      { from: Date.parse('2026-03-09'), to: Date.parse('2026-03-16') },
      { from: Date.parse('2026-03-16'), to: Date.parse('2026-03-23') },
    ]);
  });

  it('dora_trend with a period: the ISO weeks covering it, Monday to Monday, whatever `weeks` says', async () => {
    const { reader, calls } = recordingReader();
    const q = byName('dora_trend');
    // March 2026 starts on a Sunday and ends on a Tuesday: the weeks of Feb 23 to Mar 30, six.
    await q.run(reader, q.input.parse({ project: 'Shop', weeks: 2, period: { month: '2026-03' } }), context()).catch(() => undefined);
    const weeks = calls[0]!.args[1] as { from: number; to: number }[];
    expect(weeks.map((w) => new Date(w.from).toISOString().slice(0, 10))).toEqual(['2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    expect(weeks.at(-1)!.to).toBe(Date.parse('2026-04-06'));
    // A period ending on a Monday at midnight does not open that week.
    expect(weeksCovering({ from: Date.parse('2026-03-02'), to: Date.parse('2026-03-16') })).toHaveLength(2);
  });

  it('dora_trend refuses a period of more than 52 weeks, naming input.period (400)', async () => {
    const { reader, calls } = recordingReader();
    const q = byName('dora_trend');
    expect(weeksCovering({ from: Date.parse('2025-03-17'), to: Date.parse('2026-03-16') })).toHaveLength(52);
    const refused = await q.run(reader, q.input.parse({ project: 'Shop', period: { from: '2025-03-17', to: '2026-03-17' } }), context()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AccessError);
    expect((refused as AccessError).status).toBe(400);
    expect((refused as AccessError).details.problems).toEqual([{ path: 'input.period', message: expect.stringContaining('53 weeks') }]);
    expect(calls).toEqual([]);
  });

  it('project_activity answers ISO times and the count; nulls for a scope with no event', async () => {
    const { reader, calls } = recordingReader();
    const q = byName('project_activity');
    const answer = await q.run(reader, q.input.parse({ project: 'shop' }), context());
    expect(calls[0]!.args[0]).toEqual({ repositories: ['acme/api', 'acme/web'], jiraKeys: ['SHOP'] });
    expect(answer).toEqual({ project: 'SHOP', firstAt: '2025-01-06T09:00:00.000Z', lastAt: '2025-03-24T17:30:00.000Z', events: 42 });
    expect(q.output.safeParse({ project: 'SHOP', firstAt: null, lastAt: null, events: 0 }).success).toBe(true);
  });

  it('lead_time_breakdown reads the period (this month by default) with the project\'s rules, and says it is not over', async () => {
    const { reader, calls } = recordingReader();
    const q = byName('lead_time_breakdown');
    const answer = await q.run(reader, q.input.parse({ project: 'Shop' }), context());
    expect(calls[0]!.name).toBe('leadTimeBreakdown');
    expect(calls[0]!.args[1]).toEqual({ from: Date.parse('2026-03-01'), to: Date.parse('2026-04-01') });
    expect(answer).toMatchObject({ project: 'SHOP', period: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' }, soFar: true, pullRequests: 0, coding: empty });
    expect(q.output.safeParse(answer).success).toBe(true);
  });

  it('delivery_timeline answers ISO times and cuts each list at the row cap, saying so', async () => {
    const { reader } = recordingReader();
    const q = byName('delivery_timeline');
    const answer = (await q.run(reader, q.input.parse({ project: 'Shop' }), context(organization, 2))) as { deployments: { key: string; finishedAt: string; failed: boolean }[]; incidents: unknown[]; truncated: boolean };
    expect(q.output.safeParse(answer).success).toBe(true);
    expect(answer.deployments.map((d) => d.key)).toEqual(['acme/api#0', 'acme/api#1']);
    expect(answer.deployments[0]).toMatchObject({ finishedAt: '2026-03-15T10:00:00.000Z', failed: true, source: 'github_deployment' });
    expect(answer.incidents).toEqual([{ key: 'OPS-1', source: 'jira', repository: null, startedAt: '2026-03-17T10:00:00.000Z', resolvedAt: null }]);
    expect(answer.truncated).toBe(true);
    expect(((await q.run(reader, q.input.parse({ project: 'Shop' }), context(organization, 3))) as { truncated: boolean }).truncated).toBe(false);
  });

  it('week arithmetic: a Monday is its own week, a Sunday belongs to the Monday before', () => {
    expect(mondayOf(Date.parse('2026-03-16T00:00:00Z'))).toBe(Date.parse('2026-03-16'));
    expect(mondayOf(Date.parse('2026-03-22T23:59:59Z'))).toBe(Date.parse('2026-03-16'));
    expect(lastWeeks(NOW, 13)[0]!.from).toBe(Date.parse('2025-12-22'));
  });

  it('top_committers asks for the smaller of its limit and the row cap, plus one, and says it cut', async () => {
    const { reader, calls } = recordingReader();
    const q = byName('top_committers');
    const answer = await q.run(reader, q.input.parse({ project: 'Shop', limit: 5 }), context(organization, 3));
    expect(calls[0]!.args[2]).toBe(4);
    expect(answer).toMatchObject({ truncated: true, limit: 3 });
    expect((answer as { rows: unknown[] }).rows).toHaveLength(3);
  });

  it('pull_request answers null for a pull request no event names', async () => {
    const { reader } = recordingReader();
    const q = byName('pull_request');
    expect(await q.run(reader, q.input.parse({ repository: 'acme/shop', number: 7 }), context())).toEqual({ pullRequest: null });
  });
});
