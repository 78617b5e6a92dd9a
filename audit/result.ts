/**
 * What an audit reports, and the collector audits build it with.
 *
 * An audit checks that a store holds each of the events it was given exactly once, in the sense
 * the store's sink promises ("after idempotency": a PostgreSQL counter bumped once per event id,
 * one ClickHouse row per id after FINAL, one Neo4j relationship per pair holding each commit
 * once, a profile that folded each contribution once). `ok` is false as soon as anything is
 * missing, duplicated or mismatched; `notes` are observations that are not failures (raw
 * ClickHouse rows a merge has not folded yet, a dead letter written twice).
 *
 * Details are capped (DETAIL_LIMIT per kind), so an audit of 50,000 events that all failed prints
 * a screenful, with the full counts in the numbers.
 */
export interface AuditResult {
  /** postgres, clickhouse, neo4j, pinecone (the vector store), or dlq. */
  readonly store: string;
  /** How many distinct events (or dead letters) the store should hold. */
  readonly expected: number;
  /** How many of them it holds. */
  readonly present: number;
  readonly missing: number;
  /** Held more than once (after idempotency: a second row, a second relationship, a sha twice). */
  readonly duplicated: number;
  /** Derived values that disagree with the events: a counter bumped twice or not at all, a stale row. */
  readonly mismatched: number;
  /** The first few missing and duplicated ids and mismatches, each naming the id. */
  readonly details: readonly string[];
  /** Information, not failure. */
  readonly notes: readonly string[];
  readonly ok: boolean;
}

export const DETAIL_LIMIT = 10;

export interface Findings {
  readonly present: (n?: number) => void;
  readonly missing: (what: string) => void;
  readonly duplicated: (what: string) => void;
  readonly mismatched: (what: string) => void;
  readonly note: (what: string) => void;
  readonly result: (expected: number) => AuditResult;
}

/** A collector: counts everything, keeps the first DETAIL_LIMIT details of each kind. */
export function findings(store: string): Findings {
  let present = 0;
  const counts = { missing: 0, duplicated: 0, mismatched: 0 };
  const details: Record<keyof typeof counts, string[]> = { missing: [], duplicated: [], mismatched: [] };
  const notes: string[] = [];
  const add = (kind: keyof typeof counts) => (what: string) => {
    counts[kind] += 1;
    if (details[kind].length < DETAIL_LIMIT) details[kind].push(`${kind}: ${what}`);
  };
  return {
    present: (n = 1) => void (present += n),
    missing: add('missing'),
    duplicated: add('duplicated'),
    mismatched: add('mismatched'),
    note: (what) => void notes.push(what),
    result: (expected) => {
      const more = (Object.keys(counts) as (keyof typeof counts)[]).filter((k) => counts[k] > details[k].length).map((k) => `… and ${counts[k] - details[k].length} more ${k}`);
      return {
        store,
        expected,
        present,
        ...counts,
        details: [...details.missing, ...details.duplicated, ...details.mismatched, ...more],
        notes,
        ok: counts.missing === 0 && counts.duplicated === 0 && counts.mismatched === 0 && present === expected,
      };
    },
  };
}

/** Splits a list into parts of at most `size`, for IN lists and UNWIND parameters. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

/** The events once per id, first occurrence kept: a redelivered event is one event. */
export function distinctById<E extends { readonly eventId: string }>(events: readonly E[]): E[] {
  const byId = new Map<string, E>();
  for (const event of events) if (!byId.has(event.eventId)) byId.set(event.eventId, event);
  return [...byId.values()];
}

/** One line for a result: what `npm run chaos` prints per store. */
export function describeResult(result: AuditResult): string {
  const verdict = result.ok ? 'ok' : 'FAILED';
  return `${result.store}: ${verdict} — ${result.present}/${result.expected} present, ${result.missing} missing, ${result.duplicated} duplicated, ${result.mismatched} mismatched`;
}
