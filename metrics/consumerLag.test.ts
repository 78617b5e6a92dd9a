import { describe, expect, it, onTestFinished } from 'vitest';
import { committedOffsets, endOffsets, freshTopic, kafka } from '../test/support/kafka.ts';
import { uniqueName } from '../test/support/names.ts';
import { type LagAdmin, consumerGroupsOf, consumerLag, lagCollector, startLagCollector } from './consumerLag.ts';

/** The gauge's value for one series, or undefined when the series is absent. */
async function lagOf(group: string, topic: string, partition: number): Promise<number | undefined> {
  const { values } = await consumerLag.get();
  return values.find((v) => v.labels['group'] === group && v.labels['topic'] === topic && v.labels['partition'] === String(partition))?.value;
}

/** An admin in memory: end offsets per topic, committed offsets per group. */
function fakeAdmin(ends: Record<string, [low: number, high: number][]>, committed: Record<string, Record<string, number[]>>) {
  const calls: string[] = [];
  const failing = new Set<string>();
  const admin: LagAdmin = {
    fetchTopicOffsets: async (topic) => {
      calls.push(`ends ${topic}`);
      return (ends[topic] ?? []).map(([low, high], partition) => ({ partition, low: String(low), high: String(high) }));
    },
    fetchOffsets: async ({ groupId, topics }) => {
      calls.push(`offsets ${groupId}`);
      if (failing.has(groupId)) throw new Error(`group ${groupId} unreachable`);
      return topics.map((topic) => ({ topic, partitions: (committed[groupId]?.[topic] ?? []).map((offset, partition) => ({ partition, offset: String(offset) })) }));
    },
  };
  return { admin, calls, failing };
}

describe('consumer lag', () => {
  it('is the end offset minus the committed one; never committed counts from the oldest retained record', async () => {
    const [group, topic] = [uniqueName('g'), uniqueName('t')];
    const { admin } = fakeAdmin({ [topic]: [[0, 10], [4, 9]] }, { [group]: { [topic]: [7, -1] } });
    const samples = await lagCollector({ admin, groups: [{ groupId: group, topics: [topic] }] }).collect();
    expect(samples).toEqual([
      { group, topic, partition: 0, lag: 3 },
      { group, topic, partition: 1, lag: 5 },
    ]);
    expect(await lagOf(group, topic, 0)).toBe(3);
    expect(await lagOf(group, topic, 1)).toBe(5);
  });

  it('asks once per topic, keeps a failing group’s last figures, and removes groups that went away', async () => {
    const [a, b, topic] = [uniqueName('a'), uniqueName('b'), uniqueName('t')];
    const { admin, calls, failing } = fakeAdmin({ [topic]: [[0, 10]] }, { [a]: { [topic]: [2] }, [b]: { [topic]: [6] } });
    let groups = [a, b].map((groupId) => ({ groupId, topics: [topic] }));
    const errors: string[] = [];
    const collector = lagCollector({ admin, groups: () => groups, onError: (_, groupId) => errors.push(groupId) });
    await collector.collect();
    expect(calls.filter((c) => c.startsWith('ends'))).toHaveLength(1);
    expect([await lagOf(a, topic, 0), await lagOf(b, topic, 0)]).toEqual([8, 4]);

    failing.add(a);
    await collector.collect();
    expect(errors).toEqual([a]);
    expect(await lagOf(a, topic, 0)).toBe(8);

    groups = groups.filter((g) => g.groupId === a);
    failing.delete(a);
    await collector.collect();
    expect(await lagOf(b, topic, 0)).toBeUndefined();
    expect(await lagOf(a, topic, 0)).toBe(8);
  });

  it('rejects a non-positive interval, naming it', () => {
    const { admin } = fakeAdmin({}, {});
    expect(() => startLagCollector({ admin, groups: [], intervalMs: 0 })).toThrow(/intervalMs/);
  });

  it('lists the groups and topics of a topology', () => {
    const topology = { subTopologies: [{ name: 'normalize', spec: { groupId: 'g1', topics: ['raw'] } }, { name: 'sink:x', spec: { groupId: 'g2', topics: ['events'] } }] };
    expect(consumerGroupsOf(topology, ['sink:x'])).toEqual([{ groupId: 'g2', topics: ['events'] }]);
    expect(consumerGroupsOf(topology)).toHaveLength(2);
  });

  it('measures the real lag of a group on the local Kafka', async () => {
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
