/**
 * The ClickHouse handlers on every source's fixtures and the metrics scenario: the store keeps
 * every kind, as one `events` row per event (a sample also as a `metric_samples` row), a pure
 * function of the event.
 */
import { describe, expect, it } from 'vitest';
import { fixtureEvents } from '../../test/support/fixtureEvents.ts';
import { accepts, rowsOf } from '../handlers.ts';
import { clickhouseHandlers } from './handlers.ts';
import type { EventRow } from './rows.ts';
import { scenario } from './testing/testScenario.ts';

const events = [...fixtureEvents(), ...scenario()];

describe('clickhouse handlers', () => {
  it('keep every event: one events row of its id, and a metric_samples row for a sample', () => {
    for (const event of events) {
      expect(accepts(clickhouseHandlers, event)).toBe(true);
      const rows = rowsOf(clickhouseHandlers, event);
      expect(rows.map((r) => r.table)).toEqual(event.type === 'metric.sampled' ? ['events', 'metric_samples'] : ['events']);
      for (const r of rows) expect(r.row.event_id).toBe(event.eventId);
    }
  });

  it('are pure: the same event gives the same rows', () => {
    for (const event of events) expect(rowsOf(clickhouseHandlers, structuredClone(event))).toEqual(rowsOf(clickhouseHandlers, event));
  });

  it("keep what Notion's comments, moves, undeletes and schema changes say, in the row's type and payload", () => {
    const notion = (type: string) => events.find((event) => event.source === 'notion' && event.type === type)!;
    const row = (type: string) => rowsOf(clickhouseHandlers, notion(type))[0]!.row as EventRow;
    expect(row('page_comment.created')).toMatchObject({ type: 'notion.page_comment.created', actor_source: 'notion' });
    expect(JSON.parse(row('page_comment.created').payload)).toMatchObject({ commentId: expect.any(String), pageId: expect.any(String) });
    expect(row('page.undeleted').type).toBe('notion.page.undeleted');
    expect(JSON.parse(row('page.moved').payload)).toMatchObject({ notionEventType: 'page.moved', parent: { type: 'page' } });
    const schema = events.find((event) => event.type === 'data_source.updated' && event.payload.notionEventType === 'data_source.schema_updated')!;
    expect(JSON.parse((rowsOf(clickhouseHandlers, schema)[0]!.row as EventRow).payload).propertyChanges).toEqual([
      { id: 'seNp', name: 'Estimate', action: 'created' },
      { id: 'bDf%5B', name: 'Status', action: 'updated' },
    ]);
  });

  it('carry the source beside the logins they name', () => {
    for (const event of events) {
      const row = rowsOf(clickhouseHandlers, event)[0]!.row as EventRow;
      expect([row.source, row.actor_source]).toEqual([event.source, event.actor?.source ?? null]);
    }
  });
});
