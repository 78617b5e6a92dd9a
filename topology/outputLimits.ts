/**
 * Reads, once at start, how large a record each of normalize's output topics accepts, for
 * `NormalizeOptions.maxMessageBytes`: normalize dead-letters an output over its topic's limit
 * instead of producing it (a produce refused with MESSAGE_TOO_LARGE would be refused at every
 * restart, and stall every source behind it).
 *
 * A topic that does not exist has no limit to read: none is returned then, and the worker's own
 * start check (worker/run.ts) refuses to start, naming the missing topics, right after.
 */
import type { AdminPort } from '../operators/kafka/port.ts';
import { classifyProduceError } from '../operators/kafka/produceErrors.ts';
import type { NormalizeTopics, OutputLimits } from './normalize.ts';

export async function readOutputLimits(admin: AdminPort, topics: Pick<NormalizeTopics, 'events' | 'jiraCommands' | 'slackNotifications'>): Promise<OutputLimits> {
  const wanted = [topics.events, topics.jiraCommands, topics.slackNotifications];
  await admin.connect();
  try {
    const limits = await admin.maxMessageBytes(wanted);
    const of = (topic: string): number => {
      const limit = limits.get(topic);
      if (limit === undefined) throw new Error(`the cluster did not say ${topic}'s max.message.bytes`);
      return limit;
    };
    return { events: of(topics.events), jiraCommands: of(topics.jiraCommands), slackNotifications: of(topics.slackNotifications) };
  } catch (error) {
    if (classifyProduceError(error).type === 'UNKNOWN_TOPIC_OR_PARTITION') return {};
    throw new Error(`cannot read max.message.bytes of ${wanted.join(', ')} from Kafka (KAFKA_BROKERS): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
