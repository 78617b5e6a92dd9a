import { describe, expect, it } from 'vitest';
import { AccessError } from '../../access/errors.ts';
import type { AnyQuestion, QuestionContext } from '../../access/question.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { parseOrganizationFile } from '../organization.ts';
import { UnknownProjectError } from './dora/projectScope.ts';
import { clickhouseQuestions, lastWeeks, mondayOf } from './questions.ts';
import type { ClickHouseQueries } from './queries.ts';
import type { ClickHouseReader } from './reader.ts';

const NOW = Date.parse('2026-03-18T10:00:00Z'); // a Wednesday
const organization = parseOrganizationFile(JSON.stringify({ teams: [], projects: [{ key: 'SHOP', name: 'Shop', repositories: ['acme/api', 'acme/web'] }] }), 'test');
const context = (org: QuestionContext['organization'] = organization, rowCap = 3): QuestionContext => ({ signal: new AbortController().signal, now: NOW, limits: { rowCap, maxTopK: 10, timeoutMs: 1000 }, organization: org, ask: async () => ({}) });

/** A reader whose queries record their arguments and answer nothing. */
function recordingReader() {
  const calls: { name: string; args: unknown[] }[] = [];
  const queries = new Proxy({}, {
    get: (_, name: string) => async (...args: unknown[]) => {
      calls.push({ name, args });
      return name === 'topCommitters' ? Array.from({ length: 10 }, (_, i) => ({ developer: `github:d${i}`, login: `d${i}`, email: null, commits: 10 - i })) : name === 'pullRequest' ? null : [];
    },
  }) as ClickHouseQueries;
  const reader: ClickHouseReader = { queries, database: 'test', rows: async () => [], raw: { firstRows: async () => ({ rows: [], more: false }) } };
  return { reader, calls };
}

const byName = (name: string): AnyQuestion => clickhouseQuestions.find((q) => q.name === name)!;

describe('the ClickHouse questions', () => {
  it('are the ones the catalogue promises, each reading clickhouse only', () => {
    expect(clickhouseQuestions.map((q) => q.name)).toEqual(['dora_metrics', 'deployment_frequency', 'dora_trend', 'pr_review_time_trend', 'pr_pickup_time_trend', 'top_committers', 'pull_request']);
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
