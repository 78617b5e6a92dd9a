/**
 * A high-priority Jira issue moving to Blocked → `slack-notifications` for its project's
 * channel (the guide's "Jira status change → Slack notification").
 *
 * Which channel: the project's entry in the channel map, else the default channel; with
 * neither, nothing is sent and the caller is told why (a metric counts it).
 */
import type { EngEventOf, JiraIssueUpdated, SlackNotification } from '../../avro/generated/types.ts';

export interface ChannelMap {
  /** Project key → Slack channel (`#proj-eng` or a channel id). */
  readonly byProject: Readonly<Record<string, string>>;
  readonly defaultChannel: string | null;
}

const HIGH_PRIORITIES = new Set(['highest', 'high']);
const BLOCKED = 'blocked';

export type SlackDerivation = { readonly notification: SlackNotification } | { readonly none: string };

export function slackNotificationFor(event: EngEventOf<'jira.issue.updated', JiraIssueUpdated>, channels: ChannelMap): SlackDerivation {
  const { issue, statusChange } = event.payload;
  if (statusChange?.to.toLowerCase() !== BLOCKED || statusChange.from.toLowerCase() === BLOCKED) return { none: 'not a move to Blocked' };
  if (!HIGH_PRIORITIES.has(issue.priority?.toLowerCase() ?? '')) return { none: `priority ${issue.priority ?? 'none'} is not High or Highest` };
  const channel = channels.byProject[issue.projectKey] ?? channels.defaultChannel;
  if (channel === null || channel === undefined) return { none: `no Slack channel configured for project ${issue.projectKey}` };
  const link = issue.url ? ` <${issue.url}|${issue.issueKey}>` : ` ${issue.issueKey}`;
  return {
    notification: {
      notificationId: `slack.blocked:${event.eventId}`,
      causedBy: event.eventId,
      channel,
      text: `:rotating_light:${link} (${issue.priority}) moved from ${statusChange.from} to Blocked: ${issue.summary}`,
      projectKey: issue.projectKey,
      issueKey: issue.issueKey,
      reason: 'a High or Highest priority issue moved to Blocked',
    },
  };
}

/**
 * Reads the channel map from configuration text: `PROJ=#proj-eng,OPS=#ops-alerts`. A bad entry
 * is an error naming it, not a silently missing channel.
 */
export function parseChannelMap(text: string | undefined, defaultChannel: string | undefined, variable = 'SLACK_CHANNELS'): ChannelMap {
  const byProject: Record<string, string> = {};
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([A-Z][A-Z0-9_]+)=(\S+)$/.exec(entry);
    if (!match) throw new Error(`${variable}: "${entry}" must be PROJECTKEY=#channel (e.g. PROJ=#proj-eng)`);
    byProject[match[1]!] = match[2]!;
  }
  return { byProject, defaultChannel: defaultChannel?.trim() || null };
}
