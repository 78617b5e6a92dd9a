import { describe, expect, it } from 'vitest';
import { writeThroughGuard } from '../testing/throughGuard.ts';
import { PostgresSinkError } from './errors.ts';
import { activityOf } from './queries.ts';
import { commit, johndoeWeek, johnGit, johnGitHub, prOpened } from './testing/testEvents.ts';
import { postgresSink } from './sink.ts';
import { countRows, localConfig, snapshot, useTestSchema } from './testing/testSchema.ts';

describe('postgres sink: replay', () => {
  const db = useTestSchema();

  it('writing the same events again, in one batch or split differently, leaves every row and counter as it was', async () => {
    const events = johndoeWeek();
    await db.sink.write(events);
    const once = await snapshot(db.sink);
    await db.sink.write(events);
    await db.sink.write(events.slice(3));
    await db.sink.write([...events].reverse());
    expect(await snapshot(db.sink)).toEqual(once);
    expect(once['processed_events']).toHaveLength(events.length);
    expect(once['users']).toHaveLength(2);
    expect(once['repositories']).toHaveLength(1);
  });

  it('counts an event id repeated inside one batch once', async () => {
    const event = commit('e5f6a7', johnGit, '2025-03-06T08:00:00Z');
    await db.sink.write([event, event, event]);
    expect(await activityOf(db.sink.pool, 'johndoe', { from: '2025-03-06', to: '2025-03-06' })).toEqual([
      { day: '2025-03-06', commits: 1, prsOpened: 0, prsMerged: 0, reviews: 0, issuesCompleted: 0 },
    ]);
  });

  it('reports itself healthy with the server version', async () => {
    const health = await db.sink.health();
    expect(health.healthy).toBe(true);
    expect(health.version).toMatch(/^\d+/);
  });
});

describe('postgres sink: a bad event in a batch', () => {
  const db = useTestSchema();

  it('through the guard, a NUL in a text field is dead-lettered alone; the others are written once, and again nothing twice', async () => {
    // PostgreSQL text cannot hold NUL (SQLSTATE 22021): a permanent data error, the record's.
    const bad = commit('bad000', { ...johnGit, login: 'mallory', email: 'mallory@acme.io', displayName: 'Mal\u0000lory' }, '2025-03-03T10:00:00Z');
    const batch = [commit('a1b2c3', johnGit, '2025-03-03T09:15:00Z'), bad, prOpened(7, johnGitHub, '2025-03-03T12:00:00Z'), commit('b2c3d4', johnGit, '2025-03-03T11:40:00Z')];

    const first = await writeThroughGuard(db.sink, batch);
    expect(first.failures.map((f) => f.record.value.eventId)).toEqual([bad.eventId]);
    const error = first.failures[0]!.error;
    expect(error).toBeInstanceOf(PostgresSinkError);
    expect(error).toMatchObject({ retriable: false, classification: 'permanent', sqlState: '22021' });
    expect(first.failures[0]!.attempts).toBe(2); // the batch, then alone: no retry of a permanent error
    expect(first.finished).toBe(3);

    const expected = [{ day: '2025-03-03', commits: 2, prsOpened: 1, prsMerged: 0, reviews: 0, issuesCompleted: 0 }];
    expect(await activityOf(db.sink.pool, 'johndoe', { from: '2025-03-01', to: '2025-03-31' })).toEqual(expected);
    expect(await countRows(db.sink, 'processed_events')).toBe(3);

    const again = await writeThroughGuard(db.sink, batch);
    expect(again.failures.map((f) => f.record.value.eventId)).toEqual([bad.eventId]);
    expect(await activityOf(db.sink.pool, 'johndoe', { from: '2025-03-01', to: '2025-03-31' })).toEqual(expected);
    expect(await countRows(db.sink, 'processed_events')).toBe(3);
    const { rows } = await db.sink.pool.query("SELECT 1 FROM identities WHERE external_id = 'mallory'");
    expect(rows).toHaveLength(0);
  });

  it('a batch of only the bad event throws its permanent error', async () => {
    const bad = commit('bad001', { ...johnGit, displayName: '\u0000' }, '2025-03-03T10:00:00Z');
    await expect(db.sink.write([bad])).rejects.toMatchObject({ name: 'PostgresSinkError', retriable: false });
  });
});

describe('postgres sink: an unreachable server', () => {
  it('init() and write() fail retriably; health() says unhealthy', async () => {
    const sink = postgresSink({ ...localConfig('public'), url: 'postgres://switchyard:switchyard@127.0.0.1:1/switchyard' });
    try {
      await expect(sink.init()).rejects.toMatchObject({ name: 'PostgresSinkError', retriable: true });
      await expect(sink.write(johndoeWeek())).rejects.toMatchObject({ retriable: true });
      expect((await sink.health()).healthy).toBe(false);
    } finally {
      await sink.close();
    }
  });
});
