/**
 * A repository renamed, for the stack tests of every store: made by the real normalizer from
 * octokit's examples (topology/github/fixtures/), received a day apart, in this order:
 *
 *  1. dave commits d1 to acme/old           2. acme/old deployed to production (deployment 1, success)
 *  3. repository 42 renamed acme/old → acme/new
 *  4. dave commits d2 to acme/new           5. acme/new deployed to production (deployment 2, success)
 *
 * A project naming acme/new must count both deployments and both commits.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { github } from '../../topology/github/index.ts';
import { fixture, type Json, type JsonObject, withValue } from '../../topology/testing/github.ts';
import { envelope } from './envelope.ts';

export const T0 = Date.parse('2025-03-03T09:00:00Z');
const DAY = 86_400_000;
const REPOSITORY_ID = 42;
export const dave = { source: 'github', accountId: '4', login: 'dave', displayName: null, email: null } as const;

function set(body: JsonObject, changes: readonly [readonly (string | number)[], Json][]): JsonObject {
  return changes.reduce((b, [path, value]) => withValue(b, path, value), body);
}

function normalized(eventName: string, body: JsonObject, step: number): EngEvent {
  const outcome = github.normalize({ source: 'github', eventName, deliveryId: `rename-${step}`, receivedAt: T0 + step * DAY, headers: {}, body: JSON.stringify(body) });
  if (outcome.kind !== 'normalized' || outcome.events.length !== 1) throw new Error(`step ${step}: ${JSON.stringify(outcome)}`);
  return outcome.events[0]!;
}

const iso = (step: number): string => new Date(T0 + step * DAY).toISOString();

export function commit(repository: string, sha: string, step: number): EngEvent {
  const at = T0 + step * DAY;
  return envelope('commit.pushed', `github.commit.pushed:${repository}:${sha}`, at, {
    repository, ref: 'refs/heads/main', branch: 'main', sha, message: 'work', author: dave, committer: dave, timestamp: at,
    url: `https://github.com/${repository}/commit/${sha}`, distinct: true, added: 0, removed: 0, modified: 1, jiraKeys: [],
  }, { repository, actor: dave });
}

/** A production deployment of `repository` that succeeded a minute after it was created. */
export function deployed(repository: string, deploymentId: number, sha: string, step: number): EngEvent[] {
  const repo: [readonly string[], Json][] = [[['repository', 'full_name'], repository], [['repository', 'name'], repository.split('/')[1]!]];
  const deployment: [readonly (string | number)[], Json][] = [[['deployment', 'id'], deploymentId], [['deployment', 'sha'], sha], [['deployment', 'created_at'], iso(step)], [['deployment', 'updated_at'], iso(step)]];
  return [
    normalized('deployment', set(fixture('deployment/payload.json'), [...repo, ...deployment]), step),
    normalized('deployment_status', set(fixture('deployment_status/payload.json'), [...repo, ...deployment, [['deployment_status', 'id'], deploymentId * 10], [['deployment_status', 'created_at'], new Date(T0 + step * DAY + 60_000).toISOString()], [['deployment_status', 'updated_at'], new Date(T0 + step * DAY + 60_000).toISOString()]]), step),
  ];
}

/** Step 3: the rename, as GitHub sends it (the new full name, the old name in changes); `id` another repository's. */
export function renamed(from = 'acme/old', to = 'acme/new', step = 3, id = REPOSITORY_ID): EngEvent {
  const [owner, name] = to.split('/') as [string, string];
  return normalized('repository', set(fixture('repository/renamed.payload.json'), [
    [['repository', 'id'], id], [['repository', 'full_name'], to], [['repository', 'name'], name], [['repository', 'owner', 'login'], owner],
    [['changes', 'repository', 'name', 'from'], from.split('/')[1]!],
  ]), step);
}

export const beforeRename = (): EngEvent[] => [commit('acme/old', 'd1', 1), ...deployed('acme/old', 1, 'd1', 2)];
export const afterRename = (): EngEvent[] => [commit('acme/new', 'd2', 4), ...deployed('acme/new', 2, 'd2', 5)];

/** Steps 1–5, in order. */
export const renameScenario = (): EngEvent[] => [...beforeRename(), renamed(), ...afterRename()];

/** A new repository `id` created as `fullName` (a name used again after a rename), as GitHub sends it. */
export function created(fullName: string, id: number, step: number): EngEvent {
  const [owner, name] = fullName.split('/') as [string, string];
  return normalized('repository', set(fixture('repository/created.payload.json'), [
    [['repository', 'id'], id], [['repository', 'full_name'], fullName], [['repository', 'name'], name], [['repository', 'owner', 'login'], owner],
    [['repository', 'created_at'], iso(step)],
  ]), step);
}
