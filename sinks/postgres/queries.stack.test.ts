import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../test/support/names.ts';
import { activityOf, hourlyRateOf, projectsOwnedBy, userByGithubLogin, velocityOf } from './queries.ts';
import { johndoeWeek, TEAMS_FILE } from './testing/testEvents.ts';
import { countRows, snapshot, useTestSchema } from './testing/testSchema.ts';

const teamsFile = join(tmpdir(), `${uniqueName('switchyard-teams')}.json`);
writeFileSync(teamsFile, JSON.stringify(TEAMS_FILE));
afterAll(() => rmSync(teamsFile, { force: true }));

describe("the guide's PostgreSQL questions, on a store populated from events and the teams file", () => {
  const db = useTestSchema({ teamsFile });

  it('writes the week', async () => {
    await db.sink.write(johndoeWeek());
  });

  it("Who is the user with GitHub username 'johndoe'?", async () => {
    const user = await userByGithubLogin(db.sink.pool, 'johndoe');
    expect(user).toEqual({
      id: expect.any(Number),
      displayName: 'John Doe',
      hourlyRate: 95,
      identities: [
        { source: 'email', externalId: 'john.doe@acme.io' },
        { source: 'github', externalId: 'johndoe' },
        { source: 'github_id', externalId: '1001' },
        { source: 'jira', externalId: '5b10ac8d82e05b22cc7d4ef5' },
        { source: 'slack', externalId: 'U024BE7LH' },
      ],
      teams: ['Team Alpha'],
    });
    expect(await userByGithubLogin(db.sink.pool, 'nobody')).toBeNull();
  });

  it('What projects does Team Alpha own?', async () => {
    expect(await projectsOwnedBy(db.sink.pool, 'Team Alpha')).toEqual([
      { key: 'OPS', name: null },
      { key: 'PROJ', name: 'Project Phoenix' },
    ]);
    expect(await projectsOwnedBy(db.sink.pool, 'Team Gamma')).toEqual([]);
  });

  it("What's the hourly rate for this developer?", async () => {
    const john = await userByGithubLogin(db.sink.pool, 'johndoe');
    expect(await hourlyRateOf(db.sink.pool, 'johndoe')).toBe(95);
    expect(await hourlyRateOf(db.sink.pool, john!.id)).toBe(95);
    expect(await hourlyRateOf(db.sink.pool, 'janesmith')).toBe(110.5);
    expect(await hourlyRateOf(db.sink.pool, 'nobody')).toBeNull();
  });

  it("johndoe's daily activity and janesmith's review", async () => {
    expect(await activityOf(db.sink.pool, 'johndoe', { from: '2025-03-01', to: '2025-03-31' })).toEqual([
      { day: '2025-03-03', commits: 2, prsOpened: 1, prsMerged: 0, reviews: 0, issuesCompleted: 0 },
      { day: '2025-03-04', commits: 1, prsOpened: 0, prsMerged: 1, reviews: 0, issuesCompleted: 0 },
      { day: '2025-03-05', commits: 0, prsOpened: 0, prsMerged: 0, reviews: 0, issuesCompleted: 1 },
    ]);
    expect(await activityOf(db.sink.pool, 'johndoe', { from: '2025-03-04', to: '2025-03-04' })).toHaveLength(1);
    expect(await activityOf(db.sink.pool, 'janesmith', { from: '2025-03-01', to: '2025-03-31' })).toEqual([
      { day: '2025-03-04', commits: 0, prsOpened: 0, prsMerged: 0, reviews: 1, issuesCompleted: 0 },
    ]);
  });

  it("PROJ's sprint velocity", async () => {
    expect(await velocityOf(db.sink.pool, 'PROJ')).toEqual([
      {
        sprintId: 31, name: 'PROJ Sprint 7', boardId: 4, startAt: new Date('2025-02-24T09:00:00Z'), endAt: new Date('2025-03-07T17:00:00Z'),
        completedAt: new Date('2025-03-07T17:30:00Z'), committedPoints: 21, completedPoints: 18, committedIssues: 8, completedIssues: 7,
      },
    ]);
  });

  it('applying the teams file again changes nothing; a changed file is applied as written', async () => {
    const before = await snapshot(db.sink);
    await db.sink.syncTeams();
    await db.sink.init();
    expect(await snapshot(db.sink)).toEqual(before);

    writeFileSync(teamsFile, JSON.stringify({ teams: [{ name: 'Team Alpha', members: [{ github: 'johndoe', hourlyRate: 100 }], projects: ['PROJ'] }] }));
    await db.sink.syncTeams();
    expect(await projectsOwnedBy(db.sink.pool, 'Team Alpha')).toEqual([{ key: 'PROJ', name: 'Project Phoenix' }]);
    expect(await projectsOwnedBy(db.sink.pool, 'Team Beta')).toEqual([]);
    expect(await hourlyRateOf(db.sink.pool, 'johndoe')).toBe(100);
    expect((await userByGithubLogin(db.sink.pool, 'janesmith'))?.teams).toEqual([]);
    expect(await countRows(db.sink, 'teams')).toBe(1);
    expect(await countRows(db.sink, 'projects')).toBe(3); // projects stay: events refer to them
  });
});
