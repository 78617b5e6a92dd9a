/**
 * The `actuator` sub-topology (DESIGN.md "Upstream"): `jira-commands` and `slack-notifications`
 * to Jira Cloud and Slack, its own consumer group `switchyard.actuator`.
 *
 *     jira-commands ───────┐                   ┌─ jira ── batch ─ splitByKey ─ guard(actuator:jira) ──┐
 *     slack-notifications ─┴─ decode ─ split ──┼─ slack ─ batch ─ splitByKey ─ guard(actuator:slack) ─┼─ deadLetter
 *                                              └─ undecodable ────────────────────────────────────────┘
 *
 * Each host has its own guard, so its own breaker and retries (with backoff); the per-host rate
 * and 429 Retry-After are the host gate's (http/hostGate.ts), below guard. Permanent failures
 * (a 4xx, Slack ok:false about the request, no such transition) and retriable ones still failing
 * after the last attempt go to the DLQ with the HTTP status and response body in the message.
 * `splitByKey` (runKeyed.ts; a plain RxJS step, so `describe` shows batch → guard) cuts a batch
 * so it holds each issue or channel once: one key's commands go to guard in order, each with
 * its own attempts.
 *
 * Isolation: the guards get no FlowControl, which would pause every partition of the sub-topology
 * — Slack's too when Jira is down. Instead the in-flight bound per partition is the backpressure:
 * while Jira's breaker is open, jira-commands partitions fill their bound and stop fetching, and
 * slack-notifications goes on.
 */
import { concatMap, map, type Observable } from 'rxjs';
import type { Codec } from '../avro/codec.ts';
import type { JiraCommand, SlackNotification } from '../avro/generated/types.ts';
import { batch, branch, deadLetter, guard, mapValues, mapValuesAsync, merge, noFlowControl, split, SwitchyardError, type Failure, type GuardOptions, type SubTopologySpec } from '../operators/index.ts';
import type { Actuator } from './actuate.ts';
import { runKeyed, splitByKey } from './runKeyed.ts';
import { loadActuatorConfig } from './config.ts';

export interface ActuatorTopics {
  readonly jiraCommands: string;
  readonly slackNotifications: string;
  readonly deadLetters: string;
}

export const DEFAULT_ACTUATOR_TOPICS: ActuatorTopics = { jiraCommands: 'jira-commands', slackNotifications: 'slack-notifications', deadLetters: 'switchyard.dlq' };

/** How guard treats each host: from ActuatorConfig (config.ts). */
export interface ActuatorSettings {
  readonly batchMaxRecords: number;
  /** 0: retry until the host takes it. */
  readonly retryMaxAttempts: number;
  readonly retryInitialDelayMs: number;
  readonly breakerErrorPercent: number;
  readonly breakerVolumeThreshold: number;
  readonly breakerResetMs: number;
}

export interface ActuatorSubTopologyOptions {
  readonly actuator: Actuator;
  readonly codec: Codec;
  readonly settings: ActuatorSettings;
  readonly topics?: ActuatorTopics;
  readonly groupId?: string;
  /** Records per partition taken but not finished; default 200. */
  readonly maxInFlightPerPartition?: number;
}

type Decoded = { readonly kind: 'jira'; readonly command: JiraCommand } | { readonly kind: 'slack'; readonly notification: SlackNotification } | { readonly kind: 'failed'; readonly error: unknown };

export function actuatorSubTopology(options: ActuatorSubTopologyOptions): SubTopologySpec {
  const { actuator, codec, settings } = options;
  const topics = options.topics ?? DEFAULT_ACTUATOR_TOPICS;

  const decode = async (bytes: Buffer | null, record: { readonly topic: string }): Promise<Decoded> => {
    try {
      if (bytes === null) throw new SwitchyardError('the record has no value (a tombstone)', 'SWY_EMPTY_RECORD');
      if (record.topic === topics.jiraCommands) return { kind: 'jira', command: (await codec.decode('jira-commands', bytes)).value };
      if (record.topic === topics.slackNotifications) return { kind: 'slack', notification: (await codec.decode('slack-notifications', bytes)).value };
      throw new SwitchyardError(`the actuator reads no topic ${record.topic}`, 'SWY_UNKNOWN_TOPIC');
    } catch (error) {
      // A registry that does not answer is worth waiting for: stop rather than dead-letter.
      if (error instanceof SwitchyardError && error.retriable) throw error;
      return { kind: 'failed', error };
    }
  };

  const guardOptions = (target: 'jira' | 'slack', scheduler: GuardOptions['scheduler']): GuardOptions => ({
    name: `actuator:${target}`,
    flow: noFlowControl,
    ...(scheduler === undefined ? {} : { scheduler }),
    retry: { maxAttempts: settings.retryMaxAttempts === 0 ? Number.POSITIVE_INFINITY : settings.retryMaxAttempts, initialDelayMs: settings.retryInitialDelayMs, maxDelayMs: 60_000 },
    breaker: { errorThresholdPercentage: settings.breakerErrorPercent, volumeThreshold: settings.breakerVolumeThreshold, resetTimeout: settings.breakerResetMs },
    limiter: false,
  });

  return {
    groupId: options.groupId ?? 'switchyard.actuator',
    topics: [topics.jiraCommands, topics.slackNotifications],
    sourceName: 'commands',
    fromBeginning: true,
    maxInFlightPerPartition: options.maxInFlightPerPartition ?? 200,
    pipeline: (records, { producer, scheduler }) => {
      const decoded = records.pipe(mapValuesAsync(decode, { name: 'actuator-decode' }));
      const { failed, jira, slack } = split(decoded, {
        name: 'actuator-target',
        branches: [branch('failed', (d: Decoded) => d.kind === 'failed'), branch('jira', (d: Decoded) => d.kind === 'jira'), branch('slack', (d: Decoded) => d.kind === 'slack')],
      });
      const undecodable = failed.pipe(map((record): Failure<unknown, Decoded> => ({ record, error: (record.value as { error: unknown }).error, stage: 'actuator', attempts: 1, failedAt: scheduler.now() })));
      const jiraFailures = jira.pipe(
        mapValues((d: Decoded) => (d as { command: JiraCommand }).command, { name: 'jira-command' }),
        batch({ name: 'jira-batch', maxRecords: settings.batchMaxRecords, maxWaitMs: 20, scheduler }),
        concatMap((records) => splitByKey(records, (r) => r.value.issueKey)),
        guard((batch) => runKeyed(batch.map((r) => r.value), (c) => actuator.jira(c)), guardOptions('jira', scheduler)),
      );
      const slackFailures = slack.pipe(
        mapValues((d: Decoded) => (d as { notification: SlackNotification }).notification, { name: 'slack-notification' }),
        batch({ name: 'slack-batch', maxRecords: settings.batchMaxRecords, maxWaitMs: 20, scheduler }),
        concatMap((records) => splitByKey(records, (r) => r.value.channel)),
        guard((batch) => runKeyed(batch.map((r) => r.value), (n) => actuator.slack(n)), guardOptions('slack', scheduler)),
      );
      const failures: Observable<Failure<unknown, unknown>> = merge<Failure<unknown, unknown>>([undecodable, jiraFailures, slackFailures], { name: 'actuator-failures' });
      return failures.pipe(deadLetter<unknown, unknown>(producer, { name: 'actuator-dlq', topic: topics.deadLetters, encode: (entry) => codec.encodeSync('switchyard.dlq', entry) }));
    },
  };
}

/**
 * The actuator's sub-topology for `describe`: the same graph, built on an actuator that refuses
 * to act (describing never runs it) and the default settings.
 */
export function describedActuatorSubTopology(codec: Codec): SubTopologySpec {
  const refuse = () => Promise.reject(new Error('the actuator was built to be described, not run'));
  return actuatorSubTopology({ actuator: { jira: refuse, slack: refuse }, codec, settings: loadActuatorConfig({}) });
}
