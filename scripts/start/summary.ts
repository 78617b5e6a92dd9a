/**
 * The table `npm start` ends with: per store, where it is and a few headline counts of what it
 * holds (each sink's `summary()`), and what the actuator did with the derived commands.
 */
import { table } from '../../cli/table.ts';
import type { SwitchyardConfig } from '../../config/index.ts';
import { actuatorActions } from '../../metrics/registry.ts';
import { sinksFor } from '../../worker/assemble.ts';
import { SUB_TOPOLOGIES } from '../../worker/selection.ts';

const counts = (rows: Readonly<Record<string, number>>) =>
  Object.entries(rows)
    .map(([what, n]) => `${n.toLocaleString('en-US')} ${what}`)
    .join(', ');

export async function storeSummary(config: SwitchyardConfig): Promise<string> {
  const sinks = sinksFor(config, SUB_TOPOLOGIES);
  try {
    const rows = await Promise.all(
      sinks.map(async (sink) => {
        if (sink.summary === undefined) return [sink.store, '', '(this sink cannot summarize)'];
        try {
          const { rows, where } = await sink.summary();
          return [sink.store, where, counts(rows)];
        } catch (error) {
          return [sink.store, '', `could not ask: ${error instanceof Error ? error.message : String(error)}`];
        }
      }),
    );
    const actions = (await actuatorActions.get()).values.map((v) => ({ what: `${v.labels.target} ${v.labels.outcome}`, n: v.value }));
    const did = actions.length === 0 ? 'nothing yet' : actions.map((a) => `${a.n} ${a.what}`).join(', ');
    // Without a channel, a blocked high-priority issue derives no Slack message at all: say so, or its absence looks like a bug.
    const noChannel = Object.keys(config.channels.byProject).length === 0 && config.channels.defaultChannel === null;
    rows.push(['actuator', 'jira-commands, slack-notifications', noChannel ? `${did}; no Slack message derived: set SLACK_CHANNELS or SLACK_DEFAULT_CHANNEL` : did]);
    return table(['STORE', 'WHERE', 'HOLDS'], rows);
  } finally {
    await Promise.all(sinks.map((sink) => sink.close().catch(() => {})));
  }
}
