/** Commands and notifications for tests, shaped as topology/derive makes them. */
import type { JiraCommand, SlackNotification } from '../../avro/generated/types.ts';

export const comment = (issueKey: string, n = 0, body = 'fixed login bug'): JiraCommand => ({
  commandId: `jira.comment.add:${issueKey}:acme/app:sha${n}`,
  type: 'jira.comment.add',
  causedBy: `event-${n}`,
  issueKey,
  action: { body, commit: { repository: 'acme/app', sha: `6113728f27ae82c7b1a177c8d03f9e96e0a${String(n).padStart(5, '0')}`, url: `https://github.com/acme/app/commit/${n}` } },
});

export const transition = (issueKey: string, transitionName: string, n = 0): JiraCommand => ({
  commandId: `jira.issue.transition:${transitionName}:${issueKey}:acme/app:sha${n}`,
  type: 'jira.issue.transition',
  causedBy: `event-${n}`,
  issueKey,
  action: { transitionName },
});

export const worklog = (issueKey: string, seconds: number, n = 0): JiraCommand => ({
  commandId: `jira.worklog.add:${issueKey}:acme/app:sha${n}`,
  type: 'jira.worklog.add',
  causedBy: `event-${n}`,
  issueKey,
  action: { timeSpentSeconds: seconds, comment: 'pairing on the login form' },
});

export const notification = (channel: string, n = 0): SlackNotification => ({
  notificationId: `slack.blocked:event-${n}`,
  causedBy: `event-${n}`,
  channel,
  text: `:rotating_light: PROJ-${n} (High) moved from In Progress to Blocked: login fails`,
  projectKey: 'PROJ',
  issueKey: `PROJ-${n}`,
  reason: 'a High or Highest priority issue moved to Blocked',
});
