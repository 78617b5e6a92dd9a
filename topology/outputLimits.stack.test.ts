/**
 * Oversized events on the real stack: an events topic created with a small max.message.bytes,
 * its limit read from the cluster as the worker reads it, the broker's own refusal of a larger
 * record classified as permanent for that record, and normalize (exactly-once) dead-lettering
 * an event over the limit, with its size and the limit, while the next webhook goes through;
 * with a DLQ too small for that dead letter, it is written without the raw webhook, saying so.
 */
import kafkajs from 'kafkajs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCodec } from '../avro/codec.ts';
import type { EngEvent } from '../avro/generated/types.ts';
import { registerSchemas } from '../avro/registration.ts';
import { ConnectHeaders } from '../operators/deadLetter.ts';
import { kafkajsPort, runTopology, TopologyBuilder } from '../operators/index.ts';
import { classifyProduceError } from '../operators/kafka/produceErrors.ts';
import { freshNormalizeTopics, kafka, readToEnd, waitForCaughtUp } from '../test/support/kafka.ts';
import { uniqueName } from '../test/support/names.ts';
import { schemaRegistry } from '../test/support/registry.ts';
import { fixture, webhook } from '../test/support/webhooks.ts';
import { NORMALIZE_OUTPUT_TOPICS, normalizeSubTopology } from './normalize.ts';
import { readOutputLimits } from './outputLimits.ts';

const LIMIT = 4_000;
/** Less than the dead letter of a webhook whose title alone is over LIMIT. */
const DLQ_LIMIT = 8_000;

/** A topic created with its own max.message.bytes, deleted after the test. */
async function topicWithLimit(limit: number): Promise<string> {
  const topic = uniqueName('small-events');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(limit) }] }] });
  await admin.disconnect();
  onTestFinished(async () => {
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await cleanup.disconnect();
  });
  return topic;
}

const pullRequest = (titleLength: number, number: number) => {
  const body = fixture('github/fixtures/pull_request/opened.payload.json') as { pull_request: Record<string, unknown> };
  return webhook('github', 'pull_request', { ...body, pull_request: { ...body.pull_request, title: 'x'.repeat(titleLength), number } }, `d-${number}`);
};

describe('events larger than their topic takes, on the real stack', () => {
  it('reads each output topic\'s limit, and the broker refuses a larger record as MESSAGE_TOO_LARGE: permanent for that record', { timeout: 60_000 }, async () => {
    const topics = { ...(await freshNormalizeTopics()), events: await topicWithLimit(LIMIT) };
    const limits = await readOutputLimits(kafkajsPort(kafka).admin(), topics);
    expect(limits.events).toBe(LIMIT);
    // Topics without their own value report the broker's message.max.bytes.
    expect(limits.jiraCommands).toBeGreaterThan(LIMIT);
    expect(limits.slackNotifications).toBe(limits.jiraCommands);
    expect(limits.deadLetters).toBe(limits.jiraCommands);
    // A topic not created yet: no limits, and the worker's start check names what is missing.
    expect(await readOutputLimits(kafkajsPort(kafka).admin(), { ...topics, events: uniqueName('never-created') })).toEqual({});

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    const refused = await producer.send({ topic: topics.events, acks: -1, messages: [{ key: 'k', value: Buffer.alloc(LIMIT) }] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(kafkajs.KafkaJSError);
    expect(classifyProduceError(refused)).toEqual({ kind: 'record', type: 'MESSAGE_TOO_LARGE', code: 10 });
  });

  it("normalize dead-letters the oversized event before producing it, without its raw value when that is over the DLQ's limit, and the next webhook goes through (exactly-once)", { timeout: 120_000 }, async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    const codec = createCodec(registry);
    await codec.prepare(NORMALIZE_OUTPUT_TOPICS);
    const topics = { ...(await freshNormalizeTopics()), events: await topicWithLimit(LIMIT), deadLetters: await topicWithLimit(DLQ_LIMIT) };
    const raw = topics.raw['github-events']!;

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic: raw, acks: -1, messages: [{ key: 'Codertocat/Hello-World', value: await codec.encode('github-events', pullRequest(6_000, 1)) }, { key: 'Codertocat/Hello-World', value: await codec.encode('github-events', pullRequest(10, 2)) }] });
    await producer.disconnect();

    const groupId = uniqueName('normalize-limits');
    const port = kafkajsPort(kafka);
    const topology = new TopologyBuilder()
      .subTopology('normalize', normalizeSubTopology({ codec, channels: { byProject: {}, defaultChannel: null }, topics, groupId, exactlyOnce: { transactionalId: uniqueName('limits-tx') }, maxMessageBytes: await readOutputLimits(port.admin(), topics) }))
      .build();
    const errors: unknown[] = [];
    const running = await runTopology(topology, { kafka: port, commitIntervalMs: 200, onError: (_, error) => void errors.push(error) });
    await waitForCaughtUp([{ groupId, topics: Object.values(topics.raw) }]);
    await running.stop({ timeoutMs: 10_000 });

    expect(errors).toEqual([]);
    const events = await Promise.all((await readToEnd(topics.events)).map(async (m) => (await codec.decode('eng.events.v1', m.value!)).value as EngEvent));
    expect(events.map((e) => e.type)).toEqual(['pull_request.opened']);
    const dead = await readToEnd(topics.deadLetters);
    const letters = await Promise.all(dead.map(async (m) => (await codec.decode('switchyard.dlq', m.value!)).value as { errorClass: string; errorMessage: string; offset: number; value: Buffer | null }));
    const left = `\\(the record's value of \\d+ bytes is left out of this dead letter: the dead letter of \\d+ bytes is over ${topics.deadLetters}'s max\\.message\\.bytes of ${DLQ_LIMIT}\\)`;
    expect(letters).toEqual([
      expect.objectContaining({ errorClass: 'RecordTooLargeError', offset: 0, value: null, errorMessage: expect.stringMatching(new RegExp(`^the normalized event of \\d+ bytes is over ${topics.events}'s max\\.message\\.bytes of ${LIMIT}: not produced ${left}$`)) }),
    ]);
    expect(Number(dead[0]?.headers?.[ConnectHeaders.valueOmitted]?.toString())).toBeGreaterThan(DLQ_LIMIT);
    expect(dead[0]?.key?.toString()).toBe('Codertocat/Hello-World');
  });
});
