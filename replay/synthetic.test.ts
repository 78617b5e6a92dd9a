import { describe, expect, it } from 'vitest';
import type { EngEventOf, CommitPushed, JiraIssueUpdated } from '../avro/generated/types.ts';
import { loadSchema } from '../avro/schemas.ts';
import { jiraCommandsFor } from '../topology/derive/jiraCommands.ts';
import { slackNotificationFor } from '../topology/derive/slackNotifications.ts';
import { normalizerFor } from '../topology/sources.ts';
import { DEVELOPERS, PROJECTS, REPOSITORIES } from './cast.ts';
import { expectedEvents, SYNTHETIC_MIX, syntheticWebhook, syntheticWebhooks } from './synthetic.ts';

const N = 5000;
const run = [...syntheticWebhooks({ count: N, seed: 7 })];
const outcomes = run.map((webhook) => ({ webhook, outcome: normalizerFor(webhook.source)!.normalize(webhook) }));
const events = outcomes.flatMap(({ outcome }) => (outcome.kind === 'normalized' ? outcome.events : []));

describe('the synthetic generator', () => {
  it('gives the same webhooks for the same seed, and others for another seed', () => {
    expect([...syntheticWebhooks({ count: 300, seed: 7 })]).toEqual(run.slice(0, 300));
    const other = [...syntheticWebhooks({ count: 300, seed: 8 })];
    expect(other.filter((w, i) => w.body === run[i]!.body).length).toBe(0);
  });

  it('continues a run from firstIndex with the same webhooks', () => {
    expect([...syntheticWebhooks({ count: 50, seed: 7, firstIndex: 1000 })]).toEqual(run.slice(1000, 1050));
  });

  it('is lazy: a billion webhooks start at once', () => {
    const iterator = syntheticWebhooks({ count: 1_000_000_000, seed: 7 });
    const first = [iterator.next().value, iterator.next().value];
    expect(first).toEqual(run.slice(0, 2));
  });

  it('has the mix it claims, within tolerance', () => {
    const share = (sources: string[]) => run.filter((w) => sources.includes(w.source)).length / N;
    expect(Math.abs(share(['github']) - 0.45)).toBeLessThan(0.03);
    expect(Math.abs(share(['jira']) - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(share(['notion']) - 0.05)).toBeLessThan(0.015);
    expect(Math.abs(share(['prometheus', 'alertmanager']) - 0.2)).toBeLessThan(0.03);
    const weights = Object.values(SYNTHETIC_MIX).reduce((sum, kind) => sum + kind.weight, 0);
    expect(weights).toBe(100);
    // Every kind shows up in proportion to its weight.
    const kinds = new Map<string, number>();
    for (let i = 0; i < N; i += 1) {
      const { kind } = syntheticWebhook(7, i);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    for (const [name, { weight }] of Object.entries(SYNTHETIC_MIX)) {
      expect(Math.abs((kinds.get(name) ?? 0) / N - weight / 100), name).toBeLessThan(0.02);
    }
  });

  it('spreads over the cast: 20 repositories, 8 projects, 60 developers', () => {
    const repositories = new Set(events.map((e) => e.repository).filter(Boolean));
    const projects = new Set(events.map((e) => e.projectKey).filter(Boolean));
    const logins = new Set(events.flatMap((e) => (e.actor?.source === 'github' ? [e.actor.login] : [])));
    expect(repositories).toEqual(new Set(REPOSITORIES.map((r) => r.fullName)));
    expect(projects).toEqual(new Set(PROJECTS.map((p) => p.key)));
    expect(logins.size).toBe(DEVELOPERS.length);
  });

  it('makes webhooks that all normalize, none skipped or invalid, with distinct delivery and event ids', () => {
    const kinds = outcomes.reduce<Record<string, number>>((count, { outcome }) => ({ ...count, [outcome.kind]: (count[outcome.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ normalized: N });
    expect(outcomes.every(({ outcome }) => outcome.kind === 'normalized' && outcome.events.length > 0)).toBe(true);
    expect(new Set(run.map((w) => w.deliveryId)).size).toBe(N);
    expect(events.length).toBeGreaterThan(N);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });

  it('makes webhooks that fit the RawWebhook schema', () => {
    const type = loadSchema('RawWebhook');
    expect(run.filter((w) => !type.isValid(w))).toEqual([]);
  });

  it('gives the derivations work: commits that command Jira, High issues going Blocked', () => {
    const commands = events.filter((e) => e.type === 'commit.pushed').flatMap((e) => jiraCommandsFor(e as EngEventOf<'commit.pushed', CommitPushed>));
    expect(commands.filter((c) => c.type === 'jira.comment.add').length).toBeGreaterThan(100);
    expect(commands.filter((c) => c.type === 'jira.issue.transition').length).toBeGreaterThan(10);
    const channels = { byProject: {}, defaultChannel: '#eng' };
    const notifications = events.filter((e) => e.type === 'issue.updated').filter((e) => 'notification' in slackNotificationFor(e as EngEventOf<'issue.updated', JiraIssueUpdated>, channels));
    expect(notifications.length).toBeGreaterThan(5);
  });

  it('expectedEvents is the normalizer: the events for a good webhook, an error naming the path for a bad one', () => {
    const webhook = run.find((w) => w.source === 'github')!;
    expect(expectedEvents(webhook)).toEqual((normalizerFor('github')!.normalize(webhook) as { events: unknown }).events);
    expect(() => expectedEvents({ ...webhook, eventName: 'pull_request', body: '{"action":"opened"}' })).toThrow(/invalid at \$\.\w+/);
    expect(expectedEvents({ ...webhook, eventName: 'star' })).toEqual([]);
  });

  it('rejects a count or seed that is not a whole number', () => {
    expect(() => syntheticWebhooks({ count: -1 }).next()).toThrow(/count must be an integer/);
    expect(() => syntheticWebhooks({ count: 1, seed: 1.5 }).next()).toThrow(/seed must be an integer/);
  });
});
