/**
 * Whether the worker has caught up: every consumer group of the run has committed up to the end
 * of what it reads. A transactional topic (eng.events.v1, jira-commands: normalize writes them
 * exactly once) ends each partition with a commit marker that no consumer ever receives, so a
 * group that read everything stays one offset short there; a partition with anything unread is
 * at least two short (the record and its marker). Caught up means: 0 behind on the raw topics,
 * at most 1 behind on the transactional ones, twice in a row a few seconds apart.
 */
import type kafkajs from 'kafkajs';
import type { SwitchyardConfig } from '../config/index.ts';
import { groupLag, topicEndsOnce } from '../metrics/consumerLag.ts';
import { SUB_TOPOLOGIES } from '../worker/selection.ts';

export interface Group {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Its topics are written in transactions (their partitions end with a marker). */
  readonly transactional: boolean;
}

/** The consumer groups of every sub-topology of a configuration, and what each reads. */
export function switchyardGroups(config: Pick<SwitchyardConfig, 'worker' | 'topics'>): Group[] {
  const app = config.worker.applicationId;
  const { raw, events, jiraCommands, slackNotifications } = config.topics.names;
  return SUB_TOPOLOGIES.map((name) => {
    if (name === 'normalize') return { groupId: `${app}.${name}`, topics: Object.values(raw), transactional: false };
    if (name === 'actuator') return { groupId: `${app}.${name}`, topics: [jiraCommands, slackNotifications], transactional: true };
    return { groupId: `${app}.${name}`, topics: [events], transactional: true };
  });
}

/** Records each group still has to read, summed over its partitions (markers discounted). */
export async function behind(admin: kafkajs.Admin, groups: readonly Group[]): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  const endsOf = topicEndsOnce(admin);
  for (const group of groups) {
    const samples = await groupLag(admin, group, endsOf);
    result[group.groupId] = samples.reduce((total, { lag }) => total + (group.transactional ? Math.max(0, lag - 1) : lag), 0);
  }
  return result;
}

export async function waitUntilDrained(admin: kafkajs.Admin, groups: readonly Group[], options: { timeoutMs: number; onProgress: (behind: Record<string, number>) => void }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let quietChecks = 0;
  for (;;) {
    const left = await behind(admin, groups);
    options.onProgress(left);
    quietChecks = Object.values(left).every((n) => n === 0) ? quietChecks + 1 : 0;
    if (quietChecks >= 2) return;
    if (Date.now() > deadline) throw new Error(`not caught up within ${options.timeoutMs / 1000} s: ${JSON.stringify(left)}`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}
