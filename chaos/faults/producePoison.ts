/**
 * Puts the chosen poison on the raw topics, as a hostile sender would: the webhooks through the
 * wire codec, keyed as their source keys them, and the raw bytes as they are. The dead letters of
 * the raw bytes are known by position only once produced, so those expected letters are made here.
 */
import type kafkajs from 'kafkajs';
import type { Codec } from '../../avro/codec.ts';
import type { RawTopic } from '../../avro/schemas.ts';
import { rawKey, rawTopicOf } from '../../replay/index.ts';
import type { ExpectedLetter, PoisonWebhook, rawPoisons } from './poisons.ts';

export async function producePoison(
  kafka: kafkajs.Kafka,
  codec: Codec,
  rawTopics: Readonly<Record<string, string>>,
  poison: { readonly webhooks: readonly PoisonWebhook[]; readonly raws: ReturnType<typeof rawPoisons> },
): Promise<ExpectedLetter[]> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const { webhook } of poison.webhooks) {
      const topic = rawTopicOf(webhook);
      if (typeof topic !== 'string') throw new Error(topic.reason);
      await producer.send({ topic: rawTopics[topic]!, messages: [{ key: rawKey(webhook), value: await codec.encode(topic, webhook) }] });
    }
    const github = rawTopics['github-events' satisfies RawTopic]!;
    const letters: ExpectedLetter[] = [];
    for (const raw of poison.raws) {
      const [meta] = await producer.send({ topic: github, messages: [{ key: `fault-poison-${raw.poison}`, value: raw.value }] });
      letters.push({ poison: raw.poison, ids: [`${github}/${meta!.partition}@${meta!.baseOffset}`], stage: 'normalize', reason: raw.reason });
    }
    return letters;
  } finally {
    await producer.disconnect();
  }
}
