/**
 * Jira worklogs in the real PostgreSQL, from webhooks (the Jira fixtures, normalized): hours per
 * person on a project and their cost at the organization file's rates (queries.ts timeSpent).
 */
import { describe, expect, it } from 'vitest';
import { EMMA, issueCreated, issueDeleted, issueUpdated, MIA, worklogCreated, worklogDeleted, worklogUpdated } from '../testing/jiraWorkWebhooks.ts';
import { timeSpent } from './queries.ts';
import { parseTeamsFile, syncTeams } from './teams.ts';
import { snapshot, useTestSchema } from './testing/testSchema.ts';

const MAY = { from: '2024-05-01T00:00:00Z', to: '2024-06-01T00:00:00Z' };
// The organization file: the only source of hourly rates. Emma has one, Mia none.
const file = parseTeamsFile(JSON.stringify({ teams: [{ name: 'Payments', members: [{ jira: EMMA, name: 'Emma Richards', hourlyRate: 120 }, { jira: MIA, name: 'Mia Krystof' }], projects: ['PROJ'] }] }));

/** Mia's own worklog: 2h on the same issue. */
const miasWorklog = () =>
  worklogCreated((body) => {
    body.worklog.id = '10101';
    body.worklog.author = { accountId: MIA, displayName: 'Mia Krystof' };
    body.worklog.updateAuthor = body.worklog.author;
    body.worklog.timeSpentSeconds = 7200;
  });

const byName = (rows: Awaited<ReturnType<typeof timeSpent>>) => rows.map((r) => ({ who: r.displayName, hours: r.hours, rate: r.hourlyRate, cost: r.cost }));

describe('postgres: Jira time spent, from webhooks and the organization file', () => {
  const db = useTestSchema();

  it('a worklog created, updated, replayed older, deleted; hours × rate per person for the project', async () => {
    const client = await db.sink.pool.connect();
    try {
      await syncTeams(client, file);
    } finally {
      client.release();
    }
    await db.sink.write([issueCreated()]);
    await db.sink.write([worklogCreated(), miasWorklog()]);
    expect(byName(await timeSpent(db.sink.pool, 'PROJ', MAY))).toEqual([
      { who: 'Emma Richards', hours: 3, rate: 120, cost: 360 },
      { who: 'Mia Krystof', hours: 2, rate: null, cost: null },
    ]);

    await db.sink.write([worklogUpdated()]); // corrected to 4h 30m
    expect(byName(await timeSpent(db.sink.pool, 'PROJ', MAY))[0]).toEqual({ who: 'Emma Richards', hours: 4.5, rate: 120, cost: 540 });

    // The creation replayed late, under its own id and as a fresh delivery: older than the edit, so nothing changes.
    const before = await snapshot(db.sink);
    await db.sink.write([worklogCreated()]);
    await db.sink.write([{ ...worklogCreated(), eventId: 'jira.worklog.created:10100:redelivered' }]);
    expect(await snapshot(db.sink)).toEqual({ ...before, processed_events: expect.any(Array) });
    expect(byName(await timeSpent(db.sink.pool, 'PROJ', MAY))[0]).toMatchObject({ hours: 4.5 });

    await db.sink.write([worklogDeleted()]);
    expect(byName(await timeSpent(db.sink.pool, 'PROJ', MAY))).toEqual([{ who: 'Mia Krystof', hours: 2, rate: null, cost: null }]);
    // Deletion wins: the creation and the edit replayed after it bring nothing back.
    await db.sink.write([worklogCreated(), worklogUpdated()]);
    expect(byName(await timeSpent(db.sink.pool, 'PROJ', MAY))).toEqual([{ who: 'Mia Krystof', hours: 2, rate: null, cost: null }]);

    // Outside the range, and for another project: nothing.
    expect(await timeSpent(db.sink.pool, 'PROJ', { from: '2024-06-01T00:00:00Z', to: '2024-07-01T00:00:00Z' })).toEqual([]);
    expect(await timeSpent(db.sink.pool, 'OPS', MAY)).toEqual([]);

    // The authors joined the identity mapping: the file's Emma and the webhook's are one person.
    const { rows } = await db.sink.pool.query<{ n: number }>("SELECT count(DISTINCT user_id)::int AS n FROM identities WHERE (source = 'jira' AND external_id = $1) OR (source = 'email' AND external_id = 'emma@example.com')", [EMMA]);
    expect(rows[0]?.n).toBe(1);
  });

  it('replays exactly: every event again, in one batch or one by one, changes nothing', async () => {
    const all = [issueCreated(), worklogCreated(), miasWorklog(), worklogUpdated(), worklogDeleted()];
    await db.sink.write(all);
    const before = await snapshot(db.sink);
    await db.sink.write(all);
    for (const event of all) await db.sink.write([event]);
    expect(await snapshot(db.sink)).toEqual(before);
  });

  it('an issue deleted takes its time out of the project; an older update replayed after it does not bring it back', async () => {
    await db.sink.write([issueCreated(), miasWorklog()]);
    expect(await timeSpent(db.sink.pool, 'PROJ', MAY)).toHaveLength(1);
    await db.sink.write([issueDeleted((body) => ((body.issue.id = '10456'), (body.issue.key = 'PROJ-456')))]);
    expect(await timeSpent(db.sink.pool, 'PROJ', MAY)).toEqual([]);
    await db.sink.write([issueUpdated()]);
    expect(await timeSpent(db.sink.pool, 'PROJ', MAY)).toEqual([]);
    const { rows } = await db.sink.pool.query<{ deleted: boolean }>("SELECT deleted_at IS NOT NULL AS deleted FROM jira_issues WHERE issue_id = '10456'");
    expect(rows).toEqual([{ deleted: true }]);
  });
});
