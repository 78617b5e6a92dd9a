/**
 * What a `repository.*` event tells PostgreSQL beyond the repository row every event upserts
 * (rows.ts): GitHub's id of the repository, whether it is archived or deleted, and, for a rename
 * or a transfer, the edge from its old full name to its new one (`repository_renames`), which the
 * `repository_former_names` view follows back transitively, each former name with the window it
 * stood for the repository in (migration 1767225600003 says how).
 *
 * Replay-exact: an edge is inserted with ON CONFLICT DO NOTHING (the same rename replayed is the
 * same row), and the state columns take a row only if it is at least as new as the one applied
 * (`github_at`), so an old archive replayed after an unarchive changes nothing.
 */
import type pg from 'pg';
import type { EventOf } from '../handlers.ts';
import { newestBy } from './githubRows.ts';

export type RepositoryKind = 'repository.created' | 'repository.renamed' | 'repository.transferred' | 'repository.archived' | 'repository.unarchived' | 'repository.deleted';

export interface RepositoryNameRow {
  readonly table: 'repository_names';
  readonly githubId: number;
  readonly fullName: string;
  readonly previousFullName: string | null;
  readonly archived: boolean;
  readonly deleted: boolean;
  readonly at: number;
}

export function repositoryNameRow(event: EventOf<RepositoryKind>): RepositoryNameRow {
  const p = event.payload;
  return { table: 'repository_names', githubId: p.repositoryId, fullName: p.fullName, previousFullName: p.previousFullName, archived: p.archived, deleted: event.type === 'repository.deleted', at: event.occurredAt };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Runs after the batch's repositories are upserted (sink.ts), so the row of each full name exists. */
const stateRank = (row: RepositoryNameRow): number => (row.deleted ? 2 : row.archived ? 1 : 0);

export async function applyRepositoryNames(client: pg.ClientBase, rows: readonly RepositoryNameRow[]): Promise<void> {
  const renames = rows.filter((row) => row.previousFullName !== null);
  if (renames.length > 0) {
    await client.query(
      `INSERT INTO repository_renames (github_id, from_full_name, to_full_name, renamed_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [renames.map((r) => r.githubId), renames.map((r) => r.previousFullName), renames.map((r) => r.fullName), renames.map((r) => iso(r.at))],
    );
  }
  // At the same time a deletion outranks an archive, an archive the live state (a tie is decided
  // the same whatever order the two arrive in, here and in the statement below).
  const states = newestBy(rows, (row) => row.fullName, stateRank);
  if (states.length === 0) return;
  await client.query(
    `UPDATE repositories AS r SET github_id = s.github_id, archived = s.archived, deleted_at = CASE WHEN s.deleted THEN s.at END, github_at = s.at
     FROM unnest($1::text[], $2::bigint[], $3::boolean[], $4::boolean[], $5::timestamptz[]) AS s (full_name, github_id, archived, deleted, at)
     WHERE r.full_name = s.full_name
       AND (r.github_at IS NULL OR r.github_at < s.at
            OR (r.github_at = s.at AND (s.deleted, s.archived) >= (r.deleted_at IS NOT NULL, coalesce(r.archived, false))))`,
    [states.map((s) => s.fullName), states.map((s) => s.githubId), states.map((s) => s.archived), states.map((s) => s.deleted), states.map((s) => iso(s.at))],
  );
}

export interface FormerName {
  readonly name: string;
  /** Since when the repository had it (null: from the start). */
  readonly since: Date | null;
  /** When it stopped: events under `name` from then on are someone else's. */
  readonly until: Date;
}

/**
 * Every name a repository had before `fullName`, from the view, each with the window it stood
 * for the repository in (a name can be used again by a new repository after a rename).
 */
export async function formerNames(client: pg.ClientBase, fullName: string): Promise<FormerName[]> {
  const { rows } = await client.query<{ former_name: string; since: Date | null; until: Date }>('SELECT former_name, since, until FROM repository_former_names WHERE full_name = $1 ORDER BY until DESC, former_name', [fullName]);
  return rows.map((row) => ({ name: row.former_name, since: row.since, until: row.until }));
}
