/**
 * Does ClickHouse hold each event it keeps (its handlers accept) exactly once?
 *
 * `events` and `metric_samples` are ReplacingMergeTrees: a replayed batch is a second row until a
 * background merge folds it, and FINAL folds it at read time. So "exactly once after idempotency"
 * is one row per event id with FINAL; more than one with FINAL is a real duplicate (the same id
 * under another sorting key — another type; another sample time — which a merge can never fold)
 * and fails the audit. Raw
 * rows (before merges) per id are reported as a note: how much the redeliveries wrote, not a
 * fault. Events whose rows include a `metric_samples` row (Prometheus samples) are checked the
 * same way there.
 *
 * Ids are queried in IN lists of 2,000: well under the 256 KB default max_query_size at the length
 * of our ids, and raised anyway for long ones. Not narrowed by `type` (the table key's first
 * column), on purpose: a copy of an id under another type is exactly the duplicate to find.
 * That reads the `event_id` column once per list: 25 short scans for 50,000 events. 18.16 has
 * no query parameters, so every id goes through quote.ts.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { EngEvent } from '../../avro/generated/types.ts';
import { chunks, distinctById, findings, type AuditResult } from '../../audit/result.ts';
import { accepts, rowsOf } from '../handlers.ts';
import { clickhouseHandlers } from './handlers.ts';
import { identifier, quoteList } from './quote.ts';

const IDS_PER_QUERY = 2_000;
const SETTINGS = { max_query_size: String(16 * 1024 * 1024) };

export interface ClickHouseTarget {
  readonly client: ClickHouseClient;
  readonly database: string;
}

/** `target` is the sink itself (it has `client` and `database`) or any client and database name. */
export async function auditClickHouse(target: ClickHouseTarget, events: readonly EngEvent[]): Promise<AuditResult> {
  const db = identifier(target.database);
  const expected = distinctById(events.filter((e) => accepts(clickhouseHandlers, e)));
  const samples = expected.filter((e) => rowsOf(clickhouseHandlers, e).some((row) => row.table === 'metric_samples'));
  const found = findings('clickhouse');

  const rows = async (table: string, list: readonly EngEvent[]) => {
    const final = new Map<string, number>();
    const raw = new Map<string, number>();
    for (const part of chunks(list.map((e) => e.eventId), IDS_PER_QUERY)) {
      for (const [counts, modifier] of [[final, 'FINAL'], [raw, '']] as const) {
        const query = `SELECT event_id, count() AS n FROM ${db}.${table} ${modifier} WHERE event_id IN ${quoteList(part)} GROUP BY event_id`;
        const result = await target.client.query({ query, format: 'JSONEachRow', clickhouse_settings: SETTINGS });
        for (const row of await result.json<{ event_id: string; n: string | number }>()) counts.set(row.event_id, Number(row.n));
      }
    }
    return { final, raw };
  };

  const check = (table: string, list: readonly EngEvent[], counts: { final: Map<string, number>; raw: Map<string, number> }) => {
    let unmerged = 0;
    for (const event of list) {
      const n = counts.final.get(event.eventId) ?? 0;
      if (n === 0) found.missing(`${event.eventId} (${event.type}) has no row in ${table}`);
      else if (n > 1) found.duplicated(`${event.eventId} (${event.type}) has ${n} rows in ${table} even with FINAL`);
      if (table === 'events' && n >= 1) found.present();
      unmerged += Math.max(0, (counts.raw.get(event.eventId) ?? 0) - 1);
    }
    if (unmerged > 0) found.note(`${table}: ${unmerged} raw row(s) beyond one per id not merged yet (redeliveries; FINAL and merges fold them)`);
  };

  check('events', expected, await rows('events', expected));
  if (samples.length > 0) check('metric_samples', samples, await rows('metric_samples', samples));
  return found.result(expected.length);
}
