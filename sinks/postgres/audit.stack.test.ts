/**
 * The PostgreSQL audit against a real schema: OK after the sink wrote (and rewrote) the events,
 * and each kind of damage reported with the id it concerns.
 */
import { describe, expect, it } from 'vitest';
import { accepts } from '../handlers.ts';
import { auditPostgres } from './audit.ts';
import { postgresHandlers } from './handlers.ts';
import { commit, johndoeWeek, johnGit } from './testing/testEvents.ts';
import { useTestSchema } from './testing/testSchema.ts';

describe('auditPostgres', () => {
  const db = useTestSchema();
  const events = johndoeWeek();

  it('passes once the sink wrote the events, however often', async () => {
    await db.sink.write(events);
    await db.sink.write(events.slice(2));
    expect(events.every((e) => accepts(postgresHandlers, e))).toBe(true);
    const result = await auditPostgres(db.sink.pool, [...events, ...events]);
    expect(result).toMatchObject({ store: 'postgres', expected: events.length, present: events.length, missing: 0, duplicated: 0, mismatched: 0, ok: true });
  });

  it('reports an event missing from the ledger, by id', async () => {
    const extra = commit('f00d01', johnGit, '2025-04-01T10:00:00Z');
    const result = await auditPostgres(db.sink.pool, [...events, extra]);
    expect(result.ok).toBe(false);
    expect(result.missing).toBe(1);
    expect(result.details.join('\n')).toContain(extra.eventId);
    // Its commit was never counted either: the counter for that day is short.
    expect(result.mismatched).toBe(1);
    expect(result.details.join('\n')).toMatch(/2025-04-01: commits is 0, the events give 1 \(under-counted\)/);
  });

  it('reports a counter bumped twice (a replay that double-counted) with user, day and counter', async () => {
    await db.sink.pool.query("UPDATE developer_daily_activity SET commits = commits + 1 WHERE day = '2025-03-03'");
    const result = await auditPostgres(db.sink.pool, events);
    expect(result.ok).toBe(false);
    expect(result.mismatched).toBe(1);
    expect(result.details.join('\n')).toMatch(/2025-03-03: commits is 3, the events give 2 \(over-counted\)/);
    await db.sink.pool.query("UPDATE developer_daily_activity SET commits = commits - 1 WHERE day = '2025-03-03'");
    expect((await auditPostgres(db.sink.pool, events)).ok).toBe(true);
  });

  it('reports a claimed id whose row was deleted', async () => {
    const victim = events[0]!;
    await db.sink.pool.query('DELETE FROM processed_events WHERE event_id = $1', [victim.eventId]);
    const result = await auditPostgres(db.sink.pool, events);
    expect(result).toMatchObject({ ok: false, missing: 1, present: events.length - 1 });
    expect(result.details[0]).toContain(victim.eventId);
  });
});

describe('auditPostgres and events PostgreSQL cannot store', () => {
  const db = useTestSchema();
  const events = johndoeWeek();

  it('reports events PostgreSQL cannot store (a NUL in the id or in a row) as not storable, and audits the rest', async () => {
    await db.sink.write(events);
    const nulId = { ...commit('d00d01', johnGit, '2025-03-03T10:00:00Z'), eventId: 'github:commit:acme/switchyard:d00d\u000001' };
    const nulLogin = commit('d00d02', { ...johnGit, login: 'mal\u0000lory' }, '2025-03-03T10:00:00Z');
    const result = await auditPostgres(db.sink.pool, [...events, nulId, nulLogin]);
    expect(result.details).toEqual([]);
    expect(result).toMatchObject({ ok: true, expected: events.length, present: events.length, missing: 0, mismatched: 0 });
    expect(result.notes).toEqual([
      `"github:commit:acme/switchyard:d00d\\u000001" (commit.pushed) is not storable in PostgreSQL: NUL in the event id (the sink dead-letters it)`,
      expect.stringMatching(/^"github:commit:acme\/switchyard:d00d02" \(commit\.pushed\) is not storable in PostgreSQL: NUL in row \d+\..+ \(the sink dead-letters it\)$/),
    ]);
    expect(result.notes.join('')).not.toContain('\u0000');
  });
});
