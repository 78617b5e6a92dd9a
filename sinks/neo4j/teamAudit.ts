/**
 * The audit of GitHub's teams (audit.ts calls it): for each team, membership and team repository
 * the events name, the graph holds the state of the newest event (teamRows.ts's rule), with the
 * team's deletion taking its GitHub edges:
 *
 * - a team: one node has its `githubId`, with the newest event's name (a rename onto a name the
 *   file owns moves the id to that node: teamCypher.ts) and `githubDeleted` as it says;
 * - a membership: a MEMBER_OF held by GitHub (`github`) when the newest event added it and the
 *   team was not deleted since, none otherwise;
 * - a team repository: a HAS_ACCESS under the same rule, looked for under the name the rename
 *   fold leaves it (repositoryRenames.ts `newestNames`, as audit.ts does for contributions); the
 *   events of all the names of one repository are one access, decided by the newest of them, as
 *   the fold decides (the newer grant, a removal winning at the same millisecond).
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { chunks, type Findings } from '../../audit/result.ts';
import { toGraphRows } from './handlers.ts';
import type { Labels } from './schema.ts';
import { replaces, teamKey, teamMemberKey, teamRepositoryKey, type TeamMemberRow, type TeamRepositoryRow, type TeamRow } from './teamRows.ts';

const BATCH = 2_000;

type Run = (cypher: string, rows: unknown[]) => Promise<Record<string, unknown>[]>;
type Held<R> = R & { readonly eventIds: string[] };

function keep<R extends Parameters<typeof replaces>[1]>(map: Map<string, Held<R>>, key: string, row: R, eventId: string): void {
  const before = map.get(key);
  const eventIds = [...(before?.eventIds ?? []), eventId];
  map.set(key, before === undefined || replaces(before, row) ? { ...row, eventIds } : { ...before, eventIds });
}

/**
 * Checks the team facts of `events` (already distinct, already the graph's); `newest` is the name
 * the rename fold leaves each repository under (audit.ts works it out once for every check).
 */
export async function auditTeams(found: Findings, run: Run, L: Labels, events: readonly EngEvent[], newest: (name: string) => string): Promise<void> {
  const teams = new Map<string, Held<TeamRow>>();
  const members = new Map<string, Held<TeamMemberRow>>();
  const access = new Map<string, Held<TeamRepositoryRow>>();
  for (const event of events) {
    const rows = toGraphRows([event]);
    for (const t of rows.teams) keep(teams, teamKey(t), t, event.eventId);
    for (const m of rows.teamMembers) keep(members, teamMemberKey(m), m, event.eventId);
    for (const a of rows.teamRepositories) {
      const moved = { ...a, repository: newest(a.repository) };
      keep(access, teamRepositoryKey(moved), moved, event.eventId);
    }
  }
  /** Whether the team was deleted at or after `at`, as the events say. */
  const deletedSince = (githubId: number, at: number): boolean => {
    const team = teams.get(String(githubId));
    return team !== undefined && team.deleted && team.at >= at;
  };
  const judge = (ok: boolean, eventIds: readonly string[], what: string): void => {
    if (ok) found.present(eventIds.length);
    else for (const eventId of eventIds) found.mismatched(`${eventId}: ${what}`);
  };

  for (const part of chunks([...teams.values()], BATCH)) {
    const held = await run(`UNWIND $rows AS t OPTIONAL MATCH (n:${L.Team} {githubId: t.githubId}) RETURN t.githubId AS id, collect(n.name) AS names, collect(n.githubDeleted) AS deleted`, part.map((t) => ({ githubId: t.githubId })));
    for (const row of held) {
      const want = teams.get(String(row.id))!;
      const names = row.names as string[];
      const deleted = row.deleted as boolean[];
      judge(names.length === 1 && names[0] === want.name && deleted[0] === want.deleted, want.eventIds, `team ${want.githubId} is ${JSON.stringify(names)} (deleted ${JSON.stringify(deleted)}), its newest event says ${want.name} (deleted ${want.deleted})`);
    }
  }
  for (const part of chunks([...members.values()], BATCH)) {
    const held = await run(
      `UNWIND $rows AS m OPTIONAL MATCH (:${L.Developer} {key: m.key})-[r:MEMBER_OF]->(:${L.Team} {githubId: m.team}) RETURN m.key AS key, m.team AS team, coalesce(r.github, false) AS github`,
      part.map((m) => ({ key: m.developer.key, team: m.team.githubId })),
    );
    for (const row of held) {
      const want = members.get(`${String(row.team)}\u0000${String(row.key)}`)!;
      const expected = want.added && !deletedSince(want.team.githubId, want.at);
      judge(row.github === expected, want.eventIds, `${want.developer.key} is ${row.github ? '' : 'not '}a GitHub member of team ${want.team.githubId}, the newest event says ${expected ? '' : 'not '}so`);
    }
  }
  for (const part of chunks([...access.values()], BATCH)) {
    const held = await run(
      `UNWIND $rows AS a OPTIONAL MATCH (:${L.Team} {githubId: a.team})-[r:HAS_ACCESS]->(:${L.Repository} {fullName: a.repository}) RETURN a.team AS team, a.repository AS repository, count(r) AS n`,
      part.map((a) => ({ team: a.team.githubId, repository: a.repository })),
    );
    for (const row of held) {
      const want = access.get(`${String(row.team)}\u0000${String(row.repository)}`)!;
      const expected = want.added && !deletedSince(want.team.githubId, want.at) ? 1 : 0;
      judge(Number(row.n) === expected, want.eventIds, `team ${want.team.githubId} has ${Number(row.n)} HAS_ACCESS to ${want.repository}, the newest event says ${expected}`);
    }
  }
}
