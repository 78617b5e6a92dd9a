import { describe, expect, it } from 'vitest';
import type { CommitPushed, EngEvent, EngEventOf, JiraIssueUpdated } from '../avro/generated/types.ts';
import { jiraCommandsFor } from '../topology/derive/jiraCommands.ts';
import { slackNotificationFor } from '../topology/derive/slackNotifications.ts';
import { SAMPLE_COMMIT_MESSAGE } from '../topology/github/samples.ts';
import { normalizerFor } from '../topology/sources.ts';
import { rawKey } from '../topology/rawRecord.ts';
import { sampleWebhooks } from './samples.ts';

const samples = sampleWebhooks();
const normalized = samples.map((webhook) => ({ webhook, outcome: normalizerFor(webhook.source)!.normalize(webhook) }));
const events: EngEvent[] = normalized.flatMap(({ outcome }) => (outcome.kind === 'normalized' ? [...outcome.events] : []));
const ofType = (type: string) => events.filter((e) => e.type === type);

describe('the bundled samples', () => {
  it('all normalize into events, across the four sources, with distinct delivery and event ids', () => {
    for (const { webhook, outcome } of normalized) {
      expect(outcome.kind, `${webhook.deliveryId} ${webhook.eventName}`).toBe('normalized');
      expect(outcome.kind === 'normalized' && outcome.events.length > 0, webhook.deliveryId).toBe(true);
    }
    expect(new Set(events.map((e) => normalizerFor(e.source)!.source))).toEqual(new Set(['github', 'jira', 'notion', 'prometheus']));
    expect(new Set(samples.map((w) => w.deliveryId)).size).toBe(samples.length);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });

  it('hold the realistic set: a merged pull request with a review, a deployment status, a sprint closed, a Notion edit, metric samples and an alert', () => {
    for (const type of ['pull_request.merged', 'review.submitted', 'deployment.status_changed', 'sprint.closed', 'page.updated', 'metric.sampled', 'alert.firing']) {
      expect(ofType(type).length, type).toBeGreaterThan(0);
    }
    const merged = ofType('pull_request.merged')[0]!;
    const review = ofType('review.submitted')[0]!;
    expect(merged.repository).toBe(review.repository);
    expect((merged.payload as { pullRequest: { number: number } }).pullRequest.number).toBe((review.payload as { pullRequestNumber: number }).pullRequestNumber);
  });

  it('include the push whose commit comments on PROJ-123 and moves it to In Review', () => {
    const [push] = ofType('commit.pushed') as EngEventOf<'commit.pushed', CommitPushed>[];
    expect(push!.payload.message).toBe(SAMPLE_COMMIT_MESSAGE);
    const commands = jiraCommandsFor(push!);
    expect(commands.map((c) => [c.type, c.issueKey, c.action])).toEqual([
      ['jira.comment.add', 'PROJ-123', expect.objectContaining({ body: 'fixed login bug' })],
      ['jira.issue.transition', 'PROJ-123', { transitionName: 'in-review' }],
    ]);
  });

  it('include the High priority issue moving to Blocked, which notifies Slack', () => {
    const channels = { byProject: { PROJ: '#proj-eng' }, defaultChannel: null };
    const notified = (ofType('issue.updated') as EngEventOf<'issue.updated', JiraIssueUpdated>[]).map((e) => slackNotificationFor(e, channels)).filter((d) => 'notification' in d);
    expect(notified).toEqual([{ notification: expect.objectContaining({ channel: '#proj-eng', issueKey: 'PROJ-456', projectKey: 'PROJ' }) }]);
  });

  it('are keyed by repository, Jira project, Notion workspace and metric job', () => {
    expect(samples.map((w) => `${w.eventName}=${rawKey(w)}`)).toEqual(
      expect.arrayContaining(['push=Codertocat/Hello-World', 'jira:issue_updated=PROJ', 'sprint_closed=board-5', 'page.created=13950b26-c203-4f3b-b97d-93ec06319565', 'query_result=prometheus', 'alerts=checkout']),
    );
  });
});
