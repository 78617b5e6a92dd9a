/**
 * Which Slack channel hears about each Jira project's blocked high-priority issues: the map
 * `normalize` derives `slack-notifications` with (topology/derive/slackNotifications.ts owns
 * its syntax). The actuator's Slack credentials are the actuator's (actuators/config.ts).
 */
import { type ChannelMap, parseChannelMap } from '../topology/derive/slackNotifications.ts';
import { problemsFrom } from './errors.ts';
import { type Env, Problems, type Setting, valueOf } from './spec.ts';

export const CHANNEL_SETTINGS: readonly Setting[] = [
  { name: 'SLACK_CHANNELS', description: 'Slack channel per Jira project, comma-separated PROJECTKEY=#channel', example: 'PROJ=#proj-eng,OPS=#ops-alerts' },
  { name: 'SLACK_DEFAULT_CHANNEL', description: 'Channel for projects not in SLACK_CHANNELS (unset: those send nothing, and a metric counts them)', example: '#eng-alerts' },
];

export function readChannelMap(env: Env, problems: Problems): ChannelMap {
  try {
    return parseChannelMap(valueOf(env, 'SLACK_CHANNELS'), valueOf(env, 'SLACK_DEFAULT_CHANNEL'));
  } catch (error) {
    for (const p of problemsFrom(error, ['SLACK_CHANNELS'], 'SLACK_CHANNELS')) problems.add(p.variable, p.message);
    return { byProject: {}, defaultChannel: null };
  }
}
