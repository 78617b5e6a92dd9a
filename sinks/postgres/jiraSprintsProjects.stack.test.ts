/**
 * Jira's sprint, project and user webhooks in the real PostgreSQL: the events are the Jira
 * normalizer's output for the fixtures (topology/jira/fixtures), so the test reads what Jira sends.
 */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { jira } from '../../topology/jira/index.ts';
import { fixtureNormalizer } from '../../topology/testing/normalizerProperties.ts';
import { projectKeyOfJiraId } from './queries.ts';
import { parseTeamsFile, syncTeams } from './teams.ts';
import { commit } from './testing/testEvents.ts';
import { snapshot, useTestSchema } from './testing/testSchema.ts';
import type { PostgresSink } from './sink.ts';

const normalize = fixtureNormalizer(jira, new URL('../../topology/jira/fixtures/', import.meta.url), 'delivery-stack');
function eventOf(file: string, eventName: string, edit?: (body: any) => void): EngEvent {
  const outcome = normalize(file, eventName, edit);
  if (outcome.kind !== 'normalized') throw new Error(`${file}: ${JSON.stringify(outcome)}`);
  return outcome.events[0]!;
}

/** Sprint 38's life: created, started, renamed, closed (sprint_closed.json made sprint 38's close). */
const sprintLife = (id = 38): EngEvent[] => [
  eventOf('sprint_created.json', 'sprint_created', (body) => (body.sprint.id = id)),
  eventOf('sprint_started.json', 'sprint_started', (body) => (body.sprint.id = id)),
  eventOf('sprint_updated.json', 'sprint_updated', (body) => (body.sprint.id = body.oldValue.id = id)),
  eventOf('sprint_closed.json', 'sprint_closed', (body) => {
    body.timestamp = 1716800400000;
    Object.assign(body.sprint, { id, name: 'PROJ Sprint 13 (Payments)', startDate: '2024-05-13T09:00:00.000Z', endDate: '2024-05-27T09:00:00.000Z', completeDate: '2024-05-27T09:00:00.000Z' });
  }),
];

async function sprint(sink: PostgresSink, id: number) {
  const { rows } = await sink.pool.query(
    `SELECT name, state, board_id::int, start_at, completed_at, changed_at, deleted_at IS NOT NULL AS deleted FROM sprint_velocity WHERE sprint_id = $1`,
    [id],
  );
  return rows[0];
}

async function project(sink: PostgresSink) {
  const { rows } = await sink.pool.query(`SELECT key, name, file_name, jira_id, jira_name, jira_type, lead_account_id, jira_deleted_at IS NOT NULL AS deleted FROM projects WHERE key = 'PROJ'`);
  return rows[0];
}

describe('postgres: Jira sprints from their lifecycle webhooks', () => {
  const db = useTestSchema();

  it('created → started → renamed → closed ends closed with the new name, the start and the close', async () => {
    for (const event of sprintLife()) await db.sink.write([event]);
    expect(await sprint(db.sink, 38)).toEqual({
      name: 'PROJ Sprint 13 (Payments)',
      state: 'closed',
      board_id: 5,
      start_at: new Date('2024-05-13T09:00:00.000Z'),
      completed_at: new Date('2024-05-27T09:00:00.000Z'),
      changed_at: new Date(1716800400000),
      deleted: false,
    });
  });

  it('replayed out of order, one by one or as one batch, ends the same', async () => {
    const before = await snapshot(db.sink);
    const [created, started, renamed, closed] = sprintLife();
    for (const event of [closed!, renamed!, created!, started!]) await db.sink.write([event]);
    await db.sink.write([started!, closed!, created!, renamed!]);
    expect(await snapshot(db.sink)).toEqual(before);
  });

  it('out of order into an empty sprint row ends as in order: an old name or state never returns', async () => {
    const [created, started, renamed, closed] = sprintLife(40);
    for (const event of [renamed!, closed!, started!, created!]) await db.sink.write([event]);
    expect(await sprint(db.sink, 40)).toMatchObject({ name: 'PROJ Sprint 13 (Payments)', state: 'closed', completed_at: new Date('2024-05-27T09:00:00.000Z') });
  });

  it('a deleted sprint is marked, and a creation replayed after it does not undelete it', async () => {
    const deleted = eventOf('sprint_deleted.json', 'sprint_deleted');
    const created = eventOf('sprint_created.json', 'sprint_created', (body) => Object.assign(body.sprint, { id: 39, name: 'PROJ Sprint 14' }));
    await db.sink.write([deleted]);
    await db.sink.write([created]);
    expect(await sprint(db.sink, 39)).toMatchObject({ name: 'PROJ Sprint 14', state: 'future', deleted: true });
  });
});

describe('postgres: Jira projects from their webhooks, beside the organization file', () => {
  const db = useTestSchema();

  it('created then renamed: the name follows; an older event replayed later changes nothing; the lead joins the identities', async () => {
    const created = eventOf('project_created.json', 'project_created');
    const renamed = eventOf('project_updated.json', 'project_updated');
    await db.sink.write([created]);
    await db.sink.write([renamed]);
    const expected = { key: 'PROJ', name: 'Phoenix Payments', file_name: null, jira_id: '10000', jira_name: 'Phoenix Payments', jira_type: 'software', lead_account_id: '5b10ac8d82e05b22cc7d4ef5', deleted: false };
    expect(await project(db.sink)).toEqual(expected);
    const before = await snapshot(db.sink);
    await db.sink.write([created]);
    await db.sink.write([renamed, created]);
    expect(await snapshot(db.sink)).toEqual(before);
    expect(await projectKeyOfJiraId(db.sink.pool, '10000')).toBe('PROJ');
    const { rows } = await db.sink.pool.query(`SELECT count(*)::int AS n FROM identities WHERE source = 'jira' AND external_id IN ('5b10ac8d82e05b22cc7d4ef5', '5b10a2844c20165700ede21g')`);
    expect(rows[0].n).toBe(2);
  });

  it("the file's name wins where it gives one, whichever comes first; Jira's stays beside it", async () => {
    const client = await db.sink.pool.connect();
    try {
      await syncTeams(client, parseTeamsFile(JSON.stringify({ teams: [{ name: 'Payments', projects: [{ key: 'PROJ', name: 'Phoenix' }] }] })));
    } finally {
      client.release();
    }
    expect(await project(db.sink)).toMatchObject({ name: 'Phoenix', file_name: 'Phoenix', jira_name: 'Phoenix Payments' });
    await db.sink.write([eventOf('project_updated.json', 'project_updated', (body) => Object.assign(body, { timestamp: 1716000000000 }, { project: { ...body.project, name: 'Phoenix Pay' } }))]);
    expect(await project(db.sink)).toMatchObject({ name: 'Phoenix', jira_name: 'Phoenix Pay' });
  });

  it('a deleted project is marked, not removed', async () => {
    await db.sink.write([eventOf('project_deleted.json', 'project_deleted')]);
    await db.sink.write([eventOf('project_created.json', 'project_created')]);
    expect(await project(db.sink)).toMatchObject({ key: 'PROJ', deleted: true, name: 'Phoenix' });
  });
});

describe('postgres: Jira accounts join the identity mapping', () => {
  const db = useTestSchema();

  it('a Jira user whose shared email a GitHub identity carries is merged into that user: one user, both identities', async () => {
    const johnOnGithub = { source: 'github', accountId: '583231', login: 'johndoe', displayName: 'John Doe', email: 'john@acme.io' };
    await db.sink.write([commit('a1', johnOnGithub, '2024-05-01T10:00:00Z')]);
    // Created without an email (hidden by privacy settings): a user of its own for now.
    await db.sink.write([eventOf('user_created.json', 'user_created')]);
    const users = async () => (await db.sink.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n;
    expect(await users()).toBe(2);
    // Updated with the email shared: the two are one person, merged into the older user.
    await db.sink.write([eventOf('user_updated.json', 'user_updated')]);
    const { rows } = await db.sink.pool.query<{ key: string; user_id: string }>(
      `SELECT source || ':' || external_id AS key, user_id::text FROM identities ORDER BY key`,
    );
    expect(rows.map((r) => r.key)).toEqual(['email:john@acme.io', 'github:johndoe', 'github_id:583231', 'jira:5c3d8a1f0e2b4a6d8c9e0f12']);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(1);
    expect(await users()).toBe(1);
    // Replayed, and the deletion: nothing splits.
    const before = await snapshot(db.sink);
    await db.sink.write([eventOf('user_created.json', 'user_created'), eventOf('user_updated.json', 'user_updated')]);
    expect(await snapshot(db.sink)).toEqual(before);
    await db.sink.write([eventOf('user_deleted.json', 'user_deleted')]);
    expect(await users()).toBe(1);
  });
});
