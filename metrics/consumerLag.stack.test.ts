/** The lag collector against the local stack's Kafka: the figures it reports are the broker's. */
import { describe, expect, it, onTestFinished } from 'vitest';
import { committedOffsets, endOffsets, freshTopic, kafka } from '../test/support/kafka.ts';
import { uniqueName } from '../test/support/names.ts';
import { startLagCollector } from './consumerLag.ts';
import { lagOf } from './testing/lagOf.ts';

describe('consumer lag on the local Kafka', () => {
  it('measures the real lag of a group', async () => {
    const topic = await freshTopic(2, 'lag');
    const groupId = uniqueName('lag-group');
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const perPartition = [7, 5];
    await producer.send({
      topic,
      acks: -1,
      messages: perPartition.flatMap((count, partition) => Array.from({ length: count }, (_, i) => ({ partition, value: `${partition}-${i}` }))),
    });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    onTestFinished(async () => {
      await admin.deleteGroups([groupId]).catch(() => {});
      await admin.disconnect();
    });
    // The group commits 3 on partition 0 and never commits partition 1.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '3' }] });

    const collector = startLagCollector({ admin, groups: [{ groupId, topics: [topic] }], intervalMs: 60_000 });
    onTestFinished(() => collector.stop());
    await collector.collect();

    const ends = await endOffsets(topic);
    const committed = await committedOffsets(groupId, topic);
    expect(committed.get(0)).toBe('3');
    expect(ends.get(0)).toBe(String(perPartition[0]));
    expect(await lagOf(groupId, topic, 0)).toBe(Number(ends.get(0)) - Number(committed.get(0)));
    expect(await lagOf(groupId, topic, 1)).toBe(Number(ends.get(1)));
    expect(await lagOf(groupId, topic, 1)).toBe(perPartition[1]);
  });
});
