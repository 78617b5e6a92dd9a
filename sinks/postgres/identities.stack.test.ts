import { describe, expect, it } from 'vitest';
import { identityKey } from '../identity.ts';
import { keysOf, keyString, resolveIdentities } from './identities.ts';
import { activityOf, hourlyRateOf, userByGithubLogin } from './queries.ts';
import { commit, issueDone, johnGit, johnGitHub, johnJira, prOpened } from './testing/testEvents.ts';
import { countRows, useTestSchema } from './testing/testSchema.ts';

describe('identity keys', () => {
  it('a git author gives its login and lower-cased email; a GitHub account its login and numeric id', () => {
    expect(keysOf(johnGit)).toEqual([{ source: 'github', externalId: 'johndoe' }, { source: 'email', externalId: 'john.doe@acme.io' }]);
    expect(keysOf(johnGitHub)).toEqual([{ source: 'github', externalId: 'johndoe' }, { source: 'github_id', externalId: '1001' }]);
    expect(keysOf(johnJira)).toEqual([{ source: 'jira', externalId: '5b10ac8d82e05b22cc7d4ef5' }, { source: 'email', externalId: 'john.doe@acme.io' }]);
  });

  it("an identity's first key is its identityKey, namespaced by its own source", () => {
    for (const identity of [johnGit, johnGitHub, johnJira]) expect(keyString(keysOf(identity)[0]!)).toBe(identityKey(identity));
    const gitlab = { source: 'gitlab', accountId: '7', login: 'JohnDoe', displayName: null, email: 'john.doe@acme.io' };
    expect(keysOf(gitlab)).toEqual([{ source: 'gitlab', externalId: 'johndoe' }, { source: 'gitlab_id', externalId: '7' }, { source: 'email', externalId: 'john.doe@acme.io' }]);
  });

  it('shared addresses are not keys', () => {
    expect(keysOf({ source: 'github', accountId: null, login: 'web-flow', displayName: 'GitHub', email: 'noreply@github.com' })).toEqual([{ source: 'github', externalId: 'web-flow' }]);
  });
});

describe('identity merging: a commit, then a Jira user with the same email', () => {
  const db = useTestSchema();

  it('is one user with three identities', async () => {
    await db.sink.write([commit('a1b2c3', johnGit, '2025-03-03T09:15:00Z')]);
    await db.sink.write([issueDone('PROJ-12', johnJira, '2025-03-05T09:30:00Z', '20001')]);
    expect(await countRows(db.sink, 'users')).toBe(1);
    const user = await userByGithubLogin(db.sink.pool, 'johndoe');
    expect(user?.identities).toEqual([
      { source: 'email', externalId: 'john.doe@acme.io' },
      { source: 'github', externalId: 'johndoe' },
      { source: 'jira', externalId: '5b10ac8d82e05b22cc7d4ef5' },
    ]);
    expect(user?.displayName).toBe('John Doe');
    // The Jira issue he finished counts for the same person as his commit.
    expect(await activityOf(db.sink.pool, 'JohnDoe', { from: '2025-03-01', to: '2025-03-31' })).toEqual([
      { day: '2025-03-03', commits: 1, prsOpened: 0, prsMerged: 0, reviews: 0, issuesCompleted: 0 },
      { day: '2025-03-05', commits: 0, prsOpened: 0, prsMerged: 0, reviews: 0, issuesCompleted: 1 },
    ]);
  });
});

describe('identity merging: two users that turn out to be one', () => {
  const db = useTestSchema();

  it('keeps the oldest user, moves identities and activity to it, and remembers the merged id', async () => {
    await db.sink.write([issueDone('PROJ-12', johnJira, '2025-03-05T09:30:00Z', '20001')]); // user 1: jira + email
    await db.sink.write([prOpened(7, johnGitHub, '2025-03-05T12:00:00Z')]); // user 2: github login + id
    const ids = await db.sink.pool.query<{ id: string }>('SELECT id::text FROM users ORDER BY id');
    expect(ids.rows).toHaveLength(2);
    const [oldest, newer] = ids.rows.map((r) => Number(r.id)) as [number, number];
    await db.sink.pool.query('UPDATE users SET hourly_rate = 80 WHERE id = $1', [newer]);

    // A commit by johndoe <john.doe@acme.io>: the login and the email are one person.
    await db.sink.write([commit('a1b2c3', johnGit, '2025-03-05T15:00:00Z')]);

    const user = await userByGithubLogin(db.sink.pool, 'johndoe');
    expect(user?.id).toBe(oldest);
    expect(user?.identities.map((i) => i.source)).toEqual(['email', 'github', 'github_id', 'jira']);
    expect(user?.hourlyRate).toBe(80); // the oldest had none: the merged user's fills the gap
    expect(await countRows(db.sink, 'users')).toBe(1);
    expect(await activityOf(db.sink.pool, 'johndoe', { from: '2025-03-05', to: '2025-03-05' })).toEqual([
      { day: '2025-03-05', commits: 1, prsOpened: 1, prsMerged: 0, reviews: 0, issuesCompleted: 1 },
    ]);
    expect(await hourlyRateOf(db.sink.pool, newer)).toBe(80);
    const merges = await db.sink.pool.query('SELECT merged_user_id::int, into_user_id::int FROM user_merges');
    expect(merges.rows).toEqual([{ merged_user_id: newer, into_user_id: oldest }]);
  });

  it('authors and committers of one commit stay different people', async () => {
    const jane = { source: 'github', accountId: null, login: 'janesmith', displayName: 'Jane Smith', email: 'jane@acme.io' };
    const event = commit('f0f0f0', jane, '2025-03-06T09:00:00Z');
    if (event.type !== 'commit.pushed') throw new Error('unreachable');
    await db.sink.write([{ ...event, payload: { ...event.payload, committer: johnGit } }]);
    expect((await userByGithubLogin(db.sink.pool, 'janesmith'))?.id).not.toBe((await userByGithubLogin(db.sink.pool, 'johndoe'))?.id);
  });
});

describe("an identity's name: the newest sighting that carries one, whatever the order", () => {
  const db = useTestSchema();
  const key = { source: 'slack', externalId: 'u1' };
  const sighting = (displayName: string | null, seenAt: number | null) => ({ keys: [key], displayName, seenAt });
  const nameNow = async () => (await db.sink.pool.query<{ display_name: string }>("SELECT display_name FROM identities WHERE source = 'slack' AND external_id = 'u1'")).rows[0]?.display_name;
  const see = async (...sightings: ReturnType<typeof sighting>[]) => {
    const client = await db.sink.pool.connect();
    try {
      await client.query('BEGIN');
      await resolveIdentities(client, sightings);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  it('the file names it and corrects it; an event renames it; the file no longer can; an older or nameless event changes nothing', async () => {
    await see(sighting('Jon', null));
    expect(await nameNow()).toBe('Jon');
    await see(sighting('John', null)); // the file corrected
    expect(await nameNow()).toBe('John');
    await see(sighting('Johnny', 20));
    expect(await nameNow()).toBe('Johnny');
    await see(sighting('J', null), sighting(null, 30), sighting('Old name', 10));
    expect(await nameNow()).toBe('Johnny');
    // The same time: the greater name, in either order and in one batch.
    await see(sighting('Johnny B', 20));
    await see(sighting('Johnny A', 20));
    expect(await nameNow()).toBe('Johnny B');
  });
});
