/**
 * The PostgreSQL handlers on every source's fixtures and the sink's own story: every event the
 * store keeps claims its id, its rows are a pure function of it, and the kinds it does not keep
 * give nothing.
 */
import { describe, expect, it } from 'vitest';
import { fixtureEvents } from '../../test/support/fixtureEvents.ts';
import { accepts, rowsOf } from '../handlers.ts';
import { postgresHandlers } from './handlers.ts';
import { rowsFor } from './rows.ts';
import { johndoeWeek } from './testing/testEvents.ts';

const events = [...fixtureEvents(), ...johndoeWeek()];
const kept = events.filter((event) => accepts(postgresHandlers, event));

describe('postgres handlers', () => {
  it('claim the id of every event the store keeps, once', () => {
    expect(kept.length).toBeGreaterThan(0);
    for (const event of kept) expect(rowsFor(rowsOf(postgresHandlers, event), 'processed_events')).toEqual([{ table: 'processed_events', eventId: event.eventId, kind: event.type }]);
  });

  it('give nothing for the kinds the store does not keep', () => {
    const others = events.filter((event) => !accepts(postgresHandlers, event));
    expect(others.map((event) => event.type)).toContain('metric.sampled');
    for (const event of others) expect(rowsOf(postgresHandlers, event)).toEqual([]);
  });

  it('are pure: the same event gives the same rows', () => {
    for (const event of kept) expect(rowsOf(postgresHandlers, structuredClone(event))).toEqual(rowsOf(postgresHandlers, event));
  });

  it("sight the actor and everyone the payload names, and count each event's counter once", () => {
    const week = johndoeWeek();
    const sighted = (i: number) => rowsFor(rowsOf(postgresHandlers, week[i]!), 'identities').map((row) => row.sighting.keys[0]);
    expect(sighted(3)).toEqual([{ source: 'github', externalId: 'janesmith' }, { source: 'github', externalId: 'janesmith' }, { source: 'github', externalId: 'johndoe' }]); // a review: actor, reviewer, PR author
    const counters = week.flatMap((event) => rowsFor(rowsOf(postgresHandlers, event), 'developer_daily_activity').map((row) => `${row.day} ${row.counter}`));
    expect(counters).toEqual(['2025-03-03 commits', '2025-03-03 commits', '2025-03-03 prs_opened', '2025-03-04 reviews', '2025-03-04 commits', '2025-03-04 prs_merged', '2025-03-05 issues_completed']);
  });
});
