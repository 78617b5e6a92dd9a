/**
 * Does PostgreSQL hold each event it keeps (its handlers accept) exactly once?
 *
 * - Presence: every event id is in `processed_events`, the ledger the sink claims ids in (its
 *   primary key makes "once" a matter of presence).
 * - Once, after idempotency: the daily counters. The sink bumps `developer_daily_activity` only
 *   for ids it claimed, in the same transaction, so a redelivery must not move them. The audit
 *   recomputes each (user, day)'s counters from the events with the sink's own rows
 *   (its handlers' `developer_daily_activity` rows) and the identities the store resolved, and compares: a double count, or a
 *   bump lost with its claim kept, shows as a mismatch naming the user, day and counter.
 *
 * The comparison assumes the given events are all the events that bumped those users on those
 * days: true for a fresh schema or for people only these events name (the chaos run). Events
 * are scoped by id, so other rows of a shared schema do not matter otherwise.
 *
 * Not storable: PostgreSQL text cannot hold NUL (SQLSTATE 22021), so an event whose id or
 * whose rows carry one is dead-lettered by the sink and never stored. Such an event is not
 * expected here: it is reported in a note (its id escaped) and left out of every query, where
 * one NUL would otherwise fail the whole audit.
 *
 * Cost: one query per 5,000 ids, one per 5,000 identity keys and one per 5,000 (user, day).
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { chunks, distinctById, findings, type AuditResult } from '../../audit/result.ts';
import { accepts, rowsOf } from '../handlers.ts';
import { postgresHandlers } from './handlers.ts';
import { keysOf, keyString } from './identities.ts';
import type { Queryable } from './queries.ts';
import { COUNTERS, rowsFor, type Counter } from './rows.ts';

const BATCH = 5_000;

type Counts = Record<Counter, number>;
const zero = (): Counts => ({ commits: 0, prs_opened: 0, prs_merged: 0, reviews: 0, issues_completed: 0 });

/** `db` is the sink's pool (or any client whose search_path is the sink's schema). */
export async function auditPostgres(db: Queryable, events: readonly EngEvent[]): Promise<AuditResult> {
  const found = findings('postgres');
  const expected = distinctById(events.filter((e) => accepts(postgresHandlers, e))).filter((event) => {
    const where = whereNul(event);
    if (where !== undefined) found.note(`${JSON.stringify(event.eventId)} (${event.type}) is not storable in PostgreSQL: NUL in ${where} (the sink dead-letters it)`);
    return where === undefined;
  });

  const processed = new Set<string>();
  for (const part of chunks(expected.map((e) => e.eventId), BATCH)) {
    const { rows } = await db.query<{ event_id: string }>('SELECT event_id FROM processed_events WHERE event_id = ANY($1::text[])', [part]);
    for (const row of rows) processed.add(row.event_id);
  }
  for (const event of expected) {
    if (processed.has(event.eventId)) found.present();
    else found.missing(`${event.eventId} (${event.type}) is not in processed_events`);
  }

  await compareCounters(db, expected, found);
  return found.result(expected.length);
}

/**
 * Where an event carries a NUL that PostgreSQL would refuse: its id, or a string in a row the sink
 * writes for it (searched without recursion, so no row shape can overflow the stack).
 */
export function whereNul(event: EngEvent): string | undefined {
  if (event.eventId.includes('\u0000')) return 'the event id';
  const stack: { value: unknown; path: string }[] = rowsOf(postgresHandlers, event).map((row, i) => ({ value: row, path: `row ${i}` }));
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: `${path}.${key}` });
    }
  }
  return undefined;
}

async function compareCounters(db: Queryable, events: readonly EngEvent[], found: ReturnType<typeof findings>): Promise<void> {
  const bumps = events.flatMap((event) =>
    rowsFor(rowsOf(postgresHandlers, event), 'developer_daily_activity').flatMap((bump) => {
      const key = keysOf(bump.who)[0];
      return key === undefined ? [] : [{ event, bump, key }];
    }),
  );
  if (bumps.length === 0) return;

  const keys = [...new Map(bumps.map((b) => [keyString(b.key), b.key])).values()];
  const userOfKey = new Map<string, string>();
  for (const part of chunks(keys, BATCH)) {
    const { rows } = await db.query<{ source: string; external_id: string; user_id: string }>(
      `SELECT i.source, i.external_id, i.user_id::text FROM identities i JOIN unnest($1::text[], $2::text[]) AS k(source, external_id) USING (source, external_id)`,
      [part.map((k) => k.source), part.map((k) => k.externalId)],
    );
    for (const row of rows) userOfKey.set(`${row.source}:${row.external_id}`, row.user_id);
  }

  const want = new Map<string, { user: string; day: string; who: string; counts: Counts }>();
  for (const { event, bump, key } of bumps) {
    const user = userOfKey.get(keyString(key));
    if (user === undefined) {
      found.mismatched(`${event.eventId}: ${keyString(key)} has no user, so its ${bump.counter} on ${bump.day} was never counted`);
      continue;
    }
    const id = `${user}|${bump.day}`;
    const entry = want.get(id) ?? { user, day: bump.day, who: keyString(key), counts: zero() };
    entry.counts[bump.counter] += 1;
    want.set(id, entry);
  }

  const have = new Map<string, Counts>();
  for (const part of chunks([...want.values()], BATCH)) {
    const { rows } = await db.query<{ user_id: string; day: string } & Counts>(
      `SELECT a.user_id::text, a.day::text, ${COUNTERS.map((c) => `a.${c}`).join(', ')}
         FROM developer_daily_activity a JOIN unnest($1::bigint[], $2::date[]) AS k(user_id, day) USING (user_id, day)`,
      [part.map((w) => w.user), part.map((w) => w.day)],
    );
    for (const row of rows) have.set(`${row.user_id}|${row.day}`, row);
  }

  for (const [id, w] of want) {
    const row = have.get(id);
    for (const counter of COUNTERS) {
      const actual = row === undefined ? 0 : Number(row[counter]);
      if (actual !== w.counts[counter]) {
        const how = actual > w.counts[counter] ? 'over-counted' : 'under-counted';
        found.mismatched(`developer_daily_activity user ${w.user} (${w.who}) ${w.day}: ${counter} is ${actual}, the events give ${w.counts[counter]} (${how})`);
      }
    }
  }
}
