/**
 * Reads, once at start, how large a record each of normalize's output topics and the DLQ accept,
 * for `NormalizeOptions.maxMessageBytes`: normalize dead-letters an output over its topic's limit
 * instead of producing it (a produce refused with MESSAGE_TOO_LARGE would be refused at every
 * restart, and stall every source behind it), and every sub-topology's deadLetter writes a dead
 * letter over the DLQ's limit without the record's value. The DLQ's is read, not assumed: only
 * `topics create` sets it (config/topics.ts), and a DLQ made otherwise keeps the broker's 1 MiB,
 * less than the dead letter of a webhook near the raw limit.
 *
 * A topic that does not exist has no limit to read: none is returned then, and the worker's own
 * start check (worker/run.ts) refuses to start, naming the missing topics, right after.
 */
import type { AdminPort } from '../operators/kafka/port.ts';
import { classifyProduceError } from '../operators/kafka/produceErrors.ts';
import type { NormalizeTopics, OutputLimits } from './normalize.ts';

export async function readOutputLimits(admin: AdminPort, topics: Pick<NormalizeTopics, 'events' | 'jiraCommands' | 'slackNotifications' | 'deadLetters'>): Promise<OutputLimits> {
  const wanted = [topics.events, topics.jiraCommands, topics.slackNotifications, topics.deadLetters];
  await admin.connect();
  try {
    const limits = await admin.maxMessageBytes(wanted);
    const of = (topic: string): number => {
      const limit = limits.get(topic);
      if (limit === undefined) throw new Error(`the cluster did not say ${topic}'s max.message.bytes`);
      return limit;
    };
    return { events: of(topics.events), jiraCommands: of(topics.jiraCommands), slackNotifications: of(topics.slackNotifications), deadLetters: of(topics.deadLetters) };
  } catch (error) {
    if (classifyProduceError(error).type === 'UNKNOWN_TOPIC_OR_PARTITION') return {};
    throw new Error(`cannot read max.message.bytes of ${wanted.join(', ')} from Kafka (KAFKA_BROKERS): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
