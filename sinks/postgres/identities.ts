/**
 * Identity resolution: which user each account we see belongs to.
 *
 * THE RULE. An `Identity` (one person as one source describes them at one moment) yields keys:
 * its own key (sinks/identity.ts `identityKey`, the key every store gives a person): `<source>`
 * and its login, lower-cased (logins are case-insensitive), or, in a source without logins, its
 * account id (`jira`, `notion`); beside a login, the account id as `<source>_id` (GitHub's numeric
 * id: survives a rename); `email` (lower-cased) and, from the teams file only, `slack`. Keys seen
 * together in one Identity are the same person: a commit whose author is johndoe <john@acme.io>
 * ties `github:johndoe` to `email:john@acme.io`; a Jira user with accountId 5b10… and email
 * john@acme.io ties `jira:5b10…` to the same email. So:
 *
 * - keys that share a sighting, directly or through a chain of sightings, belong to one user
 *   (connected components over keys and the users already holding them);
 * - a component holding no existing user gets a new one;
 * - a component holding two or more users is one person we used to think were several: they are
 *   merged into the OLDEST (smallest id, ids only grow). Identities, team memberships (with where
 *   each comes from), organization memberships, collaborations and daily activity move to it
 *   (activity summed per day); its hourly rate and name win, the other's fill gaps; the merged
 *   id is recorded in `user_merges` so an id handed out earlier still resolves.
 *
 * Two identities in one event (a commit's author and committer, a PR's author and reviewer) are
 * NOT linked: they are often different people. Shared addresses (noreply@github.com, which
 * GitHub uses as committer of web merges) are not keys, or they would fuse strangers. Merges
 * are never undone automatically: a wrong link is fixed by hand.
 *
 * Resolution runs under a transaction-scoped advisory lock, so two workers never create two
 * users for one new key or merge the same users at once; the lock serializes PostgreSQL batches,
 * which this store's volume (people and days, not events) allows.
 */
import type pg from 'pg';
import type { Identity } from '../../avro/generated/types.ts';
import { identityKey } from '../identity.ts';

export interface IdentityKey {
  readonly source: string;
  readonly externalId: string;
}

/** Keys seen together (one person), with what to remember about them. */
export interface Sighting {
  readonly keys: readonly IdentityKey[];
  readonly displayName: string | null;
  /** Epoch ms of the event; null for configuration (the teams file). */
  readonly seenAt: number | null;
}

/** User ids as PostgreSQL returns bigint: text. */
export type UserId = string;

/** Addresses many people share: never identity keys. */
const SHARED_EMAILS: ReadonlySet<string> = new Set(['noreply@github.com', 'noreply@users.noreply.github.com', 'git@github.com']);

/** The advisory lock key of identity resolution (any constant unique within the database). */
export const IDENTITY_LOCK = 7_358_201_944;

export const keyString = (key: IdentityKey): string => `${key.source}:${key.externalId}`;

export function normalizedEmail(email: string | null | undefined): string | null {
  const normalized = email?.trim().toLowerCase() ?? '';
  return normalized.includes('@') && !SHARED_EMAILS.has(normalized) ? normalized : null;
}

/** The keys of one Identity, per the rule above; the first is its `identityKey` when it has a login or an account id. */
export function keysOf(identity: Identity): IdentityKey[] {
  const login = identity.login?.trim() || null;
  const accountId = identity.accountId?.trim() || null;
  const keys: IdentityKey[] = [];
  if (login !== null || accountId !== null) {
    // `<source>:<login or account id>`, which the store keeps as (source, external id).
    const own = identityKey({ ...identity, login, accountId, email: null })!;
    keys.push({ source: identity.source, externalId: own.slice(identity.source.length + 1) });
  }
  if (login !== null && accountId !== null) keys.push({ source: `${identity.source}_id`, externalId: accountId });
  const email = normalizedEmail(identity.email);
  if (email !== null) keys.push({ source: 'email', externalId: email });
  return keys;
}

export function sightingOf(identity: Identity, seenAt: number): Sighting {
  return { keys: keysOf(identity), displayName: identity.displayName, seenAt };
}

/** The user of an Identity once resolved; undefined when it has no keys. */
export function userOf(identity: Identity, users: ReadonlyMap<string, UserId>): UserId | undefined {
  const [first] = keysOf(identity);
  return first === undefined ? undefined : users.get(keyString(first));
}

/** Resolves every key of the sightings to a user (creating and merging users as the rule says). Call inside a transaction. */
export async function resolveIdentities(client: pg.ClientBase, sightings: readonly Sighting[]): Promise<Map<string, UserId>> {
  const seen = sightings.filter((s) => s.keys.length > 0);
  if (seen.length === 0) return new Map();
  await client.query('SELECT pg_advisory_xact_lock($1)', [IDENTITY_LOCK]);

  const keys = new Map<string, IdentityKey>();
  for (const s of seen) for (const k of s.keys) keys.set(keyString(k), k);
  const existing = await client.query<{ source: string; external_id: string; user_id: string }>(
    `SELECT i.source, i.external_id, i.user_id::text FROM identities i
       JOIN unnest($1::text[], $2::text[]) AS k(source, external_id) USING (source, external_id)`,
    [[...keys.values()].map((k) => k.source), [...keys.values()].map((k) => k.externalId)],
  );

  // Union-find over "k:<key>" and "u:<user id>" nodes.
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(node, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const k of keys.keys()) find(`k:${k}`);
  for (const s of seen) for (const k of s.keys.slice(1)) union(`k:${keyString(s.keys[0]!)}`, `k:${keyString(k)}`);
  for (const row of existing.rows) union(`k:${row.source}:${row.external_id}`, `u:${row.user_id}`);

  const components = new Map<string, { keys: string[]; users: Set<string> }>();
  for (const node of parent.keys()) {
    const root = find(node);
    const component = components.get(root) ?? { keys: [], users: new Set<string>() };
    components.set(root, component);
    if (node.startsWith('k:')) component.keys.push(node.slice(2));
    else component.users.add(node.slice(2));
  }

  // Each key's name in this batch by the same rule as its identity's (namedLater), not by the order
  // of the batch: a new user takes it, and keeps it (below).
  const nameOf = new Map<string, { name: string; at: number | null }>();
  for (const s of seen) {
    for (const k of s.keys) {
      const held = nameOf.get(keyString(k));
      if (s.displayName && (held === undefined || namedLater(s.seenAt, s.displayName, held.at, held.name))) nameOf.set(keyString(k), { name: s.displayName, at: s.seenAt });
    }
  }

  const owner = new Map<string, UserId>();
  const newUsers: { component: { keys: string[] }; name: string | null }[] = [];
  const merges: { from: UserId; into: UserId }[] = [];
  for (const component of components.values()) {
    const users = [...component.users].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const oldest = users[0];
    if (oldest === undefined) {
      newUsers.push({ component, name: newestName(component.keys.map((k) => nameOf.get(k))) });
      continue;
    }
    for (const other of users.slice(1)) merges.push({ from: other, into: oldest });
    for (const k of component.keys) owner.set(k, oldest);
  }

  if (newUsers.length > 0) {
    const ids = await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('users', 'id'))::text AS id FROM generate_series(1, $1)`, [newUsers.length]);
    const idList = ids.rows.map((r) => r.id);
    await client.query('INSERT INTO users (id, display_name) SELECT * FROM unnest($1::bigint[], $2::text[])', [idList, newUsers.map((u) => u.name)]);
    newUsers.forEach((u, i) => {
      for (const k of u.component.keys) owner.set(k, idList[i]!);
    });
  }
  if (merges.length > 0) await mergeUsers(client, merges);
  await upsertIdentities(client, keys, owner, seen);
  // A user made from the teams file has no name until an event shows one; a name, once set, stays.
  const named = new Map<UserId, ({ name: string; at: number | null } | undefined)[]>();
  for (const [k, user] of owner) named.set(user, [...(named.get(user) ?? []), nameOf.get(k)]);
  const names = new Map<UserId, string>();
  for (const [user, candidates] of named) {
    const name = newestName(candidates);
    if (name !== null) names.set(user, name);
  }
  if (names.size > 0) {
    await client.query('UPDATE users u SET display_name = n.name FROM unnest($1::bigint[], $2::text[]) AS n(id, name) WHERE u.id = n.id AND u.display_name IS NULL', [
      [...names.keys()],
      [...names.values()],
    ]);
  }
  return owner;
}

/** Of the names a user's keys were seen with, the one namedLater keeps whatever their order; null for none. */
function newestName(candidates: readonly ({ name: string; at: number | null } | undefined)[]): string | null {
  let best: { name: string; at: number | null } | undefined;
  for (const c of candidates) if (c !== undefined && (best === undefined || namedLater(c.at, c.name, best.at, best.name))) best = c;
  return best?.name ?? null;
}

async function upsertIdentities(client: pg.ClientBase, keys: ReadonlyMap<string, IdentityKey>, owner: ReadonlyMap<string, UserId>, sightings: readonly Sighting[]): Promise<void> {
  const facts = new Map<string, { name: string | null; nameAt: number | null; first: number | null; last: number | null }>();
  for (const s of sightings) {
    for (const k of s.keys) {
      const id = keyString(k);
      const f = facts.get(id) ?? { name: null, nameAt: null, first: null, last: null };
      if (s.displayName && (f.name === null || namedLater(s.seenAt, s.displayName, f.nameAt, f.name))) {
        f.name = s.displayName;
        f.nameAt = s.seenAt ?? f.nameAt;
      }
      if (s.seenAt !== null) {
        f.first = f.first === null ? s.seenAt : Math.min(f.first, s.seenAt);
        f.last = f.last === null ? s.seenAt : Math.max(f.last, s.seenAt);
      }
      facts.set(id, f);
    }
  }
  const list = [...keys.entries()];
  const at = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  // The name follows the newest sighting that carries one (namedLater, the same rule in SQL), so
  // replaying older events does not bring back an old name, whatever order they arrive in.
  const takesName = `excluded.display_name IS NOT NULL AND (i.display_name IS NULL OR i.display_name_at IS NULL OR (excluded.display_name_at IS NOT NULL
    AND (excluded.display_name_at > i.display_name_at
      OR (excluded.display_name_at = i.display_name_at AND excluded.display_name COLLATE "C" > i.display_name COLLATE "C"))))`;
  await client.query(
    `INSERT INTO identities AS i (source, external_id, user_id, display_name, display_name_at, first_seen_at, last_seen_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
     ON CONFLICT (source, external_id) DO UPDATE SET
       user_id = excluded.user_id,
       display_name = CASE WHEN ${takesName} THEN excluded.display_name ELSE i.display_name END,
       display_name_at = CASE WHEN ${takesName} THEN excluded.display_name_at ELSE i.display_name_at END,
       first_seen_at = least(i.first_seen_at, excluded.first_seen_at),
       last_seen_at = greatest(i.last_seen_at, excluded.last_seen_at)`,
    [
      list.map(([, k]) => k.source),
      list.map(([, k]) => k.externalId),
      list.map(([id]) => owner.get(id)!),
      list.map(([id]) => facts.get(id)?.name ?? null),
      list.map(([id]) => at(facts.get(id)?.nameAt ?? null)),
      list.map(([id]) => at(facts.get(id)?.first ?? null)),
      list.map(([id]) => at(facts.get(id)?.last ?? null)),
    ],
  );
}

/**
 * Whether a name seen at `at` replaces `held`, seen at `heldAt`: it is newer, or as new and the
 * greater (by code point, as SQL's `COLLATE "C"`), so the order of arrival never decides. A name
 * without a time (the teams file) replaces one without a time (the file corrected), never one an
 * event showed; one with a time replaces one without.
 */
function namedLater(at: number | null, name: string, heldAt: number | null, held: string): boolean {
  if (heldAt === null) return true;
  return at !== null && (at > heldAt || (at === heldAt && name > held));
}

/** Folds each `from` user into its `into` user (the rule's merge), all pairs in a few statements. */
export async function mergeUsers(client: pg.ClientBase, merges: readonly { from: UserId; into: UserId }[]): Promise<void> {
  const params = [merges.map((m) => m.from), merges.map((m) => m.into)];
  const pairs = 'unnest($1::bigint[], $2::bigint[]) AS m(from_id, into_id)';
  const statements = [
    `INSERT INTO developer_daily_activity AS d (user_id, day, commits, prs_opened, prs_merged, reviews, issues_completed)
     SELECT m.into_id, a.day, sum(a.commits), sum(a.prs_opened), sum(a.prs_merged), sum(a.reviews), sum(a.issues_completed)
       FROM developer_daily_activity a JOIN ${pairs} ON a.user_id = m.from_id GROUP BY m.into_id, a.day
     ON CONFLICT (user_id, day) DO UPDATE SET commits = d.commits + excluded.commits, prs_opened = d.prs_opened + excluded.prs_opened,
       prs_merged = d.prs_merged + excluded.prs_merged, reviews = d.reviews + excluded.reviews, issues_completed = d.issues_completed + excluded.issues_completed`,
    `UPDATE identities i SET user_id = m.into_id FROM ${pairs} WHERE i.user_id = m.from_id`,
    `INSERT INTO team_members AS tm (team_id, user_id, from_file, from_github, github_at)
     SELECT t.team_id, m.into_id, bool_or(t.from_file), bool_or(t.from_github), max(t.github_at) FROM team_members t JOIN ${pairs} ON t.user_id = m.from_id GROUP BY t.team_id, m.into_id
     ON CONFLICT (team_id, user_id) DO UPDATE SET from_file = tm.from_file OR excluded.from_file, from_github = tm.from_github OR excluded.from_github, github_at = greatest(tm.github_at, excluded.github_at)`,
    ...[accessMerge('organization_members', 'organization', 'role', pairs), accessMerge('repository_collaborators', 'repository', 'permission', pairs)],
    `UPDATE users u SET hourly_rate = coalesce(u.hourly_rate, s.hourly_rate), display_name = coalesce(u.display_name, s.display_name)
       FROM (SELECT m.into_id, max(f.hourly_rate) AS hourly_rate, min(f.display_name) AS display_name FROM users f JOIN ${pairs} ON f.id = m.from_id GROUP BY m.into_id) s
      WHERE u.id = s.into_id`,
    `UPDATE user_merges um SET into_user_id = m.into_id FROM ${pairs} WHERE um.into_user_id = m.from_id`,
    `INSERT INTO user_merges (merged_user_id, into_user_id) SELECT from_id, into_id FROM ${pairs}
     ON CONFLICT (merged_user_id) DO UPDATE SET into_user_id = excluded.into_user_id`,
    // Cascades the moved-away rows of developer_daily_activity and team_members.
    `DELETE FROM users u USING ${pairs} WHERE u.id = m.from_id`,
  ];
  for (const sql of statements) await client.query(sql, params);
}

/** Moves a merged user's rows of an access table (githubTeams.ts) to the kept user; where both have one, the newer webhook's wins. */
function accessMerge(table: 'organization_members' | 'repository_collaborators', scope: 'organization' | 'repository', detail: 'role' | 'permission', pairs: string): string {
  return `INSERT INTO ${table} AS x (${scope}, user_id, ${detail}, github_at)
     SELECT DISTINCT ON (a.${scope}, m.into_id) a.${scope}, m.into_id, a.${detail}, a.github_at
       FROM ${table} a JOIN ${pairs} ON a.user_id = m.from_id ORDER BY a.${scope}, m.into_id, a.github_at DESC
     ON CONFLICT (${scope}, user_id) DO UPDATE SET ${detail} = CASE WHEN excluded.github_at > x.github_at THEN excluded.${detail} ELSE x.${detail} END,
       github_at = greatest(x.github_at, excluded.github_at)`;
}
