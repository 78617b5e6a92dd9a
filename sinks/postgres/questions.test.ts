import { describe, expect, it } from 'vitest';
import type { QuestionContext } from '../../access/question.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { parseOrganizationFile } from '../organization.ts';
import { jiraKeysOf, postgresQuestions } from './questions.ts';
import type { Queryable } from './queries.ts';

const NOW = Date.parse('2026-03-18T10:00:00Z');
const organization = parseOrganizationFile(
  JSON.stringify({
    teams: [{ name: 'Platform', members: [{ github: 'ada' }], projects: [{ key: 'AUTH', name: 'Auth' }] }],
    projects: [{ key: 'SHOP', name: 'Shop', repositories: ['acme/api'], jiraKeys: ['SHOP', 'OPS'] }],
  }),
  'test',
);
const context = (rowCap = 3): QuestionContext => ({ signal: new AbortController().signal, now: NOW, limits: { rowCap, maxTopK: 10, timeoutMs: 1000 }, organization, ask: async () => ({}) });

/** A database that answers nothing (or zero counters) and records every statement it was sent. */
function recordingDb() {
  const sent: { text: string; values: unknown[] }[] = [];
  const db = {
    query: async (text: string, values: unknown[] = []) => {
      sent.push({ text, values });
      return { rows: text.includes('coalesce(sum(') ? [{ commits: 0, prs_opened: 0, prs_merged: 0, reviews: 0, issues_completed: 0 }] : [] };
    },
  } as unknown as Queryable;
  return { db, sent };
}

const byName = (name: string) => postgresQuestions.find((q) => q.name === name)!;

describe('the PostgreSQL questions', () => {
  it('are the ones the catalogue promises, each reading postgres only', () => {
    expect(postgresQuestions.map((q) => q.name)).toEqual([
      'user_by_github_login', 'identity_lookup', 'projects_owned_by_team', 'project_owners', 'hourly_rate',
      'developer_activity', 'developer_workload', 'sprint_velocity', 'project_sprints', 'time_spent',
    ]);
    for (const q of postgresQuestions) expect(q.stores).toEqual(['postgres']);
  });

  it('refuse bad input naming the field', () => {
    const problem = (name: string, input: unknown) => byName(name).input.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(problem('identity_lookup', { source: 'myspace', id: 'x' })).toEqual(['source']);
    expect(problem('developer_workload', { login: 'ada', days: 0 })).toEqual(['days']);
    expect(problem('developer_activity', { login: 'ada', period: { from: '2026-03-01' } })).toEqual(['period']);
    expect(problem('time_spent', { project: '' })).toEqual(['project']);
    expect(problem('hourly_rate', { developer: -3 })).toEqual(['developer']);
  });

  it('send user input only as parameters, and ask for the row cap + 1 rows', async () => {
    const evil = "x'; DROP TABLE users; --";
    const inputs: Record<string, unknown> = {
      projects: {}, user_by_github_login: { login: evil }, identity_lookup: { source: 'slack', id: evil }, projects_owned_by_team: { team: evil }, project_owners: { project: evil },
      hourly_rate: { developer: evil }, developer_activity: { login: evil }, developer_workload: { login: evil }, sprint_velocity: { project: evil },
      project_sprints: { project: evil }, time_spent: { project: evil },
    };
    for (const q of postgresQuestions) {
      const { db, sent } = recordingDb();
      const answer = await q.run(db, q.input.parse(inputs[q.name]) as never, context());
      expect(q.output.safeParse(answer).success, q.name).toBe(true);
      expect(sent.length, q.name).toBeGreaterThan(0);
      for (const { text } of sent) expect(text, q.name).not.toContain('DROP');
      if ('rows' in (answer as object)) expect(sent.at(-1)!.values.at(-1), q.name).toBe(4);
    }
  });

  it("read a project as the organization file's Jira keys, else as a Jira key", () => {
    expect(jiraKeysOf({ organization }, 'shop')).toEqual(['SHOP', 'OPS']);
    expect(jiraKeysOf({ organization }, 'auth')).toEqual(['AUTH']);
    expect(jiraKeysOf({ organization }, ' proj ')).toEqual(['PROJ']);
    expect(jiraKeysOf({ organization: undefined }, 'Shop')).toEqual(['SHOP']);
  });

  it('date a period: developer_activity asks for the days of this month, inclusive', async () => {
    const { db, sent } = recordingDb();
    const q = byName('developer_activity');
    await q.run(db, q.input.parse({ login: 'Ada' }) as never, context());
    expect(sent[0]!.values).toEqual(['ada', '2026-03-01', '2026-03-31', 4]);
  });

  it('developer_workload counts the last days up to today and says open issues are not collected', async () => {
    const { db, sent } = recordingDb();
    const q = byName('developer_workload');
    const answer = await q.run(db, q.input.parse({ login: 'ada' }) as never, context());
    expect(sent[0]!.values).toEqual(['ada', '2026-03-18', 14]);
    expect(answer).toEqual({ login: 'ada', days: 14, commits: 0, prsOpened: 0, prsMerged: 0, reviews: 0, issuesCompleted: 0, openIssues: null });
  });
});
