/**
 * The topics Switchyard reads and writes, and how `topics create` makes them.
 *
 * SWITCHYARD_TOPIC_PREFIX puts every physical topic name under a prefix (`staging.`), so two
 * deployments (or two test runs) share a cluster without sharing topics. The prefix changes
 * names only: Schema Registry subjects stay those of the logical topics (`eng.events.v1-value`),
 * so a staging deployment reads and writes the same schemas as production.
 */
import { z } from 'zod';
import { DEFAULT_TOPICS, type NormalizeTopics } from '../topology/normalize.ts';
import { type ConfigSection, type Env, type Problems, type Setting, wholeNumber } from './spec.ts';

export interface TopicSettings {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly prefix: string;
  /** The physical names, prefixed, in the shape `normalizeSubTopology` takes. */
  readonly names: NormalizeTopics;
}

export const TOPIC_SETTINGS: readonly Setting[] = [
  { name: 'KAFKA_TOPIC_PARTITIONS', description: 'Partitions of each topic `topics create` makes (existing topics are left as they are)', default: '3' },
  { name: 'KAFKA_TOPIC_REPLICATION_FACTOR', description: 'Replicas of each topic `topics create` makes: 1 for the local stack, 3 for a production cluster', default: '1' },
  { name: 'SWITCHYARD_TOPIC_PREFIX', description: 'Put before every topic name, so deployments can share a cluster (schema subjects keep the logical names)', example: 'staging.' },
];

/** Kafka's own rule: at most 249 of these characters; the longest topic name is added to the prefix. */
const LONGEST_TOPIC = Math.max(...allTopics(DEFAULT_TOPICS).map((t) => t.length));
const prefixSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]*$/, 'must be letters, digits, dots, dashes or underscores (Kafka topic characters)')
  .max(249 - LONGEST_TOPIC, `must be at most ${249 - LONGEST_TOPIC} characters (a topic name is at most 249)`);

export function readTopicSettings(env: Env, problems: Problems): TopicSettings {
  const prefix = problems.read(env, 'SWITCHYARD_TOPIC_PREFIX', prefixSchema, '') ?? '';
  return {
    partitions: problems.read(env, 'KAFKA_TOPIC_PARTITIONS', wholeNumber(1, 10_000), '3') ?? 3,
    replicationFactor: problems.read(env, 'KAFKA_TOPIC_REPLICATION_FACTOR', wholeNumber(1, 16), '1') ?? 1,
    prefix,
    names: prefixed(DEFAULT_TOPICS, prefix),
  };
}

/** The topics' section of the configuration. */
export const topicConfig: ConfigSection<TopicSettings> = { title: 'Topics', settings: TOPIC_SETTINGS, read: readTopicSettings };

export function prefixed(topics: NormalizeTopics, prefix: string): NormalizeTopics {
  return {
    raw: Object.fromEntries(Object.entries(topics.raw).map(([logical, physical]) => [logical, `${prefix}${physical}`])),
    events: `${prefix}${topics.events}`,
    jiraCommands: `${prefix}${topics.jiraCommands}`,
    slackNotifications: `${prefix}${topics.slackNotifications}`,
    deadLetters: `${prefix}${topics.deadLetters}`,
  };
}

/**
 * How large a record each topic takes (its `max.message.bytes`, set by `topics create`), one
 * place for every limit that must agree:
 * - WEBHOOK_MAX_BODY_BYTES: the largest webhook body accepted, 25 MiB: GitHub caps its payloads at
 *   25 MB, and Jira, Notion and Alertmanager send far less. The ingress answers 413 above it.
 * - RAW: a raw webhook record (key, Avro value, headers and Kafka's overhead) at most this large
 *   is accepted by the raw topics, by `replay` (which skips and counts a larger one) and by the
 *   ingress: the largest body and 64 KiB for the envelope (delivery id, kept headers, key).
 *   Whole bodies on Kafka rather than a claim-check (the body in object storage, a pointer on
 *   Kafka): one durable write before the 2xx instead of two, nothing more to run or back up, and
 *   normalize stays a pure read of its topic. Kafka takes records this large when the topic says
 *   so (a topic's max.message.bytes overrides the broker's message.max.bytes, and a fetch returns
 *   a record batch larger than the consumer's fetch sizes, KIP-74). A cluster whose topics take
 *   less (MSK Serverless: 8 MiB at most) is read at start by the ingress, which answers 413 above
 *   what the topic actually takes, and says so when it starts.
 * - OUTPUT: eng.events.v1, jira-commands, slack-notifications, 1 MiB (Kafka's default). An event
 *   carries a few fields of its webhook, never the whole body; normalize reads the actual limits
 *   at start and dead-letters an output over them rather than have the produce refused at every
 *   restart.
 * - DLQ: a dead letter carries its raw record twice (key, value and headers inside the entry,
 *   and the key and headers again as the Kafka record's own) plus the error (message capped at
 *   MAX_ERROR_MESSAGE_CHARS in operators/deadLetter.ts, in the entry and in a header): twice the
 *   raw limit and 64 KiB. Dead letters of sinks carry an event, smaller still. Only a DLQ that
 *   `topics create` made has it: one made otherwise (an existing deployment, auto-creation)
 *   keeps the broker's 1 MiB, less than the dead letter of a webhook near the raw limit. So the
 *   worker reads the DLQ's actual limit at start too (topology/outputLimits.ts), and a dead
 *   letter over it is written without the record's value, saying so (operators/deadLetter.ts).
 */
export const WEBHOOK_MAX_BODY_BYTES = 25 * 1_048_576;
export const RAW_MAX_MESSAGE_BYTES = WEBHOOK_MAX_BODY_BYTES + 65_536;
export const OUTPUT_MAX_MESSAGE_BYTES = 1_048_576;
export const DLQ_MAX_MESSAGE_BYTES = 2 * RAW_MAX_MESSAGE_BYTES + 65_536;

/** Each topic's `max.message.bytes`, as `topics create` sets it. */
export function maxMessageBytesOf(topics: NormalizeTopics): Readonly<Record<string, number>> {
  return {
    ...Object.fromEntries(Object.values(topics.raw).map((t) => [t, RAW_MAX_MESSAGE_BYTES])),
    [topics.events]: OUTPUT_MAX_MESSAGE_BYTES,
    [topics.jiraCommands]: OUTPUT_MAX_MESSAGE_BYTES,
    [topics.slackNotifications]: OUTPUT_MAX_MESSAGE_BYTES,
    [topics.deadLetters]: DLQ_MAX_MESSAGE_BYTES,
  };
}

/** Every topic, raw ones first, in the order `topics create` reports them. */
export function allTopics(topics: NormalizeTopics): string[] {
  return [...Object.values(topics.raw), topics.events, topics.jiraCommands, topics.slackNotifications, topics.deadLetters];
}
