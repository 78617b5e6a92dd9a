/**
 * GitHub's organization webhooks for the PostgreSQL and Neo4j stack tests, made by the real
 * normalizer from octokit's examples (topology/github/fixtures/) with only the team, the member
 * and the repository changed, so the stores see what GitHub would send. Received a minute apart,
 * in this order, each its own delivery (the received time is these events' time, the delivery
 * id part of their ids):
 *
 *  1. team "Platform Team" (id 100) created            2. alice added to 100
 *  3. team 100 renamed to "Platform"                   4. bob added to 100
 *  5. team "Payments" (id 200), parent 100, created    6. carol added to 200
 *  7. team 100 given acme/api                          8. bob removed from 100
 *  9. team "Legacy" (id 300) created                  10. gina added to 300
 * 11. team 300 deleted                                12. gina removed from 300 (GitHub's removal by a deleted team)
 * 13. hana joins the organization                     14. ivan made a collaborator of acme/api
 *
 * and, beside them, what the push and review webhooks of the same days say: dave committed to
 * acme/api; erin reviewed alice's acme/api#5; gina reviewed bob's acme/api#6.
 */
import type { EngEvent, Identity } from '../../avro/generated/types.ts';
import { github } from '../../topology/github/index.ts';
import { fixture, type Json, type JsonObject, withValue } from '../../topology/testing/github.ts';
import { envelope } from './envelope.ts';

export const T0 = Date.parse('2025-03-03T09:00:00Z');
const MINUTE = 60_000;

export const ids = { alice: 1, bob: 2, carol: 3, dave: 4, erin: 5, gina: 7, hana: 8, ivan: 9 } as const;
export type Person = keyof typeof ids;
export const account = (login: Person): Identity => ({ source: 'github', accountId: String(ids[login]), login, displayName: null, email: null });

const user = (login: Person): JsonObject => ({ login, id: ids[login], type: 'User', site_admin: false });
const team = (id: number, name: string, parent: { id: number; name: string } | null = null): JsonObject => ({ id, name, slug: name.toLowerCase().replace(/ /g, '-'), permission: 'push', parent });

function set(body: JsonObject, changes: readonly [readonly (string | number)[], Json][]): JsonObject {
  return changes.reduce((b, [path, value]) => withValue(b, path, value), body);
}

function normalized(eventName: string, body: JsonObject, step: number): EngEvent {
  const outcome = github.normalize({ source: 'github', eventName, deliveryId: `delivery-${step}`, receivedAt: T0 + step * MINUTE, headers: {}, body: JSON.stringify(body) });
  if (outcome.kind !== 'normalized' || outcome.events.length !== 1) throw new Error(`step ${step}: ${JSON.stringify(outcome)}`);
  return outcome.events[0]!;
}

const teamChange = (action: 'created' | 'edited' | 'deleted', t: JsonObject, step: number, changes: JsonObject = {}) =>
  normalized('team', set(fixture(`team/${action === 'edited' ? 'edited' : action}.payload.json`), [[['team'], t], [['changes'], changes]]), step);
const membership = (action: 'added' | 'removed', t: JsonObject, who: Person, step: number) =>
  normalized('membership', set(fixture(`membership/${action}.payload.json`), [[['team'], t], [['member'], user(who)]]), step);

/** Steps 1–14, in order. */
export function organizationWebhooks(): EngEvent[] {
  const platformTeam = team(100, 'Platform Team');
  const platform = team(100, 'Platform');
  const payments = team(200, 'Payments', { id: 100, name: 'Platform' });
  const legacy = team(300, 'Legacy');
  return [
    teamChange('created', platformTeam, 1),
    membership('added', platformTeam, 'alice', 2),
    teamChange('edited', platform, 3, { name: { from: 'Platform Team' } }),
    membership('added', platform, 'bob', 4),
    teamChange('created', payments, 5),
    membership('added', payments, 'carol', 6),
    normalized('team', set(fixture('team/added_to_repository.payload.json'), [[['team'], platform], [['repository', 'full_name'], 'acme/api']]), 7),
    membership('removed', platform, 'bob', 8),
    teamChange('created', legacy, 9),
    membership('added', legacy, 'gina', 10),
    teamChange('deleted', legacy, 11),
    normalized('membership', set(fixture('membership/removed.with-deleted-team.payload.json'), [[['team'], { id: 300, name: 'Legacy', deleted: true }], [['member'], user('gina')]]), 12),
    normalized('organization', set(fixture('organization/member_added.payload.json'), [[['membership', 'user'], user('hana')]]), 13),
    normalized('member', set(fixture('member/added.payload.json'), [[['member'], user('ivan')], [['repository', 'full_name'], 'acme/api']]), 14),
  ];
}

/** What the push and review webhooks say: dave's commit to acme/api, erin's review of alice, gina's of bob. */
export function workWebhooks(): EngEvent[] {
  const at = T0 + 20 * MINUTE;
  const review = (reviewer: Person, author: Person, number: number, reviewId: number): EngEvent =>
    envelope('review.submitted', `github.review.submitted:${reviewId}`, at, {
      repository: 'acme/api', pullRequestNumber: number, pullRequestAuthor: account(author), reviewId, reviewer: account(reviewer), state: 'approved', submittedAt: at, commitId: null, url: `https://github.com/acme/api/pull/${number}#r${reviewId}`,
    }, { repository: 'acme/api', actor: account(reviewer) });
  return [
    envelope('commit.pushed', 'github.commit.pushed:acme/api:d1', at, {
      repository: 'acme/api', ref: 'refs/heads/main', branch: 'main', sha: 'd1', message: 'work', author: account('dave'), committer: account('dave'), timestamp: at,
      url: 'https://github.com/acme/api/commit/d1', distinct: true, added: 0, removed: 0, modified: 1, jiraKeys: [],
    }, { repository: 'acme/api', actor: account('dave') }),
    review('erin', 'alice', 5, 501),
    review('gina', 'bob', 6, 601),
  ];
}

/**
 * Deliveries GitHub sent in one millisecond (these webhooks carry no time of their own, so the
 * received time is their time, and here it ties): team 400 "Contested" created; alice added to it
 * and removed from it at once; then renamed and deleted at once. Whatever the order they arrive
 * in, the removal and the deletion win: alice is no member, and the team is deleted. (Each pair
 * shares a step, so a delivery id, where GitHub would send two; their kinds keep the ids apart.)
 */
export function sameMillisecondWebhooks(): EngEvent[] {
  const contested = team(400, 'Contested');
  const renamed = team(400, 'Contested Renamed');
  return [
    teamChange('created', contested, 20),
    membership('added', contested, 'alice', 21),
    membership('removed', contested, 'alice', 21),
    teamChange('edited', renamed, 22, { name: { from: 'Contested' } }),
    teamChange('deleted', renamed, 22),
  ];
}
