/**
 * A high-priority Jira issue moving to Blocked → `slack-notifications` for its project's
 * channel (the guide's "Jira status change → Slack notification").
 *
 * Which channel: the project's entry in the channel map, else the default channel; with
 * neither, nothing is sent and the caller is told why (a metric counts it).
 *
 * The text is Slack mrkdwn, where `<…>` is a link or a mention and `&` starts an entity: every
 * part taken from Jira (summary, statuses, priority, key, URL) is escaped as Slack documents, so
 * a summary like `a < b && <!channel>` shows as written instead of pinging the channel.
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

export function slackNotificationFor(event: EngEventOf<'issue.updated', JiraIssueUpdated>, channels: ChannelMap): SlackDerivation {
  const { issue, statusChange } = event.payload;
  if (statusChange?.to.toLowerCase() !== BLOCKED || statusChange.from.toLowerCase() === BLOCKED) return { none: 'not a move to Blocked' };
  if (!HIGH_PRIORITIES.has(issue.priority?.toLowerCase() ?? '')) return { none: `priority ${issue.priority ?? 'none'} is not High or Highest` };
  const channel = channels.byProject[issue.projectKey] ?? channels.defaultChannel;
  if (channel === null || channel === undefined) return { none: `no Slack channel configured for project ${issue.projectKey}` };
  const key = escapeMrkdwn(issue.issueKey);
  const link = issue.url ? ` <${escapeMrkdwn(issue.url)}|${key}>` : ` ${key}`;
  return {
    notification: {
      notificationId: `slack.blocked:${event.eventId}`,
      causedBy: event.eventId,
      channel,
      text: `:rotating_light:${link} (${escapeMrkdwn(issue.priority ?? '')}) moved from ${escapeMrkdwn(statusChange.from)} to Blocked: ${escapeMrkdwn(issue.summary)}`,
      projectKey: issue.projectKey,
      issueKey: issue.issueKey,
      reason: 'a High or Highest priority issue moved to Blocked',
    },
  };
}

/** `&`, `<` and `>` as Slack's entities: the only three its mrkdwn asks to escape. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Reads the channel map from configuration text: `PROJ=#proj-eng,OPS=#ops-alerts`. A bad entry
 * is an error naming it, not a silently missing channel: thrown, or handed to `onBad` (the
 * configuration reports it with every other problem) and left out.
 */
export function parseChannelMap(text: string | undefined, defaultChannel: string | undefined, onBad?: (problem: string) => void): ChannelMap {
  const byProject: Record<string, string> = {};
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([A-Z][A-Z0-9_]+)=(\S+)$/.exec(entry);
    if (match) {
      byProject[match[1]!] = match[2]!;
      continue;
    }
    const problem = `"${entry}" must be PROJECTKEY=#channel (e.g. PROJ=#proj-eng)`;
    if (onBad === undefined) throw new Error(`SLACK_CHANNELS: ${problem}`);
    onBad(problem);
  }
  return { byProject, defaultChannel: defaultChannel?.trim() || null };
}
