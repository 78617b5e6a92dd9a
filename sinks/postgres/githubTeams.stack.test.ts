/**
 * GitHub's teams, members and access in the real PostgreSQL, from webhooks alone
 * (sinks/testing/githubOrganization.ts has the scenario), then beside an organization file.
 */
import { describe, expect, it } from 'vitest';
import { account, organizationWebhooks, workWebhooks } from '../testing/githubOrganization.ts';
import { hourlyRateOf } from './queries.ts';
import { parseTeamsFile, syncTeams } from './teams.ts';
import { commit } from './testing/testEvents.ts';
import { snapshot, useTestSchema } from './testing/testSchema.ts';
import type { PostgresSink } from './sink.ts';

/** Each team with its GitHub side and its members' logins, by name. */
async function teams(sink: PostgresSink) {
  const { rows } = await sink.pool.query<{ name: string; github_id: string | null; slug: string | null; parent: string | null; deleted: boolean; from_file: boolean; members: string[]; repositories: string[] }>(
    `SELECT t.name, t.github_id::text, t.slug, p.name AS parent, t.github_deleted_at IS NOT NULL AS deleted, t.from_file,
            coalesce((SELECT array_agg(i.external_id ORDER BY i.external_id) FROM team_members m JOIN identities i ON i.user_id = m.user_id AND i.source = 'github' WHERE m.team_id = t.id), '{}') AS members,
            coalesce((SELECT array_agg(r.repository || ':' || coalesce(r.permission, '?') ORDER BY r.repository) FROM team_repositories r WHERE r.team_id = t.id), '{}') AS repositories
       FROM teams t LEFT JOIN teams p ON p.github_id = t.parent_github_id ORDER BY t.name`,
  );
  return rows;
}

async function logins(sink: PostgresSink, table: 'organization_members' | 'repository_collaborators', scope: 'organization' | 'repository'): Promise<string[]> {
  const { rows } = await sink.pool.query<{ v: string }>(`SELECT a.${scope} || ' ' || i.external_id AS v FROM ${table} a JOIN identities i ON i.user_id = a.user_id AND i.source = 'github' ORDER BY v`);
  return rows.map((r) => r.v);
}

describe('postgres: GitHub teams from webhooks alone', () => {
  const db = useTestSchema();

  it('a team created, renamed and deleted; a member added then removed; repository access; organization members and collaborators', async () => {
    for (const event of [...organizationWebhooks(), ...workWebhooks()]) await db.sink.write([event]);
    expect(await teams(db.sink)).toEqual([
      // Deleted on GitHub: marked, emptied, kept so an older repository webhook replayed later cannot revive it.
      { name: 'Legacy', github_id: '300', slug: 'legacy', parent: null, deleted: true, from_file: false, members: [], repositories: [] },
      { name: 'Payments', github_id: '200', slug: 'payments', parent: 'Platform', deleted: false, from_file: false, members: ['carol'], repositories: [] },
      // "Platform Team" renamed: the same row (by id 100), alice added before the rename still in it; bob added and removed.
      { name: 'Platform', github_id: '100', slug: 'platform', parent: null, deleted: false, from_file: false, members: ['alice'], repositories: ['acme/api:push'] },
    ]);
    expect(await logins(db.sink, 'organization_members', 'organization')).toEqual(['Octocoders hana']);
    expect(await logins(db.sink, 'repository_collaborators', 'repository')).toEqual(['acme/api ivan']);
    // Every account seen joins the identity mapping, by login and by GitHub's numeric id.
    const { rows } = await db.sink.pool.query<{ key: string }>(`SELECT source || ':' || external_id AS key FROM identities WHERE external_id IN ('bob', 'gina', '2', '7') ORDER BY key`);
    expect(rows.map((r) => r.key)).toEqual(['github:bob', 'github:gina', 'github_id:2', 'github_id:7']);
  });

  it('replays exactly: the same webhooks again, in one batch or one by one, change nothing', async () => {
    const before = await snapshot(db.sink);
    await db.sink.write([...organizationWebhooks(), ...workWebhooks()]);
    for (const event of organizationWebhooks()) await db.sink.write([event]);
    expect(await snapshot(db.sink)).toEqual(before);
  });

  it('ignores a membership webhook older than the one applied (bob\'s add replayed after his removal)', async () => {
    const bobAdded = organizationWebhooks()[3]!;
    expect(bobAdded.type).toBe('team.member_added');
    // The same add under another id, at its own (old) time: bob's removal, newer, stands.
    await db.sink.write([{ ...bobAdded, eventId: `${bobAdded.eventId}:again` }]);
    expect((await teams(db.sink)).find((t) => t.name === 'Platform')!.members).toEqual(['alice']);
  });
});

describe('postgres: GitHub teams beside an organization file', () => {
  const db = useTestSchema();
  const file = parseTeamsFile(JSON.stringify({ teams: [{ name: 'Platform', members: [{ github: 'bob', hourlyRate: 90 }, { github: 'zed' }], projects: ['PLAT'] }] }));

  it('the file is the override: GitHub\'s Platform meets the file\'s; a webhook removal keeps what the file declares; the file\'s sync keeps GitHub\'s teams', async () => {
    const client = await db.sink.pool.connect();
    try {
      await syncTeams(client, file);
      await db.sink.write([...organizationWebhooks(), ...workWebhooks()]);
      // One batch: GitHub's team arrives already named Platform and meets the file's row. bob, removed on GitHub, stays: the file declares him.
      expect((await teams(db.sink)).find((t) => t.name === 'Platform')).toMatchObject({ github_id: '100', from_file: true, members: ['alice', 'bob', 'zed'], repositories: ['acme/api:push'] });
      expect(await hourlyRateOf(db.sink.pool, 'bob')).toBe(90);

      await syncTeams(client, file); // again: nothing GitHub said is undone
      expect((await teams(db.sink)).find((t) => t.name === 'Platform')).toMatchObject({ members: ['alice', 'bob', 'zed'] });

      await syncTeams(client, parseTeamsFile('{"teams": []}'));
      const platform = (await teams(db.sink)).find((t) => t.name === 'Platform');
      expect(platform).toMatchObject({ github_id: '100', from_file: false, members: ['alice'], repositories: ['acme/api:push'] });
      expect(await hourlyRateOf(db.sink.pool, 'bob')).toBe(90); // rates are the file's, never a webhook's, and stay with the person
    } finally {
      client.release();
    }
  });
});

describe('postgres: a GitHub team renamed onto a team the file declares', () => {
  const db = useTestSchema();

  it('moves GitHub\'s side onto the file\'s row and drops the old one', async () => {
    const client = await db.sink.pool.connect();
    try {
      await syncTeams(client, parseTeamsFile(JSON.stringify({ teams: [{ name: 'Platform', members: [{ github: 'zed' }] }] })));
    } finally {
      client.release();
    }
    for (const event of organizationWebhooks()) await db.sink.write([event]);
    const all = await teams(db.sink);
    expect(all.map((t) => t.name)).toEqual(['Legacy', 'Payments', 'Platform']);
    expect(all.find((t) => t.name === 'Platform')).toMatchObject({ github_id: '100', from_file: true, members: ['alice', 'zed'], repositories: ['acme/api:push'] });
  });
});

describe('postgres: GitHub access when two users turn out to be one', () => {
  const db = useTestSchema();

  it('moves organization memberships, collaborations and team memberships to the user kept by the merge', async () => {
    const ivanByEmail = { source: 'github', accountId: null, login: null, displayName: 'Ivan', email: 'ivan@acme.io' };
    await db.sink.write([commit('i1', ivanByEmail, '2025-03-01T08:00:00Z')]); // the older user: a git author known by email only
    const webhooks = organizationWebhooks();
    await db.sink.write(webhooks.slice(0, 2)); // team 100 and alice
    await db.sink.write([webhooks[13]!]); // ivan, collaborator of acme/api: a new user
    await db.sink.write([webhooks[1]!].map((e) => ({ ...e, eventId: `${e.eventId}:ivan`, payload: { ...(e.payload as object), member: account('ivan') } }) as typeof e));
    const before = await db.sink.pool.query<{ n: number }>('SELECT count(DISTINCT user_id)::int AS n FROM identities');
    // A commit whose author is both: the login and the email are one person, so the two users merge.
    await db.sink.write([commit('i2', { ...ivanByEmail, login: 'ivan' }, '2025-03-04T08:00:00Z')]);
    const after = await db.sink.pool.query<{ n: number }>('SELECT count(DISTINCT user_id)::int AS n FROM identities');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n - 1);
    expect(await logins(db.sink, 'repository_collaborators', 'repository')).toEqual(['acme/api ivan']);
    expect((await teams(db.sink)).find((t) => t.github_id === '100')!.members).toEqual(['alice', 'ivan']);
    const { rows } = await db.sink.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM repository_collaborators c JOIN identities i ON i.user_id = c.user_id WHERE i.source = 'email' AND i.external_id = 'ivan@acme.io'`,
    );
    expect(rows[0]!.n).toBe(1); // the collaboration is the kept user's, the one the email names
  });
});
