/**
 * The `normalize` sub-topology: the raw topics → decode → normalize → `eng.events.v1`, plus
 * the derived `jira-commands` and `slack-notifications`, and `switchyard.dlq` for what cannot
 * be read.
 *
 *     raw topics ─ decode+normalize ─┬─ outputs ─ split by topic ─┬─ batch ─ to eng.events.v1
 *                                    │                            ├─ batch ─ to jira-commands
 *                                    │                            └─ batch ─ to slack-notifications
 *                                    ├─ failed ─ deadLetter (with the JSON path and reason)
 *                                    └─ skipped: finished at once (and counted)
 *
 * Every output keeps its raw record's key, so one repository's or project's events stay in
 * order from raw topic to store. Exactly once: with `exactlyOnce`, outputs, dead letters and
 * the consumed offsets commit in one Kafka transaction; a rebalance stops the sub-topology
 * (SWY_REBALANCED) for its supervisor to restart. A registry that does not answer stops it
 * too (retriable): nothing past the record is committed, so nothing is lost.
 */
import { map } from 'rxjs';
import type { Codec } from '../avro/codec.ts';
import type { EngEvent } from '../avro/generated/types.ts';
import type { Topic } from '../avro/schemas.ts';
import { batch, branch, deadLetter, flatMapValues, mapValuesAsync, split, SwitchyardError, to, type Failure, type StreamRecord, type SubTopologySpec } from '../operators/index.ts';
import { countSkipped } from '../metrics/registry.ts';
import { jiraCommandsFor } from './derive/jiraCommands.ts';
import { slackNotificationFor, type ChannelMap } from './derive/slackNotifications.ts';
import { normalizerFor, SOURCES } from './sources.ts';

/** The topics it reads and writes: the logical names by default; tests and staging may rename them. */
export interface NormalizeTopics {
  readonly raw: Readonly<Record<string, string>>;
  readonly events: string;
  readonly jiraCommands: string;
  readonly slackNotifications: string;
  readonly deadLetters: string;
}

export const DEFAULT_TOPICS: NormalizeTopics = {
  raw: Object.fromEntries(SOURCES.map((s) => [s.topic, s.topic])),
  events: 'eng.events.v1',
  jiraCommands: 'jira-commands',
  slackNotifications: 'slack-notifications',
  deadLetters: 'switchyard.dlq',
};

export interface NormalizeOptions {
  readonly codec: Codec;
  readonly channels: ChannelMap;
  readonly topics?: NormalizeTopics;
  readonly groupId?: string;
  readonly exactlyOnce?: { readonly transactionalId: string };
  /** An event or action no store uses was skipped; default: counted in switchyard_events_skipped_total. */
  readonly onSkipped?: (skipped: { readonly source: string; readonly event: string; readonly reason: string }) => void;
  /** A derivation produced nothing although it could have (no Slack channel for a project…). */
  readonly onNotDerived?: (reason: string) => void;
}

/** A supported webhook whose payload lacks or mistypes what its normalizer needs. */
export class InvalidPayloadError extends SwitchyardError {
  override readonly name: string = 'InvalidPayloadError';
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`, 'SWY_INVALID_PAYLOAD');
    this.path = path;
  }
}

type Output = { readonly topic: 'events' | 'jiraCommands' | 'slackNotifications'; readonly bytes: Buffer };
type Step = { readonly kind: 'out'; readonly outputs: readonly Output[] } | { readonly kind: 'skip' } | { readonly kind: 'fail'; readonly error: unknown };

const OUTPUT_SCHEMAS: Readonly<Record<Output['topic'], Topic>> = { events: 'eng.events.v1', jiraCommands: 'jira-commands', slackNotifications: 'slack-notifications' };

export function normalizeSubTopology(options: NormalizeOptions): SubTopologySpec {
  const topics = options.topics ?? DEFAULT_TOPICS;
  const logicalOf = new Map(Object.entries(topics.raw).map(([logical, physical]) => [physical, logical]));
  const { codec } = options;
  const onSkipped = options.onSkipped ?? (({ source, event }: { source: string; event: string }) => countSkipped(source, event));

  const derive = (event: EngEvent): Output[] => {
    const outputs: Output[] = [{ topic: 'events', bytes: codec.encodeSync('eng.events.v1', event) }];
    if (event.type === 'commit.pushed') {
      for (const command of jiraCommandsFor(event)) outputs.push({ topic: 'jiraCommands', bytes: codec.encodeSync('jira-commands', command) });
    } else if (event.type === 'issue.updated') {
      const derived = slackNotificationFor(event, options.channels);
      if ('notification' in derived) outputs.push({ topic: 'slackNotifications', bytes: codec.encodeSync('slack-notifications', derived.notification) });
      else if (derived.none.startsWith('no Slack channel')) options.onNotDerived?.(derived.none);
    }
    return outputs;
  };

  const step = async (bytes: Buffer | null, record: StreamRecord<unknown, Buffer | null>): Promise<Step> => {
    const logical = logicalOf.get(record.topic) as Topic | undefined;
    const normalizer = logical === undefined ? undefined : normalizerFor(logical);
    if (logical === undefined || normalizer === undefined) return { kind: 'fail', error: new SwitchyardError(`no normalizer reads topic ${record.topic}`, 'SWY_NO_NORMALIZER') };
    if (bytes === null) return { kind: 'fail', error: new InvalidPayloadError('$', 'the record has no value (a tombstone)') };
    let webhook;
    try {
      webhook = (await codec.decode(logical, bytes)).value as Parameters<typeof normalizer.normalize>[0];
    } catch (error) {
      // A registry that does not answer is worth waiting for: stop rather than dead-letter.
      if (error instanceof SwitchyardError && error.retriable) throw error;
      return { kind: 'fail', error };
    }
    const outcome = normalizer.normalize(webhook);
    if (outcome.kind === 'skipped') {
      onSkipped({ source: normalizer.source, event: webhook.eventName, reason: outcome.reason });
      return { kind: 'skip' };
    }
    if (outcome.kind === 'invalid') return { kind: 'fail', error: new InvalidPayloadError(outcome.path, outcome.reason) };
    try {
      return { kind: 'out', outputs: outcome.events.flatMap(derive) };
    } catch (error) {
      return { kind: 'fail', error };
    }
  };

  return {
    groupId: options.groupId ?? 'switchyard.normalize',
    topics: Object.values(topics.raw),
    sourceName: 'raw-webhooks',
    fromBeginning: true,
    ...(options.exactlyOnce ? { exactlyOnce: options.exactlyOnce } : {}),
    pipeline: (records, { producer, scheduler }) => {
      const steps = records.pipe(mapValuesAsync(step, { name: 'decode+normalize' }));
      // First match; a skipped record matches nothing and is finished at once.
      const { failed, normalized } = split(steps, {
        name: 'outcome',
        branches: [branch('failed', (s: Step) => s.kind === 'fail'), branch('normalized', (s: Step) => s.kind === 'out')],
      });
      const deadLetters = failed.pipe(
        map((record): Failure<unknown, Step> => ({ record, error: (record.value as { error: unknown }).error, stage: 'normalize', attempts: 1, failedAt: scheduler.now() })),
        deadLetter(producer, { name: 'dlq', topic: topics.deadLetters, encode: (entry) => codec.encodeSync('switchyard.dlq', entry) }),
      );
      const outputs = normalized.pipe(flatMapValues((s: Step) => (s.kind === 'out' ? s.outputs : []), { name: 'outputs' }));
      const byTopic = split(outputs, {
        name: 'by-topic',
        branches: [branch('events', (o: Output) => o.topic === 'events'), branch('jiraCommands', (o: Output) => o.topic === 'jiraCommands'), branch('slackNotifications', (o: Output) => o.topic === 'slackNotifications')],
      });
      const sink = (name: Output['topic']) =>
        byTopic[name].pipe(
          batch({ name: `${name}-batch`, maxRecords: 500, maxWaitMs: 20, scheduler }),
          to(producer, { name: `to-${OUTPUT_SCHEMAS[name]}`, topic: topics[name], value: (o: Output) => o.bytes }),
        );
      return [deadLetters, sink('events'), sink('jiraCommands'), sink('slackNotifications')];
    },
  };
}

/** The codec topics this sub-topology encodes to: prepare them before it runs. */
export const NORMALIZE_OUTPUT_TOPICS: readonly Topic[] = ['eng.events.v1', 'jira-commands', 'slack-notifications', 'switchyard.dlq'];
