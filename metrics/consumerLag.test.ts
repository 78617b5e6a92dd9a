import { describe, expect, it } from 'vitest';
import { uniqueName } from '../test/support/names.ts';
import { type LagAdmin, consumerGroupsOf, lagCollector, startLagCollector } from './consumerLag.ts';
import { lagOf } from './testing/lagOf.ts';

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
      { group, topic, partition: 0, lag: 3, committed: 7 },
      { group, topic, partition: 1, lag: 5, committed: -1 },
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

  it('hands each collection’s readings of the groups it could read to onCollected', async () => {
    const [a, b, topic] = [uniqueName('a'), uniqueName('b'), uniqueName('t')];
    const { admin, failing } = fakeAdmin({ [topic]: [[0, 10]] }, { [a]: { [topic]: [4] }, [b]: { [topic]: [10] } });
    failing.add(b);
    const seen: unknown[] = [];
    await lagCollector({ admin, groups: [a, b].map((groupId) => ({ groupId, topics: [topic] })), onCollected: (samples) => seen.push(samples) }).collect();
    expect(seen).toEqual([[{ group: a, topic, partition: 0, lag: 6, committed: 4 }]]);
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
});
