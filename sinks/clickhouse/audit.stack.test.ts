/**
 * The ClickHouse audit against a real database: OK after the sink wrote the events twice (raw
 * duplicates are a note, not a failure), and a missing row, a deleted row and a duplicate FINAL
 * cannot fold each reported with the id.
 */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { waitFor } from '../../test/support/kafka.ts';
import { accepts, rowsOf } from '../handlers.ts';
import { auditClickHouse } from './audit.ts';
import { clickhouseHandlers } from './handlers.ts';
import { quoteString } from './quote.ts';
import { tableRows } from './rows.ts';
import { useTestDatabase } from './testing/testDatabase.ts';
import { scenario } from './testing/testScenario.ts';

const rowsAt = (event: EngEvent, version: number) => tableRows(rowsOf(clickhouseHandlers, event), version);

describe('auditClickHouse', () => {
  const db = useTestDatabase();
  const events = scenario();
  const routed = events.filter((e) => accepts(clickhouseHandlers, e));
  const distinct = new Set(routed.map((e) => e.eventId)).size; // bob's commit is pushed to two branches: one event id

  it('passes after a replay, noting the raw rows no merge has folded yet', async () => {
    await db.sink.write(events);
    await db.sink.write(events);
    const result = await auditClickHouse(db.sink, events);
    expect(result).toMatchObject({ store: 'clickhouse', expected: distinct, present: distinct, missing: 0, duplicated: 0, ok: true });
    expect(routed.some((e) => e.type === 'metric.sampled')).toBe(true);
    expect(result.notes.join('\n')).toMatch(/events: \d+ raw row\(s\) beyond one per id/);
  });

  it('reports an event never written, by id', async () => {
    const late = { ...routed[0]!, eventId: `${routed[0]!.eventId}:never-written` };
    const result = await auditClickHouse(db.sink, [...events, late]);
    expect(result).toMatchObject({ ok: false, missing: 1, present: distinct });
    expect(result.details[0]).toContain(late.eventId);
  });

  it('reports an id written again under another key, which neither merges nor FINAL fold', async () => {
    // The tables' keys are (type, event_id) and (name, ts, event_id): a copy under another type or
    // sample time is a second row for good.
    const victim = routed.find((e) => e.type === 'commit.pushed')!;
    const moved = { ...rowsAt(victim, 1).events[0]!, type: 'github.commit.pushed.copy' };
    await db.sink.client.insert({ table: `${db.sink.database}.events`, values: [moved], format: 'JSONEachRow' });
    const sampleEvent = routed.find((e) => e.type === 'metric.sampled')!;
    const sample = { ...rowsAt(sampleEvent, 1).metric_samples[0]!, ts: rowsAt(sampleEvent, 1).metric_samples[0]!.ts + 1 };
    await db.sink.client.insert({ table: `${db.sink.database}.metric_samples`, values: [sample], format: 'JSONEachRow' });
    const result = await auditClickHouse(db.sink, events);
    expect(result).toMatchObject({ ok: false, duplicated: 2, missing: 0 });
    expect(result.details.join('\n')).toContain(`${victim.eventId} (commit.pushed) has 2 rows in events even with FINAL`);
    expect(result.details.join('\n')).toContain(`${sampleEvent.eventId} (metric.sampled) has 2 rows in metric_samples`);
  });

  it('reports a row deleted from the table', async () => {
    const victim = routed.find((e) => e.type === 'pull_request.merged')!;
    // Deletes are asynchronous mutations in ClickHouse: wait until the row is gone.
    await db.sink.client.command({ query: `ALTER TABLE ${db.sink.database}.events DELETE WHERE event_id = ${quoteString(victim.eventId)}` });
    await waitFor(async () => (await auditClickHouse(db.sink, [victim])).missing === 1, 20_000, 'the mutation to delete the row');
    const result = await auditClickHouse(db.sink, events);
    expect(result.ok).toBe(false);
    expect(result.missing).toBe(1);
    expect(result.details[0]).toContain(victim.eventId);
  });
});
