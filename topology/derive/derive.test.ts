import { describe, expect, it } from 'vitest';
import type { CommitPushed, EngEventOf, Identity, JiraIssueUpdated } from '../../avro/generated/types.ts';
import { loadSchema } from '../../avro/schemas.ts';
import { jiraCommandsFor } from './jiraCommands.ts';
import { parseChannelMap, slackNotificationFor } from './slackNotifications.ts';

const dev: Identity = { source: 'github', accountId: null, login: 'octocat', displayName: 'Octo Cat', email: 'octo@example.com' };

function commit(message: string, jiraKeys: string[]): EngEventOf<'commit.pushed', CommitPushed> {
  const sha = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
  return {
    eventId: `github.commit.pushed:octo/hello:${sha}`,
    type: 'commit.pushed',
    occurredAt: 1_700_000_000_000,
    source: 'github',
    actor: dev,
    repository: 'octo/hello',
    projectKey: null,
    deliveryId: 'd-1',
    payload: { repository: 'octo/hello', ref: 'refs/heads/main', branch: 'main', sha, message, author: dev, committer: dev, timestamp: 1_700_000_000_000, url: `https://github.com/octo/hello/commit/${sha}`, distinct: true, added: 0, removed: 0, modified: 1, jiraKeys },
  };
}

describe('jiraCommandsFor', () => {
  it('turns "PROJ-123 #comment fixed login bug #in-review" into one comment linking the commit and one transition', () => {
    const event = commit('PROJ-123 #comment fixed login bug #in-review', ['PROJ-123']);
    const commands = jiraCommandsFor(event);
    expect(commands).toEqual([
      {
        commandId: `jira.comment.add:PROJ-123:octo/hello:${event.payload.sha}`,
        type: 'jira.comment.add',
        causedBy: event.eventId,
        issueKey: 'PROJ-123',
        action: { body: 'fixed login bug', commit: { repository: 'octo/hello', sha: event.payload.sha, url: event.payload.url } },
      },
      { commandId: `jira.issue.transition:in-review:PROJ-123:octo/hello:${event.payload.sha}`, type: 'jira.issue.transition', causedBy: event.eventId, issueKey: 'PROJ-123', action: { transitionName: 'in-review' } },
    ]);
    const type = loadSchema('JiraCommand');
    for (const command of commands) expect(type.isValid(command)).toBe(true);
  });

  it('comments on every mentioned key, naming the commit when no #comment was written', () => {
    const commands = jiraCommandsFor(commit('Fix PROJ-1 and OPS-2 timeouts\n\nlonger text', ['PROJ-1', 'OPS-2']));
    expect(commands.map((c) => [c.type, c.issueKey, c.type === 'jira.comment.add' ? c.action.body : ''])).toEqual([
      ['jira.comment.add', 'PROJ-1', 'Commit 6113728 in octo/hello (main): Fix PROJ-1 and OPS-2 timeouts'],
      ['jira.comment.add', 'OPS-2', 'Commit 6113728 in octo/hello (main): Fix PROJ-1 and OPS-2 timeouts'],
    ]);
  });

  it('logs #time as a worklog, and derives nothing from a commit without keys', () => {
    const commands = jiraCommandsFor(commit('PROJ-7 #time 1d 2h tuning', ['PROJ-7']));
    expect(commands[1]).toMatchObject({ type: 'jira.worklog.add', action: { timeSpentSeconds: 10 * 3600, comment: 'tuning' } });
    expect(jiraCommandsFor(commit('refactor', []))).toEqual([]);
  });

  it('gives the same command ids for the same commit, whatever event carried it', () => {
    const a = jiraCommandsFor(commit('PROJ-1 #close', ['PROJ-1']));
    const b = jiraCommandsFor({ ...commit('PROJ-1 #close', ['PROJ-1']), eventId: 'another-branch', deliveryId: 'd-2' });
    expect(b.map((c) => c.commandId)).toEqual(a.map((c) => c.commandId));
  });
});

function issueUpdated(to: string, priority: string | null, from = 'In Progress'): EngEventOf<'issue.updated', JiraIssueUpdated> {
  const jiraUser: Identity = { source: 'jira', accountId: '5b10a2844c20165700ede21g', login: null, displayName: 'Ada', email: null };
  return {
    eventId: 'jira.issue.updated:10456:20001',
    type: 'issue.updated',
    occurredAt: 1_700_000_000_000,
    source: 'jira',
    actor: jiraUser,
    repository: null,
    projectKey: 'PROJ',
    deliveryId: 'd-9',
    payload: {
      issue: { issueId: '10456', issueKey: 'PROJ-456', projectKey: 'PROJ', summary: 'Checkout fails for EU cards', issueType: 'Bug', status: to, statusCategory: null, priority, assignee: jiraUser, reporter: null, parentKey: null, sprint: null, storyPoints: null, labels: [], createdAt: 1, updatedAt: 2, url: 'https://acme.atlassian.net/browse/PROJ-456', resolvedAt: null, resolution: null },
      changedFields: ['status'],
      statusChange: { from, to },
      assigneeChange: null,
    },
  };
}

describe('slackNotificationFor', () => {
  const channels = parseChannelMap('PROJ=#proj-eng,OPS=#ops', '#engineering');

  it('notifies the project channel when a High or Highest issue moves to Blocked', () => {
    for (const priority of ['High', 'Highest']) {
      const result = slackNotificationFor(issueUpdated('Blocked', priority), channels);
      expect(result).toMatchObject({ notification: { channel: '#proj-eng', issueKey: 'PROJ-456', projectKey: 'PROJ', causedBy: 'jira.issue.updated:10456:20001' } });
      expect(loadSchema('SlackNotification').isValid((result as { notification: unknown }).notification)).toBe(true);
    }
  });

  it('stays quiet for lower priorities, other statuses and Blocked → Blocked, saying why', () => {
    expect(slackNotificationFor(issueUpdated('Blocked', 'Medium'), channels)).toEqual({ none: 'priority Medium is not High or Highest' });
    expect(slackNotificationFor(issueUpdated('Done', 'Highest'), channels)).toEqual({ none: 'not a move to Blocked' });
    expect(slackNotificationFor(issueUpdated('Blocked', 'High', 'Blocked'), channels)).toEqual({ none: 'not a move to Blocked' });
  });

  it('falls back to the default channel, and says so when there is none', () => {
    const defaultOnly = parseChannelMap('', '#engineering');
    expect(slackNotificationFor(issueUpdated('Blocked', 'High'), defaultOnly)).toMatchObject({ notification: { channel: '#engineering' } });
    expect(slackNotificationFor(issueUpdated('Blocked', 'High'), parseChannelMap(undefined, undefined))).toEqual({ none: 'no Slack channel configured for project PROJ' });
  });

  it("escapes Jira's text for Slack mrkdwn, so a summary cannot ping the channel or break the link", () => {
    const event = issueUpdated('Blocked', 'High', 'In <Review> & QA');
    const withText = { ...event, payload: { ...event.payload, issue: { ...event.payload.issue, summary: 'a < b && <!channel> <https://evil.example|click>' } } };
    const result = slackNotificationFor(withText, channels) as { notification: { text: string } };
    expect(result.notification.text).toBe(
      ':rotating_light: <https://acme.atlassian.net/browse/PROJ-456|PROJ-456> (High) moved from In &lt;Review&gt; &amp; QA to Blocked: a &lt; b &amp;&amp; &lt;!channel&gt; &lt;https://evil.example|click&gt;',
    );
  });

  it('rejects a malformed channel map naming the entry', () => {
    expect(() => parseChannelMap('PROJ=#a,oops', undefined)).toThrow('SLACK_CHANNELS: "oops" must be PROJECTKEY=#channel');
  });
});
