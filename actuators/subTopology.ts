/**
 * The `actuator` sub-topology (DESIGN.md "Upstream"): `jira-commands` and `slack-notifications`
 * to Jira Cloud and Slack, its own consumer group `switchyard.actuator`.
 *
 *     jira-commands ───────┐            ┌─ decoded ─ split ─┬─ jira ── batch ─ splitByKey ─ guard(actuator:jira) ──┐
 *     slack-notifications ─┴─ decode ─┤                   └─ slack ─ batch ─ splitByKey ─ guard(actuator:slack) ─┼─ deadLetter
 *                                     └─ failed ─────────────────────────────────────────────────────────────────┘
 *
 * Each host has its own guard, so its own breaker and retries (with backoff); the per-host rate
 * and 429 Retry-After are the host gate's (http/hostGate.ts), below guard. Permanent failures
 * (a 4xx, Slack ok:false about the request, no such transition) and retriable ones still failing
 * after the last attempt go to the DLQ with the HTTP status and response body in the message.
 * `splitByKey` (runKeyed.ts; a plain RxJS step, so `describe` shows batch → guard) cuts a batch
 * so it holds each issue or channel once: one key's commands go to guard in order, each with
 * its own attempts. What cannot be decoded is dead-lettered by the one decode policy
 * (operators/decode.ts). What became of each command (performed, found-done, duplicate, dry-run)
 * is counted through the instrumentation's `actuator_actions` counter.
 *
 * Isolation: the guards get no FlowControl, which would pause every partition of the sub-topology
 * — Slack's too when Jira is down. Instead the in-flight bound per partition is the backpressure:
 * while Jira's breaker is open, jira-commands partitions fill their bound and stop fetching, and
 * slack-notifications goes on.
 */
import { concatMap, type SchedulerLike } from 'rxjs';
import type { Codec } from '../avro/codec.ts';
import type { JiraCommand, SlackNotification } from '../avro/generated/types.ts';
import {
  batch,
  branch,
  deadLetter,
  decode,
  guard,
  guardOptionsFrom,
  mapValues,
  merge,
  noFlowControl,
  noInstrumentation,
  split,
  SwitchyardError,
  type Counter,
  type Failure,
  type GuardOptions,
  type GuardSettings,
  type StreamRecord,
  type SubTopologySpec,
} from '../operators/index.ts';
import type { ActOutcome, Actuator } from './actuate.ts';
import type { Target } from './errors.ts';
import { runKeyed, splitByKey } from './runKeyed.ts';
import { loadActuatorConfig } from './config.ts';

export interface ActuatorTopics {
  readonly jiraCommands: string;
  readonly slackNotifications: string;
  readonly deadLetters: string;
}

export const DEFAULT_ACTUATOR_TOPICS: ActuatorTopics = { jiraCommands: 'jira-commands', slackNotifications: 'slack-notifications', deadLetters: 'switchyard.dlq' };

/**
 * How guard treats each host (described in GuardSettings): from ActuatorConfig (config.ts).
 * Without a rate limit or a retry wait cap: {@link HOST_GUARD} sets both for every host.
 */
export interface ActuatorSettings extends Omit<GuardSettings, 'rateLimitPerSecond' | 'retryMaxDelayMs'> {
  /** Commands taken at once per host (different issues and channels run side by side). */
  readonly batchMaxRecords: number;
}

export interface ActuatorSubTopologyOptions {
  readonly actuator: Actuator;
  readonly codec: Codec;
  readonly settings: ActuatorSettings;
  readonly topics?: ActuatorTopics;
  readonly groupId?: string;
  /** Records per partition taken but not finished; default 200. */
  readonly maxInFlightPerPartition?: number;
  /** The DLQ's max.message.bytes (read at start): a dead letter over it is written without the command's value. */
  readonly deadLetterMaxBytes?: number;
}

type Command = { readonly target: 'jira'; readonly command: JiraCommand } | { readonly target: 'slack'; readonly notification: SlackNotification };
const isJira = (c: Command): c is Extract<Command, { target: 'jira' }> => c.target === 'jira';
const isSlack = (c: Command): c is Extract<Command, { target: 'slack' }> => c.target === 'slack';

/** Jira's and Slack's rate limits are the host gate's (http/hostGate.ts), below guard: no limiter here; a retry waits at most a minute. */
const HOST_GUARD = { rateLimitPerSecond: 0, retryMaxDelayMs: 60_000 } as const;

/** `act`, its outcome counted by target. */
const counted =
  <C>(target: Target, act: (command: C) => Promise<ActOutcome>, actions: Counter) =>
  async (command: C): Promise<ActOutcome> => {
    const outcome = await act(command);
    actions.inc({ target, outcome });
    return outcome;
  };

export function actuatorSubTopology(options: ActuatorSubTopologyOptions): SubTopologySpec {
  const { actuator, codec, settings } = options;
  const topics = options.topics ?? DEFAULT_ACTUATOR_TOPICS;

  const read = async (bytes: Buffer, record: StreamRecord<unknown, Buffer | null>): Promise<Command> => {
    if (record.topic === topics.jiraCommands) return { target: 'jira', command: (await codec.decode('jira-commands', bytes)).value };
    if (record.topic === topics.slackNotifications) return { target: 'slack', notification: (await codec.decode('slack-notifications', bytes)).value };
    throw new SwitchyardError(`the actuator reads no topic ${record.topic}`, 'SWY_UNKNOWN_TOPIC');
  };

  const guardOptions = (target: Target, scheduler: SchedulerLike): GuardOptions => ({
    ...guardOptionsFrom({ ...settings, ...HOST_GUARD }),
    name: `actuator:${target}`,
    flow: noFlowControl,
    scheduler,
  });

  return {
    groupId: options.groupId ?? 'switchyard.actuator',
    topics: [topics.jiraCommands, topics.slackNotifications],
    sourceName: 'commands',
    fromBeginning: true,
    maxInFlightPerPartition: options.maxInFlightPerPartition ?? 200,
    pipeline: (records, { producer, scheduler, instrumentation = noInstrumentation }) => {
      const actions = instrumentation.counter('actuator_actions');
      const actJira = counted('jira', (c: JiraCommand) => actuator.jira(c), actions);
      const actSlack = counted('slack', (n: SlackNotification) => actuator.slack(n), actions);
      const { decoded, failed } = decode(records, read, { name: 'actuator-decode', stage: 'actuator', scheduler });
      const { jira, slack } = split(decoded, { name: 'actuator-target', branches: [branch('jira', isJira), branch('slack', isSlack)] });
      const jiraFailures = jira.pipe(
        mapValues((c) => c.command, { name: 'jira-command' }),
        batch({ name: 'jira-batch', maxRecords: settings.batchMaxRecords, maxWaitMs: 20, scheduler }),
        concatMap((records) => splitByKey(records, (r) => r.value.issueKey)),
        guard((batch) => runKeyed(batch.map((r) => r.value), actJira), guardOptions('jira', scheduler)),
      );
      const slackFailures = slack.pipe(
        mapValues((c) => c.notification, { name: 'slack-notification' }),
        batch({ name: 'slack-batch', maxRecords: settings.batchMaxRecords, maxWaitMs: 20, scheduler }),
        concatMap((records) => splitByKey(records, (r) => r.value.channel)),
        guard((batch) => runKeyed(batch.map((r) => r.value), actSlack), guardOptions('slack', scheduler)),
      );
      return merge<Failure<unknown, unknown>>([failed, jiraFailures, slackFailures], { name: 'actuator-failures' }).pipe(
        deadLetter(producer, { name: 'actuator-dlq', topic: topics.deadLetters, encode: (entry) => codec.encodeSync('switchyard.dlq', entry), ...(options.deadLetterMaxBytes === undefined ? {} : { maxBytes: options.deadLetterMaxBytes }) }),
      );
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
