/**
 * Which Slack channel hears about each Jira project's blocked high-priority issues: the map
 * `normalize` derives `slack-notifications` with (topology/derive/slackNotifications.ts owns
 * its syntax). The actuator's Slack credentials are the actuator's (actuators/config.ts).
 */
import { type ChannelMap, parseChannelMap } from '../topology/derive/slackNotifications.ts';
import { type ConfigSection, valueOf } from './spec.ts';

export const channelConfig: ConfigSection<ChannelMap> = {
  title: 'Slack channels for derived notifications',
  settings: [
    { name: 'SLACK_CHANNELS', description: 'Slack channel per Jira project, comma-separated PROJECTKEY=#channel', example: 'PROJ=#proj-eng,OPS=#ops-alerts' },
    { name: 'SLACK_DEFAULT_CHANNEL', description: 'Channel for projects not in SLACK_CHANNELS (unset: those send nothing, and a metric counts them)', example: '#eng-alerts' },
  ],
  read: (env, problems) => parseChannelMap(valueOf(env, 'SLACK_CHANNELS'), valueOf(env, 'SLACK_DEFAULT_CHANNEL'), (problem) => problems.add('SLACK_CHANNELS', problem, valueOf(env, 'SLACK_CHANNELS'))),
};
