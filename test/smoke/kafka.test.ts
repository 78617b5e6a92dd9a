import kafkajs from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { uniqueName } from '../support/names.ts';

const { Kafka, logLevel } = kafkajs;

describe('Kafka smoke', () => {
  const kafka = new Kafka({ clientId: 'switchyard-smoke', brokers: [...localStack.kafka.brokers], logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  const topic = uniqueName('smoke');

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('round-trips messages through a fresh topic with kafkajs, in order', async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const sent = ['one', 'two', 'three'];
    await producer.send({ topic, messages: sent.map((value) => ({ key: 'k', value, headers: { origin: 'smoke' } })) });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('smoke-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { value: string; origin: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            received.push({ value: message.value?.toString() ?? '', origin: message.headers?.origin?.toString() ?? '' });
            if (received.length === sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(received).toEqual(sent.map((value) => ({ value, origin: 'smoke' })));
  });
});
