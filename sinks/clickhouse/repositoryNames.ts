/**
 * The names a scope's repositories had before: a project naming `acme/new` counts what was stored
 * under `acme/old` before the repository was renamed (or transferred). ClickHouse keeps events
 * under the full name they were sent with, and the renames are events too (`repository.renamed`,
 * `repository.transferred`, whose payload says the name before and after; the event's time is the
 * rename's); they are few, so they are read whole and followed here (18.16 has no recursive query).
 *
 * A name stands for a repository only while the repository had it, because GitHub lets a name be
 * used again: `acme/api` renamed to `acme/api-legacy`, then a new repository created as `acme/api`.
 * So a former name comes with a window [since, until): until is the rename away from it; since is
 * the newest rename before that which touched the name (into it: followed further back; away from
 * it: the name was someone else's before), or none. a → b at t1, b → c at t2: c reads b in
 * [t1, t2) and a before t1; a → b → a: a reads b between the renames.
 *
 * A scope name is read at all times (the scope names it; without the `repository.created` of a
 * name used again nothing tells the holders apart by time), and a scope naming an old name reads
 * that name alone: renames lead forward, not back.
 *
 * `currentOf(name, at)` is the scope name a row stored under `name` at `at` counts as, so a pull
 * request opened under the old name and reviewed under the new one is one pull request.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { kindIn } from './ddl.ts';
import { identifier, quoteInteger, quoteList, quoteString } from './quote.ts';
import { selectRows } from './selectRows.ts';

export interface Rename {
  readonly from: string;
  readonly to: string;
  /** When it happened (the event's occurred_at_ms). */
  readonly at: number;
}

/** Rows stored under `name` with since ≤ time < until (null: unbounded) are `current`'s. */
export interface NameWindow {
  readonly name: string;
  readonly since: number | null;
  readonly until: number | null;
  readonly current: string;
}

export interface RepositoryNames {
  /** Every name read: the scope's and the former ones. */
  readonly all: readonly string[];
  /** The scope's names (unbounded) and each former name's window. */
  readonly windows: readonly NameWindow[];
  /** The scope name a row stored under `name` at `at` counts as (the name itself if none). */
  currentOf(name: string, at?: number): string;
}

export const RENAME_KINDS = ['repository.renamed', 'repository.transferred'] as const;

const within = (w: NameWindow, at: number | undefined): boolean => at === undefined || ((w.since === null || at >= w.since) && (w.until === null || at < w.until));

/** The scope's names with their former names, each in its window, following `renames` back from each. */
export function withFormerNames(names: readonly string[], renames: readonly Rename[]): RepositoryNames {
  const scope = new Set(names);
  const windows: NameWindow[] = names.map((name) => ({ name, since: null, until: null, current: name }));
  /** The newest rename touching `name` before `until` (null: any time). */
  const lastTouch = (name: string, until: number | null): Rename | undefined =>
    renames.filter((r) => (r.from === name || r.to === name) && (until === null || r.at < until)).sort((x, y) => y.at - x.at)[0];
  for (const current of names) {
    const newest = lastTouch(current, null);
    // Each step goes strictly back in time, so a cycle (a → b → a) ends.
    // A step back to the scope name itself (a → b → a, read from a) adds no window but goes on:
    // the names it had before that are still its own. Another scope name has its own history.
    for (let into = newest?.to === current ? newest : undefined; into !== undefined && (into.from === current || !scope.has(into.from)); ) {
      const name = into.from;
      const before = lastTouch(name, into.at);
      if (name !== current) windows.push({ name, since: before?.at ?? null, until: into.at, current });
      into = before?.to === name ? before : undefined;
    }
  }
  return {
    all: [...new Set(windows.map((w) => w.name))],
    windows,
    // Outside every window a name is its own: a row under a name used again is not this repository's.
    currentOf: (name, at) => windows.find((w) => w.name === name && within(w, at))?.current ?? name,
  };
}

/**
 * Every rename stored (their payload's previous and new full name, and when). Without FINAL, which
 * would merge every partition of the table on each read: a rename stored twice (a replay not yet
 * merged away) is the same rename, so they are told apart here by what they say.
 */
export async function readRenames(client: ClickHouseClient, database: string): Promise<Rename[]> {
  const found = await selectRows(client, `SELECT occurred_at_ms, payload FROM ${identifier(database)}.events WHERE ${kindIn(RENAME_KINDS)}`);
  const renames = new Map<string, Rename>();
  for (const row of found) {
    const p = JSON.parse(String(row.payload)) as { fullName?: unknown; previousFullName?: unknown };
    if (typeof p.fullName !== 'string' || typeof p.previousFullName !== 'string') continue;
    const rename = { from: p.previousFullName, to: p.fullName, at: Number(row.occurred_at_ms) };
    renames.set(JSON.stringify(rename), rename);
  }
  return [...renames.values()];
}

/** A scope's repository names with their former names, read from the store (no read for an empty scope). */
export async function repositoryNames(client: ClickHouseClient, database: string, names: readonly string[]): Promise<RepositoryNames> {
  return withFormerNames(names, names.length === 0 ? [] : await readRenames(client, database));
}

/** SQL: the rows stored under one of the names, each former name only in its window. */
export function namesCondition(names: RepositoryNames, repositoryColumn: string, timeColumn: string): string {
  return names.windows.length === 0 ? '0' : `(${names.windows.map((w) => windowSql(w, repositoryColumn, timeColumn)).join(' OR ')})`;
}

/** SQL: the scope name a row counts as (currentOf on the server); any other row keeps its name. */
export function currentNameSql(names: RepositoryNames, repositoryColumn: string, timeColumn: string): string {
  const former = names.windows.filter((w) => w.name !== w.current);
  if (former.length === 0) return repositoryColumn;
  return `multiIf(${former.map((w) => `${windowSql(w, repositoryColumn, timeColumn)}, ${quoteString(w.current)}`).join(', ')}, ${repositoryColumn})`;
}

function windowSql(w: NameWindow, repositoryColumn: string, timeColumn: string): string {
  const parts = [`${repositoryColumn} = ${quoteString(w.name)}`];
  if (w.since !== null) parts.push(`${timeColumn} >= ${quoteInteger(w.since)}`);
  if (w.until !== null) parts.push(`${timeColumn} < ${quoteInteger(w.until)}`);
  return `(${parts.join(' AND ')})`;
}
