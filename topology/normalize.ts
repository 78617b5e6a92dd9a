/**
 * The `normalize` sub-topology: the raw topics → decode → normalize → `eng.events.v1`, plus
 * the derived `jira-commands` and `slack-notifications`, and `switchyard.dlq` for what cannot
 * be read.
 *
 *     raw topics ─ decode+normalize ─┬─ decoded ─ outputs ─ split by topic ─┬─ batch ─ to eng.events.v1
 *                                    │                                      ├─ batch ─ to jira-commands
 *                                    │                                      └─ batch ─ to slack-notifications
 *                                    └─ failed ─ deadLetter (with the JSON path and reason)
 *
 * Reading a webhook is decoding it, normalizing it and deriving its outputs, all in one step of
 * the one decode policy (operators/decode.ts). What fails there is dead-lettered at stage
 * `normalize` and the partition goes on, so one record never stalls a partition forever:
 * - a record that cannot be decoded (its error class, e.g. MalformedBytesError);
 * - a tombstone (SWY_EMPTY_RECORD);
 * - an invalid payload (InvalidPayloadError, with the JSON path into the body as `errorPath`);
 * - a normalizer or a derivation that throws — a bug, dead-lettered with the thrown error's
 *   class and the record's bytes, rather than stopping the sub-topology on it at every restart;
 * - JSON nested deeper than MAX_JSON_DEPTH (JsonTooDeepError, "body nests deeper than 512
 *   levels"), checked by one pass over the text before anything recurses into it;
 * - an output larger than its topic accepts (RecordTooLargeError, with the size and the limit):
 *   `maxMessageBytes`, read from the cluster at start, is checked here, before anything is
 *   produced. Producing it would fail with MESSAGE_TOO_LARGE every time — in exactly-once mode
 *   aborting the whole transaction — and stall every source behind it.
 * What stops the sub-topology instead is a retriable error, such as the schema registry not
 * answering: the record is abandoned and read again after a restart, since waiting loses
 * nothing where dead-lettering would set aside everything that arrives meanwhile.
 *
 * A skipped webhook (an event or action no store uses) has no outputs, so it is finished at
 * once, and counted through the instrumentation's `events_skipped` counter.
 *
 * Every output keeps its raw record's key, so one repository's or project's events stay in
 * order from raw topic to store. Exactly once: with `exactlyOnce`, outputs, dead letters and
 * the consumed offsets commit in one Kafka transaction; a rebalance stops the sub-topology
 * (SWY_REBALANCED) for its supervisor to restart.
 */
import type { Codec } from '../avro/codec.ts';
import type { EngEvent } from '../avro/generated/types.ts';
import type { Topic } from '../avro/schemas.ts';
import { batch, branch, deadLetter, decode, ErrorCodes, flatMapValues, noInstrumentation, split, SwitchyardError, to, type Counter, type StreamRecord, type SubTopologySpec } from '../operators/index.ts';
import { messageBytes } from '../operators/kafka/recordSize.ts';
import { jiraCommandsFor } from './derive/jiraCommands.ts';
import { slackNotificationFor, type ChannelMap } from './derive/slackNotifications.ts';
import { checkJsonDepth } from './jsonDepth.ts';
import type { Normalizer } from './normalizer.ts';
import { normalizerIn, SOURCES } from './sources.ts';

/** The topics it reads and writes: the logical names by default; tests and staging may rename them. */
export interface NormalizeTopics {
  readonly raw: Readonly<Record<string, string>>;
  readonly events: string;
  readonly jiraCommands: string;
  readonly slackNotifications: string;
  readonly deadLetters: string;
}

/** Each source's raw topic under its own name. */
const rawTopicsOf = (sources: readonly Normalizer<string>[]): Readonly<Record<string, string>> => Object.fromEntries(sources.map((s) => [s.topic, s.topic]));

/** The topics of SOURCES; a sub-topology given other `sources` and no `topics` reads theirs instead. */
export const DEFAULT_TOPICS: NormalizeTopics = {
  raw: rawTopicsOf(SOURCES),
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
  /**
   * The sources whose raw topics it reads; default SOURCES (a test adds a throwaway one). Without
   * `topics`, their topics under their own names; with `topics`, each source given here must
   * have its topic as a key of `topics.raw`, else building throws (SWY_TOPOLOGY) rather than
   * never reading it. (With `topics` alone, `topics.raw` may name only some of SOURCES' topics.)
   */
  readonly sources?: readonly Normalizer<string>[];
  /** A derivation produced nothing although it could have (no Slack channel for a project…). */
  readonly onNotDerived?: (reason: string) => void;
  /**
   * Each output topic's `max.message.bytes` (`readOutputLimits` reads them from the cluster at
   * start). An output whose record (key, value, headers and Kafka's overhead) is larger is
   * dead-lettered with its raw webhook instead of produced. An output not given has no check.
   * `deadLetters`: a dead letter larger is written without its raw value (operators/deadLetter.ts).
   */
  readonly maxMessageBytes?: OutputLimits;
}

/** The largest record batch each output topic, and the DLQ, accepts, by its role. */
export type OutputLimits = Partial<Readonly<Record<Output['topic'] | 'deadLetters', number>>>;

/** An output larger than its topic's max.message.bytes: it would be refused every time. */
export class RecordTooLargeError extends SwitchyardError {
  override readonly name: string = 'RecordTooLargeError';
  readonly bytes: number;
  readonly limit: number;
  constructor(what: string, topic: string, bytes: number, limit: number) {
    super(`${what} of ${bytes} bytes is over ${topic}'s max.message.bytes of ${limit}: not produced`, ErrorCodes.recordRefused);
    this.bytes = bytes;
    this.limit = limit;
  }
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

const OUTPUT_NOUN: Readonly<Record<Output['topic'], string>> = { events: 'the normalized event', jiraCommands: 'the Jira command', slackNotifications: 'the Slack notification' };

/** Confluent wire format's first byte; anything else on a raw topic is read as a JSON envelope, or refused. */
const AVRO_MAGIC_BYTE = 0x00;

const OUTPUT_SCHEMAS: Readonly<Record<Output['topic'], Topic>> = { events: 'eng.events.v1', jiraCommands: 'jira-commands', slackNotifications: 'slack-notifications' };

export function normalizeSubTopology(options: NormalizeOptions): SubTopologySpec {
  const sources = options.sources ?? SOURCES;
  const topics = options.topics ?? { ...DEFAULT_TOPICS, raw: rawTopicsOf(sources) };
  // SOURCES may be read in part (topics.raw names those to read); a source given by name may not.
  const unread = (options.sources ?? []).filter((s) => !Object.hasOwn(topics.raw, s.topic));
  if (unread.length > 0) {
    const named = unread.map((s) => `${s.source} (${s.topic})`).join(', ');
    throw new SwitchyardError(`topics.raw has no topic for source ${named}: it would never be read; topics.raw names ${Object.keys(topics.raw).join(', ')}`, ErrorCodes.topology);
  }
  // Looked up once per topic here, not once per record: each physical topic's logical name and its normalizer.
  const readerOf = new Map(Object.entries(topics.raw).flatMap(([logical, physical]) => {
    const normalizer = normalizerIn(sources, logical);
    return normalizer === undefined ? [] : [[physical, { logical: logical as Topic, normalizer }] as const];
  }));
  const { codec } = options;
  const limits = options.maxMessageBytes ?? {};

  /** Every output fits its topic, or the webhook is dead-lettered and none of its outputs produced. */
  const checkSizes = (outputs: readonly Output[], record: StreamRecord<unknown, Buffer | null>): void => {
    for (const output of outputs) {
      const limit = limits[output.topic];
      if (limit === undefined) continue;
      // What `to` sends: the raw record's key and headers with the output's value.
      const bytes = messageBytes({ key: record.raw.key, value: output.bytes, headers: record.headers });
      if (bytes > limit) throw new RecordTooLargeError(OUTPUT_NOUN[output.topic], topics[output.topic], bytes, limit);
    }
  };

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

  /** A raw webhook's outputs; none when it is skipped. Throws for what cannot be read. */
  const normalize =
    (skipped: Counter) =>
    async (bytes: Buffer, record: StreamRecord<unknown, Buffer | null>): Promise<readonly Output[]> => {
      const reader = readerOf.get(record.topic);
      if (reader === undefined) throw new SwitchyardError(`no normalizer reads topic ${record.topic}`, 'SWY_NO_NORMALIZER');
      const { logical, normalizer } = reader;
      // A JSON envelope is parsed and re-serialized by the codec: checked before it recurses.
      if (bytes[0] !== AVRO_MAGIC_BYTE) checkJsonDepth(bytes, 'the raw record (a JSON envelope)');
      const webhook = (await codec.decode(logical, bytes)).value as Parameters<typeof normalizer.normalize>[0];
      if (typeof webhook.body === 'string') checkJsonDepth(webhook.body, 'body');
      const outcome = normalizer.normalize(webhook);
      if (outcome.kind === 'invalid') throw new InvalidPayloadError(outcome.path, outcome.reason);
      if (outcome.kind === 'skipped') {
        skipped.inc({ source: normalizer.source, event: webhook.eventName });
        return [];
      }
      const outputs = outcome.events.flatMap(derive);
      checkSizes(outputs, record);
      return outputs;
    };

  return {
    groupId: options.groupId ?? 'switchyard.normalize',
    topics: Object.values(topics.raw),
    sourceName: 'raw-webhooks',
    fromBeginning: true,
    ...(options.exactlyOnce ? { exactlyOnce: options.exactlyOnce } : {}),
    pipeline: (records, { producer, scheduler, instrumentation = noInstrumentation }) => {
      const { decoded, failed } = decode(records, normalize(instrumentation.counter('events_skipped')), { name: 'decode+normalize', stage: 'normalize', scheduler });
      const deadLetters = failed.pipe(deadLetter(producer, { name: 'dlq', topic: topics.deadLetters, encode: (entry) => codec.encodeSync('switchyard.dlq', entry), ...(limits.deadLetters === undefined ? {} : { maxBytes: limits.deadLetters }) }));
      // A skipped webhook has no outputs: flatMapValues finishes it at once.
      const outputs = decoded.pipe(flatMapValues((o: readonly Output[]) => o, { name: 'outputs' }));
      const byTopic = split(outputs, {
        name: 'by-topic',
        branches: [branch('events', (o: Output) => o.topic === 'events'), branch('jiraCommands', (o: Output) => o.topic === 'jiraCommands'), branch('slackNotifications', (o: Output) => o.topic === 'slackNotifications')],
      });
      const sink = (name: Output['topic']) =>
        byTopic[name].pipe(
          batch({ name: `${name}-batch`, maxRecords: 500, maxWaitMs: 20, scheduler }),
          to(producer, { name: `to-${OUTPUT_SCHEMAS[name]}`, topic: topics[name], value: (o: Output) => o.bytes, ...(limits[name] === undefined ? {} : { maxBytes: limits[name] }) }),
        );
      return [deadLetters, sink('events'), sink('jiraCommands'), sink('slackNotifications')];
    },
  };
}

/** The codec topics this sub-topology encodes to: prepare them before it runs. */
export const NORMALIZE_OUTPUT_TOPICS: readonly Topic[] = ['eng.events.v1', 'jira-commands', 'slack-notifications', 'switchyard.dlq'];
