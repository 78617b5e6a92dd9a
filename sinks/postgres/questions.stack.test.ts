/**
 * Every PostgreSQL question of the catalogue asked through the access layer (openAccess: input
 * checked, the read-only reader role, output checked) of a schema of its own, filled by the sink
 * with johndoe's week, a Jira worklog and the organization file (testing/testEvents.ts). The
 * expected values are the story's, worked out by hand.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessError } from '../../access/errors.ts';
import { openAccess, type Access } from '../../access/service.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { uniqueName } from '../../test/support/names.ts';
import { issueCreated, worklogCreated } from '../testing/jiraWorkWebhooks.ts';
import { parseOrganizationFile } from '../organization.ts';
import { johndoeWeek, TEAMS_FILE } from './testing/testEvents.ts';
import { localConfig, useTestSchema } from './testing/testSchema.ts';

const teamsFile = join(tmpdir(), `${uniqueName('switchyard-teams')}.json`);
writeFileSync(teamsFile, JSON.stringify(TEAMS_FILE));
const organization = parseOrganizationFile(JSON.stringify(TEAMS_FILE));
// Friday of johndoe's week, after the sprint closed.
const NOW = Date.parse('2025-03-07T18:00:00Z');

const db = useTestSchema({ teamsFile });
let access: Access;
let narrow: Access;
let john: number;

beforeAll(async () => {
  await db.sink.write(johndoeWeek());
  // Emma's 3 h on PROJ-? in May 2024: her Jira account is johndoe's (testEvents.ts), so it is his time.
  await db.sink.write([issueCreated()]);
  await db.sink.write([worklogCreated()]);
  const stores = { postgres: localConfig(db.sink.schema, teamsFile) };
  access = openAccess({ stores, limits: { rowCap: 50, maxTopK: 10, timeoutMs: 10_000 }, organization, now: () => NOW });
  narrow = openAccess({ stores, limits: { rowCap: 1, maxTopK: 10, timeoutMs: 10_000 }, organization, now: () => NOW });
  john = ((await access.ask('user_by_github_login', { login: 'johndoe' })) as { user: { id: number } }).user.id;
});
afterAll(async () => {
  await access?.close();
  await narrow?.close();
  rmSync(teamsFile, { force: true });
});

const johnAsUser = () => ({
  id: john,
  displayName: expect.any(String),
  hourlyRate: 95,
  identities: expect.arrayContaining([{ source: 'github', externalId: 'johndoe' }, { source: 'slack', externalId: 'U024BE7LH' }, { source: 'jira', externalId: '5b10ac8d82e05b22cc7d4ef5' }]),
  teams: ['Team Alpha'],
});

describe('the PostgreSQL questions, through the access layer as the reader role', () => {
  it("user_by_github_login: Who is the user with GitHub username 'johndoe'? (case-insensitive)", async () => {
    expect(await access.ask('user_by_github_login', { login: 'JohnDoe' })).toEqual({ user: johnAsUser() });
    expect(await access.ask('user_by_github_login', { login: 'nobody' })).toEqual({ user: null });
  });

  it('identity_lookup: by Slack id (from the organization file), by email (case-insensitive), unknown', async () => {
    expect(await access.ask('identity_lookup', { source: 'slack', id: 'U024BE7LH' })).toEqual({ user: johnAsUser() });
    expect(await access.ask('identity_lookup', { source: 'email', id: 'Jane@Acme.io' })).toMatchObject({ user: { hourlyRate: 110.5, teams: ['Team Alpha', 'Team Beta'] } });
    expect(await access.ask('identity_lookup', { source: 'jira', id: 'nobody' })).toEqual({ user: null });
  });

  it('projects_owned_by_team: What projects does Team Alpha own? and cut at the row cap', async () => {
    expect(await access.ask('projects_owned_by_team', { team: 'Team Alpha' })).toEqual({ rows: [{ key: 'OPS', name: null }, { key: 'PROJ', name: 'Project Phoenix' }], truncated: false, limit: 50 });
    expect(await narrow.ask('projects_owned_by_team', { team: 'Team Alpha' })).toEqual({ rows: [{ key: 'OPS', name: null }], truncated: true, limit: 1 });
    expect(await access.ask('projects_owned_by_team', { team: 'Team Gamma' })).toEqual({ rows: [], truncated: false, limit: 50 });
  });

  it('project_owners: by key or by the name the organization file gives it, with members', async () => {
    const alpha = { team: 'Team Alpha', members: [expect.objectContaining({ id: john, github: 'johndoe' }), expect.objectContaining({ github: 'janesmith' })] };
    expect(await access.ask('project_owners', { project: 'PROJ' })).toEqual({ rows: [alpha], truncated: false, limit: 50 });
    expect(await access.ask('project_owners', { project: 'project phoenix' })).toEqual({ rows: [alpha], truncated: false, limit: 50 });
    expect(await access.ask('project_owners', { project: 'WEB' })).toMatchObject({ rows: [{ team: 'Team Beta', members: [{ github: 'janesmith' }] }] });
  });

  it("hourly_rate: What's the hourly rate for this developer? by login or user id", async () => {
    expect(await access.ask('hourly_rate', { developer: 'johndoe' })).toEqual({ developer: 'johndoe', hourlyRate: 95 });
    expect(await access.ask('hourly_rate', { developer: john })).toEqual({ developer: john, hourlyRate: 95 });
    expect(await access.ask('hourly_rate', { developer: 'nobody' })).toEqual({ developer: 'nobody', hourlyRate: null });
  });

  it('developer_activity: johndoe day by day in March 2025, cut at the row cap', async () => {
    const days = [
      { day: '2025-03-03', commits: 2, prsOpened: 1, prsMerged: 0, reviews: 0, issuesCompleted: 0 },
      { day: '2025-03-04', commits: 1, prsOpened: 0, prsMerged: 1, reviews: 0, issuesCompleted: 0 },
      { day: '2025-03-05', commits: 0, prsOpened: 0, prsMerged: 0, reviews: 0, issuesCompleted: 1 },
    ];
    expect(await access.ask('developer_activity', { login: 'johndoe', period: { month: '2025-03' } })).toEqual({ rows: days, truncated: false, limit: 50 });
    // No period: this month (the clock says March 2025).
    expect(await access.ask('developer_activity', { login: 'johndoe' })).toEqual({ rows: days, truncated: false, limit: 50 });
    expect(await narrow.ask('developer_activity', { login: 'johndoe' })).toEqual({ rows: [days[0]], truncated: true, limit: 1 });
  });

  it('developer_workload: the last 14 days, and the last 3 (Mar 5–7: only the issue)', async () => {
    expect(await access.ask('developer_workload', { login: 'johndoe' })).toEqual({ login: 'johndoe', days: 14, commits: 3, prsOpened: 1, prsMerged: 1, reviews: 0, issuesCompleted: 1, openIssues: null });
    expect(await access.ask('developer_workload', { login: 'johndoe', days: 3 })).toEqual({ login: 'johndoe', days: 3, commits: 0, prsOpened: 0, prsMerged: 0, reviews: 0, issuesCompleted: 1, openIssues: null });
  });

  it('sprint_velocity and project_sprints: PROJ Sprint 7, dates as ISO strings', async () => {
    expect(await access.ask('sprint_velocity', { project: 'PROJ' })).toEqual({
      rows: [{ sprintId: 31, name: 'PROJ Sprint 7', boardId: 4, startAt: '2025-02-24T09:00:00.000Z', endAt: '2025-03-07T17:00:00.000Z', completedAt: '2025-03-07T17:30:00.000Z', committedPoints: 21, completedPoints: 18, committedIssues: 8, completedIssues: 7 }],
      truncated: false,
      limit: 50,
    });
    expect(await access.ask('project_sprints', { project: 'Project Phoenix' })).toEqual({
      rows: [
        // PROJ-12 names sprint 37 (in progress when it was done); no lifecycle event told of it: no state, no dates, newest first.
        { sprintId: 37, name: 'PROJ Sprint 12', state: null, startAt: null, endAt: null, completedAt: null },
        { sprintId: 31, name: 'PROJ Sprint 7', state: 'closed', startAt: '2025-02-24T09:00:00.000Z', endAt: '2025-03-07T17:00:00.000Z', completedAt: '2025-03-07T17:30:00.000Z' },
      ],
      truncated: false,
      limit: 50,
    });
    expect(await access.ask('sprint_velocity', { project: 'OPS' })).toEqual({ rows: [], truncated: false, limit: 50 });
  });

  it('time_spent: 3 h on PROJ in May 2024 at 95 an hour; nothing in March 2025', async () => {
    expect(await access.ask('time_spent', { project: 'PROJ', period: { month: '2024-05' } })).toEqual({ rows: [{ userId: john, displayName: expect.any(String), hours: 3, hourlyRate: 95, cost: 285 }], truncated: false, limit: 50 });
    expect(await access.ask('time_spent', { project: 'PROJ' })).toEqual({ rows: [], truncated: false, limit: 50 });
  });

  it('bad input: 400 naming the JSON path', async () => {
    const error = await access.ask('developer_workload', { login: 'johndoe', days: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessError);
    expect((error as AccessError).status).toBe(400);
    expect((error as AccessError).code).toBe(ErrorCodes.accessBadInput);
    expect((error as AccessError).details.problems?.map((p) => p.path)).toEqual(['input.days']);
  });

  it('hostile text is a value: nothing found, nothing changed', async () => {
    const before = await db.sink.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(await access.ask('user_by_github_login', { login: "x'; DELETE FROM users; --" })).toEqual({ user: null });
    expect(await access.ask('identity_lookup', { source: 'email', id: 'COMMIT; DELETE FROM users' })).toEqual({ user: null });
    expect((await db.sink.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
